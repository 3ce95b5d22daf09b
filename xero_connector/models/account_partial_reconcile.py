"""Unreconciling a payment from a document it was published to Xero for (the Unreconcile
button, resetting the payment or the document to draft, cancelling the payment) deletes that
Xero payment first; when Xero refuses (it is reconciled with a bank statement line in Xero),
Odoo's change is refused with Xero's words."""

from odoo import models


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

    def unlink(self):
        if not self.env.context.get("xero_keep_payments"):
            self._xero_payment_links()._delete_in_xero()
        return super().unlink()
