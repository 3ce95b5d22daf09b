from odoo import fields, models


class XeroSyncJob(models.Model):
    _inherit = "xero.sync.job"

    kind = fields.Selection(
        selection_add=[("purchase_orders", "Purchase orders to Xero")],
        ondelete={"purchase_orders": "cascade"},
    )
    purchase_order_ids = fields.Many2many("purchase.order", string="Purchase Orders to Publish", readonly=True)
