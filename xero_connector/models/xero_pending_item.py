from odoo import fields, models


class XeroPendingItem(models.Model):
    """A Xero record that could not be booked in Odoo until a person acts."""

    _name = "xero.pending.item"
    _description = "Xero Pending Item"
    _order = "id desc"

    connection_id = fields.Many2one(
        "xero.connection", required=True, ondelete="cascade", index=True, readonly=True,
    )
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_type = fields.Char("Xero Record Type", required=True, readonly=True)
    xero_id = fields.Char("Xero ID", required=True, readonly=True, index=True)
    name = fields.Char("Record", readonly=True)
    reason = fields.Text(readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved")], default="open", required=True, index=True,
    )
