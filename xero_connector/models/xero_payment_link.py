"""One Odoo payment's part reconciled with one published document = one Xero payment.

A row per (payment, document) while they are reconciled: its publishing state, the Xero
PaymentID once Xero has it (publishing again sends nothing), and the token its Reference
carries in Xero (a lost reply is adopted, not sent twice). Unreconciling or cancelling the
payment records its deletion on the row ("To Delete in Xero", committed with Odoo's change),
sent by the outbox job right after (sync/publish/outbox.py); the row then stays as "Deleted
in Xero", and a new reconciliation makes a new row (or, before the deletion is sent or after
Xero refused it, keeps this one: the payment stays in Xero).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..sync.publish import lookups
from ..xero_client.errors import XeroError
from ..xero_client.utils import parse_xero_datetime

LINK_STATES = [
    ("sending", "Sending"),
    ("published", "Published to Xero"),
    ("error", "Xero Refused"),
    ("deleted", "Deleted in Xero"),
]
DELETE_STATES = [
    ("to_delete", "To Delete in Xero"),
    ("sending", "Deleting in Xero"),
    ("deleted", "Deleted in Xero"),
    ("error", "Xero Refused to Delete"),
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
    # the outbox row of an unreconciled payment (sync/publish/outbox.py)
    delete_state = fields.Selection(DELETE_STATES, "Deleting in Xero", readonly=True, index="btree_not_null",
                                    copy=False)
    delete_error = fields.Text("Not Deleted Because", readonly=True, copy=False)
    delete_sent_at = fields.Datetime(readonly=True, copy=False)

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
    def _queue_deletion(self):
        """Before Odoo unreconciles these published payments: Xero is asked in bulk (one call per
        50 payments, the lock dates once per organisation); what Xero would refuse (a payment
        reconciled with a bank statement line, or dated in a locked period) stops Odoo's change
        with the reason. Otherwise each waits "To Delete in Xero", committed with Odoo's change,
        and the outbox job deletes it in Xero right after (sync/publish/outbox.py)."""
        sending = self.filtered(lambda link: link.state == "sending")
        if sending:
            raise UserError(self.env._(
                "%s is being published to Xero (or its reply was lost): let its publishing job finish (Publish "
                "Now on the organisation), then try again.", sending[0].display_name))
        live = self.filtered(lambda link: link.state == "published" and link.xero_id
                             and link.delete_state in (False, "error"))
        if not live:
            return
        found = live._check_deletable()
        gone = live.filtered(lambda link: found.get(link.xero_id) is None or found[link.xero_id].status == "DELETED")
        gone.write({"state": "deleted", "delete_state": "deleted", "error": False, "delete_error": False})
        waiting = live - gone
        if waiting:
            waiting.write({"delete_state": "to_delete", "delete_error": False})
            waiting._message_log_batch({link.id: self.env._(
                "Unreconciled in Odoo from %s: its payment is deleted in Xero right after.",
                link.move_id.display_name) for link in waiting})
            waiting.connection_id._xero_tell()

    def _check_deletable(self):
        """-> {Xero PaymentID: Xero's copy}; raises UserError naming each payment Xero would
        not let go."""
        found, refusals = {}, []
        for conn in self.connection_id:
            mine = self.filtered(lambda link, c=conn: link.connection_id == c)
            try:
                xero = conn.sudo()._xero()
                org = xero.get_organisation()
                found.update(lookups.fetch_payments(xero, mine.mapped("xero_id")))
            except XeroError as exc:
                raise UserError(self.env._(
                    "The payment %(payment)s is in Xero and Xero could not be asked about it (%(why)s): Odoo "
                    "keeps it reconciled; try again later.", payment=mine[0].display_name, why=exc.message)) from exc
            for link in mine:
                checked = found.get(link.xero_id)
                if checked is None or checked.status == "DELETED":
                    continue
                if (checked.raw or {}).get("IsReconciled"):
                    # Odoo's words, not a quote: what Xero answers when told anyway lands on the
                    # payment as it is ("Xero refused: ...", outbox.py)
                    refusals.append(self.env._(
                        "Xero would not delete the payment %s: it is reconciled with a bank statement line in Xero. "
                        "Unreconcile it there first (Remove & Redo on the bank account's reconciled transactions), "
                        "then try again.", link.display_name))
                    continue
                lock = _lock_date(org)
                if lock and checked.date and checked.date <= lock:
                    refusals.append(self.env._(
                        "The payment %(payment)s is dated on or before Xero's lock date (%(lock)s): Xero no "
                        "longer lets it be deleted, so Odoo keeps it reconciled.", payment=link.display_name,
                        lock=lock))
        if refusals:
            raise UserError("\n".join(refusals))
        return found

    def action_xero_retry_deletion(self):
        """Retry a deletion Xero refused (once what stopped it is undone in Xero)."""
        refused = self.filtered(lambda link: link.delete_state == "error")
        if not refused:
            raise UserError(self.env._("Nothing to retry: Xero refused none of these deletions."))
        jobs = self.env["xero.sync.job"]
        for conn in refused.connection_id:
            mine = refused.filtered(lambda link, c=conn: link.connection_id == c)
            jobs |= conn._xero_tell(retry={"publish_payment_deletions": mine.ids})
        return jobs.with_env(self.env)._action_open()





def _lock_date(org):
    """The later of Xero's period and end-of-year lock dates (a date), or None."""
    days = []
    for key in ("PeriodLockDate", "EndOfYearLockDate"):
        try:
            days.append(parse_xero_datetime(org[key]).date() if org.get(key) else None)
        except ValueError:  # unreadable: Xero itself refuses what is locked
            days.append(None)
    return max(filter(None, days), default=None)
