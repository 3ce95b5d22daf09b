"""One Odoo payment's part reconciled with one published document = one Xero payment.

A row per (payment, document) while they are reconciled: its publishing state, the Xero
PaymentID once Xero has it (publishing again sends nothing), and the token its Reference
carries in Xero (a lost reply is adopted, not sent twice). Unreconciling or cancelling the
payment deletes it in Xero first (see account_partial_reconcile.py); the row then stays as
"Deleted in Xero", and a new reconciliation makes a new row.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..xero_client.errors import XeroError, XeroValidationError

LINK_STATES = [
    ("sending", "Sending"),
    ("published", "Published to Xero"),
    ("error", "Xero Refused"),
    ("deleted", "Deleted in Xero"),
]


class XeroPaymentLink(models.Model):
    _name = "xero.payment.link"
    _description = "Xero Payment Link"
    _order = "id desc"
    _rec_name = "payment_id"

    connection_id = fields.Many2one("xero.connection", required=True, ondelete="cascade", index=True,
                                    readonly=True)
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    payment_id = fields.Many2one("account.payment", "Odoo Payment", required=True, ondelete="cascade", index=True,
                                 readonly=True)
    move_id = fields.Many2one("account.move", "Document", required=True, ondelete="cascade", index=True,
                              readonly=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    amount = fields.Monetary("Amount Reconciled", readonly=True,
                             help="The part of the payment reconciled with the document, in the document's currency.")
    state = fields.Selection(LINK_STATES, "Publishing to Xero", readonly=True, index=True, copy=False)
    error = fields.Text("Publishing Error", readonly=True, copy=False)
    sent_at = fields.Datetime(readonly=True, copy=False)
    job_id = fields.Many2one("xero.sync.job", "Publishing Job", readonly=True, ondelete="set null")
    xero_id = fields.Char("Xero PaymentID", readonly=True, copy=False, index="btree_not_null")
    published_at = fields.Datetime("Published to Xero On", readonly=True, copy=False)

    @api.depends("payment_id", "move_id")
    def _compute_display_name(self):
        for link in self:
            link.display_name = self.env._("%(payment)s on %(document)s", payment=link.payment_id.display_name,
                                           document=link.move_id.display_name)

    def _token(self):
        """The token the Xero payment's Reference ends with."""
        self.ensure_one()
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        return f"odoo:{uuid}:pay{self.id}"

    # mail-like helpers used by the publishing machinery: notes go on the payment
    def message_post(self, body=None, **kwargs):
        return self.payment_id.message_post(body=body, **kwargs)

    def _message_log_batch(self, bodies):
        payments = {}
        for link in self.browse(list(bodies)):
            payments.setdefault(link.payment_id.id, []).append(bodies[link.id])
        from markupsafe import Markup  # noqa: PLC0415
        self.env["account.payment"].browse(list(payments))._message_log_batch(
            {pid: Markup("<br/>").join(lines) for pid, lines in payments.items()})

    # ------------------------------------------------------------------ deleting in Xero
    def _delete_in_xero(self):
        """Delete these published payments in Xero (Xero marks them DELETED), before Odoo
        unreconciles them; Xero's refusal (a payment reconciled with a bank statement line)
        stops Odoo's change with Xero's words."""
        sending = self.filtered(lambda link: link.state == "sending")
        if sending:
            raise UserError(self.env._(
                "%s is being published to Xero (or its reply was lost): let its publishing job finish (Publish "
                "Now on the organisation), then try again.", sending[0].display_name))
        for link in self.filtered(lambda link: link.state == "published" and link.xero_id):
            conn = link.connection_id.sudo()
            try:
                xero = conn._xero()
                xero.post(f"Payments/{link.xero_id}", {"Status": "DELETED"},
                          idempotency_key=f"delete-{link.xero_id}")
            except XeroValidationError as exc:
                raise UserError(self.env._(
                    "Xero refuses to delete the payment %(payment)s: %(why)s", payment=link.display_name,
                    why="; ".join(exc.messages or []) or exc.message)) from exc
            except XeroError as exc:
                raise UserError(self.env._(
                    "The payment %(payment)s is in Xero and could not be deleted there (%(why)s): Odoo "
                    "keeps it reconciled; try again later.", payment=link.display_name, why=exc.message)) from exc
            link.sudo().write({"state": "deleted", "error": False})
            link.payment_id.message_post(body=self.env._("Deleted in Xero (%s).", link.move_id.display_name))
