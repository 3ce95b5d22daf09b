"""The link between an Odoo product and a Xero item of one organisation.

A product may be an item of several organisations (products are often shared between
companies): one link per (organisation, product). The link keeps what belongs to Xero alone:
whether Xero tracks the item as inventory and, then, its inventory asset and cost of goods sold
accounts, sent back unchanged when the product is published. Quantities on hand are Xero's:
it computes them from the invoices and bills that name the item, and Odoo never sends them.
"""

from odoo import api, fields, models

PUBLISH_STATES = [
    ("to_send", "To Send"),
    ("sending", "Sending"),
    ("published", "In Xero"),
    ("error", "Refused by Xero"),
]


class XeroProductBinding(models.Model):
    _name = "xero.product.binding"
    _inherit = "xero.binding.mixin"
    _description = "Xero Item Link"
    _order = "connection_id, code"
    _rec_name = "code"

    xero_id = fields.Char(required=False)  # empty until the product is first published
    product_id = fields.Many2one("product.product", "Odoo Product", required=True, ondelete="cascade", index=True)
    code = fields.Char("Item Code", readonly=True)
    name = fields.Char("Item Name", readonly=True)
    tracked = fields.Boolean(
        "Tracked Inventory in Xero", readonly=True,
        help="Xero tracks this item's stock. Its inventory asset account is Xero's and is sent back "
        "unchanged; quantities on hand are not sent from Odoo: Xero computes them from invoices and bills.")
    inventory_account_code = fields.Char("Inventory Asset Account", readonly=True)
    cogs_account_code = fields.Char("Cost of Goods Sold Account", readonly=True)
    publish_state = fields.Selection(PUBLISH_STATES, "Publishing", default="published", readonly=True)
    publish_error = fields.Text("Why Xero Refused It", readonly=True)
    publish_sent_at = fields.Datetime("Sent At", readonly=True)
    publish_job_id = fields.Many2one("xero.sync.job", "Sent By", readonly=True, ondelete="set null")

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero item is linked once."),
        ("product_uniq", "unique(connection_id, product_id)", "A product is one item of an organisation."),
    ]

    @api.model
    def _item_codes(self, connection, products):
        """{product id: item code} of these products that are items of the organisation (in Xero
        already): what document and order lines send as ItemCode (publish_mappers.line_item_code)."""
        links = self.sudo().search([("connection_id", "=", connection.id), ("xero_id", "!=", False),
                                    ("product_id", "in", products.ids)])
        return {link.product_id.id: link.code for link in links if link.code}
