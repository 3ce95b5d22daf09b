"""The product form shows the Xero items a product is, and says what is not sent to Xero."""

from odoo import fields, models

from .product_product import mark_changed


class ProductTemplate(models.Model):
    _inherit = "product.template"

    xero_item_ids = fields.One2many(
        "xero.product.binding", compute="_compute_xero_item_ids", string="Xero Items",
        groups="xero_connector.group_xero_user",
        help="The Xero organisations that have this product as an item. Prices, descriptions, "
        "accounts and taxes are kept in step; quantities on hand are not sent to Xero: Xero computes "
        "them from the invoices and bills that name the item.")

    def _compute_xero_item_ids(self):
        for template in self:
            template.xero_item_ids = template.with_context(active_test=False).product_variant_ids.xero_item_ids

    def write(self, vals):
        res = super().write(vals)
        mark_changed(self.with_context(active_test=False).product_variant_ids, vals)
        return res
