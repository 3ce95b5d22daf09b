from odoo import fields, models
from odoo.addons.xero_connector.models.xero_order_mixin import ORDER_DIRECTIONS


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    direction_quotes = fields.Selection(
        ORDER_DIRECTIONS, "Quotations", default="none", required=True,
        help="Publish to Xero: quotations sent or confirmed in Odoo are sent to Xero as quotes, accepted "
        "once the sale order is confirmed, invoiced once it is fully invoiced, declined or deleted when it "
        "is cancelled. Follow Xero's status changes too: a quote accepted in Xero confirms the quotation "
        "in Odoo, one declined or deleted there cancels it.",
    )
