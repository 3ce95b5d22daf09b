"""The link between a Xero contact group of one organisation and an Odoo partner tag.

Members follow the group: partners linked to the group's contacts carry the tag (pulled), and
partners that carry the tag are the group's members in Xero (published).
"""

from odoo import fields, models


class XeroContactGroup(models.Model):
    _name = "xero.contact.group"
    _inherit = "xero.binding.mixin"
    _description = "Xero Contact Group Link"
    _order = "connection_id, name"

    xero_id = fields.Char(required=False)  # empty until the tag is first published
    name = fields.Char(readonly=True)
    status = fields.Selection([("ACTIVE", "Active"), ("DELETED", "Deleted")], default="ACTIVE", readonly=True)
    category_id = fields.Many2one("res.partner.category", "Odoo Tag", required=True, ondelete="cascade",
                                  index=True)

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero contact group is linked once."),
        ("tag_uniq", "unique(connection_id, category_id)", "A tag is one contact group of an organisation."),
    ]
