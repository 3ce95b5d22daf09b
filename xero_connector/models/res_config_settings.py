from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    xero_client_id = fields.Char(
        "Xero Client ID", config_parameter="xero_connector.client_id",
    )
