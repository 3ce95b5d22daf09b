from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        """An invoice posted: the quotations it invoices fully become invoiced in Xero."""
        posted = super()._post(soft)
        orders = posted.invoice_line_ids.sale_line_ids.order_id.filtered("xero_id")
        if orders:
            orders._xero_publish_changed()
        return posted
