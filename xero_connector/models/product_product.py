"""Products know the Xero items they are, one per organisation; a change to what an item holds
marks the product to be sent again to the organisations that publish products."""

from odoo import fields, models

# what a Xero item holds of a product (template or variant fields)
ITEM_FIELDS = frozenset({
    "name", "default_code", "description_sale", "description_purchase", "sale_ok", "purchase_ok", "list_price",
    "lst_price", "standard_price", "taxes_id", "supplier_taxes_id", "property_account_income_id",
    "property_account_expense_id", "categ_id",
})


def mark_changed(products, vals):
    """Links of these products to organisations that publish products: to send again (unless the
    change comes from Xero itself)."""
    if products.env.context.get("xero_pulling") or not ITEM_FIELDS & set(vals):
        return
    links = products.sudo().with_context(active_test=False).xero_item_ids.filtered(
        lambda b: b.publish_state == "published" and b.connection_id._publishes_products())
    if links:
        links.write({"publish_state": "to_send"})


class ProductProduct(models.Model):
    _inherit = "product.product"

    xero_item_ids = fields.One2many("xero.product.binding", "product_id", "Xero Items",
                                    groups="xero_connector.group_xero_user")

    def write(self, vals):
        res = super().write(vals)
        mark_changed(self, vals)
        return res
