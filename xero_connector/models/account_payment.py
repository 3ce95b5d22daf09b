from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    xero_connection_id = fields.Many2one(
        "xero.connection", "Xero Organisation", readonly=True, copy=False, index="btree_not_null",
    )
    xero_id = fields.Char("Xero PaymentID", readonly=True, copy=False, index="btree_not_null")
    xero_link_ids = fields.One2many(
        "xero.payment.link", "payment_id", "Published to Xero", readonly=True, groups="xero_connector.group_xero_user",
        help="One Xero payment per published document this payment is reconciled with.",
    )

    xero_can_publish = fields.Boolean(
        compute="_compute_xero_can_publish",
        help="Publish to Xero has something to do: a document it pays is in Xero, its organisation "
        "publishes payments, and this payment is not there yet.")

    _sql_constraints = [
        ("xero_payment_uniq", "unique(xero_connection_id, xero_id)",
         "A Xero payment is imported once per organisation."),
    ]

    def _xero_documents(self):
        """The documents in Xero these payments are reconciled with."""
        lines = self.move_id.line_ids.filtered(lambda ln: ln.account_id.account_type in (
            "asset_receivable", "liability_payable"))
        partials = lines.matched_debit_ids | lines.matched_credit_ids
        return (partials.debit_move_id | partials.credit_move_id).move_id.filtered(
            lambda m: m.xero_id and m.xero_connection_id)

    @api.depends("state", "xero_id")
    @api.depends_context("uid")
    def _compute_xero_can_publish(self):
        for pay in self:
            pay.xero_can_publish = bool(pay._xero_to_publish())

    def _xero_to_publish(self):
        """The documents in Xero this payment pays and has not been published on yet, of
        organisations that publish payments."""
        self.ensure_one()
        if self.xero_id or self.state not in ("in_process", "paid"):
            return self.env["account.move"]
        done = self.sudo().xero_link_ids.filtered(lambda link: link.state == "published").move_id
        return (self._xero_documents() - done).filtered(
            lambda m: m.xero_connection_id.sudo()._publishes_payments())

    def action_publish_to_xero(self):
        """'Publish to Xero' on payments: the publishing job of each organisation sends the
        payments of the documents they pay (one Xero payment per document)."""
        docs = self._xero_documents()
        if not docs:
            raise UserError(self.env._(
                "These payments pay no document that is in Xero: publish the invoices or bills first."))
        docs._xero_publish_check_access()
        if not any(pay._xero_to_publish() for pay in self) and all(
                pay.sudo().xero_link_ids.filtered(lambda link: link.state == "published") for pay in self):
            raise UserError(self.env._("These payments are already in Xero: nothing to publish."))
        jobs = self.env["xero.sync.job"]
        for conn in docs.xero_connection_id.sudo():
            if not conn._publishes_payments():
                raise UserError(self.env._(
                    "%s does not publish payments (see Publishing on the connection).", conn.name))
            jobs |= conn._publish_jobs(docs.filtered(lambda m, c=conn: m.xero_connection_id == c))
        return jobs.with_env(self.env)._action_open()

