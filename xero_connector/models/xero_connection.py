from odoo import api, fields, models

CONNECTION_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("error", "Error"),
    ("disconnected", "Disconnected"),
]


class XeroConnection(models.Model):
    """One Xero organisation (tenant) linked to one Odoo company."""

    _name = "xero.connection"
    _description = "Xero Connection"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"

    name = fields.Char("Organisation", required=True, tracking=True)
    tenant_id = fields.Char("Xero Tenant ID", readonly=True, copy=False, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, tracking=True,
        help="The Odoo company this Xero organisation books into.",
    )
    state = fields.Selection(
        CONNECTION_STATES, default="draft", required=True, readonly=True, tracking=True,
        copy=False,
    )
    country_code = fields.Char("Country", readonly=True)
    base_currency = fields.Char(readonly=True)
    short_code = fields.Char(readonly=True, help="Xero's short code, used in deep links.")
    connected_on = fields.Datetime(readonly=True, copy=False)
    connected_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    last_sync = fields.Datetime("Last Successful Sync", readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False)
    granted_scopes = fields.Char(readonly=True, copy=False)
    sync_interval = fields.Integer(
        "Sync Every (minutes)", default=15,
        help="How often the scheduled sync runs for this organisation (at least 5 minutes).",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("tenant_uniq", "unique(tenant_id)", "This Xero organisation is already connected."),
        ("interval_min", "CHECK(sync_interval >= 5)", "The sync interval is at least 5 minutes."),
    ]

    @api.depends("name", "country_code")
    def _compute_display_name(self):
        for conn in self:
            conn.display_name = (
                f"{conn.name} ({conn.country_code})" if conn.country_code else conn.name
            )
