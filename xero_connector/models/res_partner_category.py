"""Partner tags know the Xero contact groups they are, one per organisation."""

from odoo import fields, models


class ResPartnerCategory(models.Model):
    _inherit = "res.partner.category"

    xero_group_ids = fields.One2many("xero.contact.group", "category_id", "Xero Contact Groups",
                                     groups="xero_connector.group_xero_user")
