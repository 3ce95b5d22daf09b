from odoo import fields, models


class XeroAccount(models.Model):
    """A Xero account of one organisation and the Odoo account it maps to."""

    _name = "xero.account"
    _description = "Xero Account Mapping"
    _order = "connection_id, code, name"

    connection_id = fields.Many2one(
        "xero.connection", required=True, ondelete="cascade", index=True, readonly=True,
    )
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_id = fields.Char("Xero AccountID", required=True, readonly=True)
    code = fields.Char(readonly=True)
    name = fields.Char(readonly=True)
    account_id = fields.Many2one(
        "account.account", "Odoo Account",
        domain="[('company_ids', 'in', company_id)]",
    )

    _sql_constraints = [
        ("xero_uniq", "unique(connection_id, xero_id)", "A Xero account is mapped once."),
    ]
