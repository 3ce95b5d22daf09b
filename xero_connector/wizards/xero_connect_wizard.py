from odoo import fields, models


class XeroConnectWizard(models.TransientModel):
    """Where the organisations ticked on Xero's consent page will book."""

    _name = "xero.connect.wizard"
    _description = "Connect Xero Organisations"

    company_mode = fields.Selection(
        [
            ("current", "Book into the current company"),
            ("create", "Create one Odoo company per organisation"),
        ],
        string="Companies", default="current", required=True,
        help="An accounting firm usually keeps each client organisation in its own company.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, readonly=True)

    def action_connect(self):
        self.ensure_one()
        return self.env["xero.connection"].action_connect(company_mode=self.company_mode)
