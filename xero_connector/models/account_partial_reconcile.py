"""Reconciling and unreconciling payments with published documents.

A payment reconciled with a published document joins the publishing job when the
organisation publishes as documents are posted. Unreconciling a payment from a document it
was published to Xero for (the Unreconcile button, resetting the payment or the document to
draft, cancelling the payment) deletes that Xero payment first; when Xero refuses (it is
reconciled with a bank statement line in Xero), Odoo's change is refused with Xero's words."""

from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def _xero_payment_links(self):
        """The published Xero payments these partials carry: (payment, document) pairs."""
        lines = self.debit_move_id | self.credit_move_id
        payments = lines.move_id.origin_payment_id
        if not payments:
            return self.env["xero.payment.link"]
        links = self.env["xero.payment.link"].sudo().search([
            ("payment_id", "in", payments.ids), ("move_id", "in", lines.move_id.ids),
            ("state", "in", ("published", "sending")),
        ])
        pairs = {frozenset((p.debit_move_id.move_id.id, p.credit_move_id.move_id.id)) for p in self}
        return links.filtered(lambda link: frozenset((link.payment_id.move_id.id, link.move_id.id)) in pairs)

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._xero_queue_payments()
        return partials

    def _xero_queue_payments(self):
        """Organisations publishing "when posted": the documents a payment made in Odoo was just
        reconciled with join the publishing job (which sends their payments)."""
        lines = self.debit_move_id | self.credit_move_id
        payments = lines.move_id.origin_payment_id.filtered(lambda p: not p.xero_id)
        docs = lines.move_id.filtered(lambda m: m.xero_id and m.xero_connection_id)
        if not payments or not docs:
            return
        for conn in docs.xero_connection_id.sudo():
            if conn.state == "active" and conn.publish_when == "post" and conn._publishes_payments():
                conn._publish_jobs(docs.filtered(lambda m, c=conn: m.xero_connection_id == c), trigger="schedule")

    def unlink(self):
        if not self.env.context.get("xero_keep_payments"):
            self._xero_payment_links()._delete_in_xero()
        return super().unlink()
