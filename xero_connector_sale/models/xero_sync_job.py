from odoo import fields, models


class XeroSyncJob(models.Model):
    _inherit = "xero.sync.job"

    kind = fields.Selection(
        selection_add=[("quotes", "Quotations to Xero")],
        ondelete={"quotes": "cascade"},
    )
    sale_order_ids = fields.Many2many("sale.order", string="Quotations to Publish", readonly=True)
