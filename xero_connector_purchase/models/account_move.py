from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        """A bill posted: the purchase orders it bills fully become billed in Xero."""
        posted = super()._post(soft)
        orders = posted.invoice_line_ids.purchase_line_id.order_id.filtered("xero_id")
        if orders:
            orders._xero_publish_changed()
        return posted
