from odoo import fields, models
from odoo.addons.xero_connector.models.xero_order_mixin import ORDER_DIRECTIONS


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    direction_purchase_orders = fields.Selection(
        ORDER_DIRECTIONS, "Purchase Orders", default="none", required=True,
        help="Publish to Xero: purchase orders confirmed in Odoo are sent to Xero as approved purchase "
        "orders, marked billed once fully billed and deleted when cancelled. Follow Xero's status "
        "changes too: a purchase order deleted in Xero is cancelled in Odoo (unless it is billed).",
    )
