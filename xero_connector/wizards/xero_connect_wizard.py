from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import PARAM_TIER


class XeroConnectWizard(models.TransientModel):
    """Where the organisations ticked on Xero's consent page will book: asked, not assumed
    (for a firm, booking a client into the current company is the risky choice)."""

    _name = "xero.connect.wizard"
    _description = "Connect Xero Organisations"

    company_mode = fields.Selection(
        [
            ("current", "Book into the current company"),
            ("create", "Create one Odoo company per organisation"),
        ],
        string="Book Into",
        help="An accounting firm usually keeps each client organisation in its own company.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, readonly=True)
    connected_html = fields.Html("Already Connected", compute="_compute_connected_html", sanitize=False)
    one_per_consent = fields.Boolean(compute="_compute_one_per_consent")

    @api.depends("company_mode")
    def _compute_one_per_consent(self):
        """Since March 2026 only Xero's Advanced tier lets one consent bring several organisations."""
        tier = self.env["ir.config_parameter"].sudo().get_param(PARAM_TIER, "core")
        for wizard in self:
            wizard.one_per_consent = tier not in ("advanced", "custom")

    @api.depends("company_mode")
    def _compute_connected_html(self):
        conns = self.env["xero.connection"].search([("state", "!=", "disconnected")])
        text = ", ".join(f"{c.name} ({c.company_id.name})" for c in conns)
        for wizard in self:
            wizard.connected_html = text or False

    def action_connect(self):
        self.ensure_one()
        if not self.company_mode:
            raise UserError(self.env._("Choose where the organisations you tick will book first."))
        return self.env["xero.connection"].action_connect(company_mode=self.company_mode)
