"""Reconciling and unreconciling payments with published documents.

A payment reconciled with a published document joins the publishing job when the
organisation publishes as documents are posted. Unreconciling a payment from a document it
was published to Xero for (the Unreconcile button, resetting the payment or the document to
draft, cancelling the payment) asks Xero first (in bulk) whether it would let the payment go:
when it would not (reconciled with a bank statement line in Xero, or locked), Odoo's change is
refused with the reason; otherwise the deletion is recorded on the payment's link, committed
with the unreconciliation, and sent by the outbox job right after (sync/publish/outbox.py).
Reconciled again before that (or after Xero refused), the deletion is withdrawn."""

from odoo import api, models
from odoo.tools import float_compare


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
        partials._xero_withdraw_deletions()
        partials._xero_queue_payments()
        return partials

    def _xero_withdraw_deletions(self):
        """A payment reconciled again with the document it was deleted from in Odoo, for the same
        amount, before Xero was told (or after Xero refused): it stays in Xero as it is."""
        lines = self.debit_move_id | self.credit_move_id
        payments = lines.move_id.origin_payment_id
        if not payments:
            return
        links = self.env["xero.payment.link"].sudo().search([
            ("payment_id", "in", payments.ids), ("move_id", "in", lines.move_id.ids),
            ("delete_state", "in", ("to_delete", "error")),
        ])
        kept = links.browse()
        for link in links:
            doc_lines = link.move_id.line_ids
            partials = (doc_lines.matched_debit_ids | doc_lines.matched_credit_ids).filtered(
                lambda p, m=link.payment_id.move_id: m in (p.debit_move_id.move_id | p.credit_move_id.move_id))
            amount = sum(p.debit_amount_currency if p.debit_move_id.move_id == link.move_id
                         else p.credit_amount_currency for p in partials)
            if not float_compare(amount, link.amount, precision_rounding=link.currency_id.rounding or 0.01):
                kept |= link
        if kept:
            kept.write({"delete_state": False, "delete_error": False})
            kept._message_log_batch({link.id: self.env._(
                "Reconciled again with %s: its payment stays in Xero as it is.", link.move_id.display_name)
                for link in kept})

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
            self._xero_payment_links()._queue_deletion()
        return super().unlink()
