from odoo import api, fields, models

from ..const import (
    IDLE_JOB_HOURS,
    JOB_RETENTION_DAYS,
    PARAM_CHECK_PAYROLL_ASSETS,
    PARAM_CLIENT_ID,
    PARAM_CLIENT_SECRET,
    PARAM_CUSTOMER_NAMES,
    PARAM_DAY_LIMIT,
    PARAM_IDLE_JOB_HOURS,
    PARAM_JOB_RETENTION_DAYS,
    PARAM_RUNNERS,
    PARAM_SERVICE_URL,
    PARAM_TIER,
    PARAM_WEBHOOK_KEY,
    PARAM_XPM_URL,
    RUNNERS,
    SECRET_MASK,
    TIER_DAY_LIMITS,
)

WRITE_ONLY = {"xero_client_secret": PARAM_CLIENT_SECRET, "xero_webhook_key": PARAM_WEBHOOK_KEY}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    xero_client_id = fields.Char("Xero Client ID", config_parameter=PARAM_CLIENT_ID)
    # Write-only: the form is told whether a secret is set (a badge and a placeholder), never
    # the secret itself, nor a mask standing for it.
    xero_client_secret = fields.Char(
        "Client Secret", compute="_compute_write_only", inverse="_inverse_write_only",
        groups="xero_connector.group_xero_manager",
    )
    xero_webhook_key = fields.Char(
        "Webhook Signing Key", compute="_compute_write_only", inverse="_inverse_write_only",
        groups="xero_connector.group_xero_manager",
        help="The signing key Xero shows for your app's webhook; deliveries signed with "
        "another key are refused.",
    )
    xero_client_secret_set = fields.Boolean(
        "Client Secret Set", compute="_compute_write_only_set", groups="xero_connector.group_xero_manager")
    xero_webhook_key_set = fields.Boolean(
        "Webhook Key Set", compute="_compute_write_only_set", groups="xero_connector.group_xero_manager")
    xero_service_url = fields.Char(
        "Xero Service URL", config_parameter=PARAM_SERVICE_URL,
        help="Leave empty to talk to Xero. Set the URL of a local Xero sandbox to try the "
        "connector without a Xero subscription (login, identity and API on one URL).",
    )
    xero_xpm_url = fields.Char(
        "Xero Practice Manager URL", config_parameter=PARAM_XPM_URL,
        help="Where a client's Practice Manager code opens: {this URL}/Client/{code}/Detail. "
        "Empty for Xero Practice Manager itself.",
    )
    xero_customer_name_mapping = fields.Boolean(
        "Customer name mapping", config_parameter=PARAM_CUSTOMER_NAMES,
        help="A Xero contact that matches no Odoo customer is not created: it waits until its "
        "name is mapped to an existing customer in Xero > Mappings > Customer Names.",
    )
    xero_check_payroll_assets = fields.Boolean(
        "Check payroll and fixed assets", config_parameter=PARAM_CHECK_PAYROLL_ASSETS,
        help="Each organisation shows whether it uses Xero Payroll and fixed assets. Connecting "
        "or reconnecting then also asks Xero for read-only access to payroll settings and fixed "
        "assets; Xero is asked at each connect and at most once a day.",
    )
    xero_idle_job_hours = fields.Integer(
        "Keep runs that found nothing new (hours)", config_parameter=PARAM_IDLE_JOB_HOURS, default=IDLE_JOB_HOURS)
    xero_job_retention_days = fields.Integer(
        "Keep other finished runs (days)", config_parameter=PARAM_JOB_RETENTION_DAYS, default=JOB_RETENTION_DAYS)
    xero_tier = fields.Selection(
        [("starter", "Starter (1,000 calls a day per organisation)"), ("core", "Core"), ("plus", "Plus"),
         ("advanced", "Advanced"), ("custom", "Custom figures")],
        "Xero App Tier", config_parameter=PARAM_TIER, default="core",
        help="Your Xero app's pricing tier: it sets how many calls a day each organisation may use. The "
        "schedule plans each organisation's day within it and waits, rather than fails, when it is used up.")
    xero_day_limit = fields.Integer(
        "Calls a day per organisation", config_parameter=PARAM_DAY_LIMIT, default=5000,
        help="Xero's daily limit for each organisation under your app's tier.")
    xero_runners = fields.Integer(
        "Organisations served at once", config_parameter=PARAM_RUNNERS, default=RUNNERS,
        help="How many scheduled actions serve due organisations, each in one cron thread of whichever "
        "Odoo server is free: at most the cron threads of all your servers (docs/scale.md).")
    xero_redirect_uri = fields.Char("Redirect URI", compute="_compute_xero_redirect_uri")
    xero_webhook_url = fields.Char("Webhook URL", compute="_compute_xero_redirect_uri")

    # Depends on company_id, which the settings form sets when it opens: a compute without
    # dependencies is never run for the form's new record (the fields then looked empty).
    @api.depends("company_id")
    def _compute_write_only(self):
        for field in WRITE_ONLY:
            self[field] = False  # never sent to the browser, not even masked

    @api.depends("company_id")
    def _compute_write_only_set(self):
        icp = self.env["ir.config_parameter"].sudo()
        for field, param in WRITE_ONLY.items():
            self[f"{field}_set"] = bool(icp.get_param(param))

    def _inverse_write_only(self):
        icp = self.env["ir.config_parameter"].sudo()
        for settings in self:
            for field, param in WRITE_ONLY.items():
                value = settings[field]
                if value and value.strip() and value != SECRET_MASK:
                    icp.set_param(param, value.strip())

    def set_values(self):
        for settings in self:  # a tier's own figure, whatever the form held
            if settings.xero_tier in TIER_DAY_LIMITS:
                settings.xero_day_limit = TIER_DAY_LIMITS[settings.xero_tier]
        before = self.env["xero.connection"]._payroll_assets_check_on()
        res = super().set_values()
        self.env["xero.sync.job"]._ensure_runners()
        if self.env["xero.connection"]._payroll_assets_check_on() != before:
            self.env["xero.connection"]._payroll_assets_check_changed()
        return res

    @api.depends("company_id")
    def _compute_xero_redirect_uri(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for settings in self:
            settings.xero_redirect_uri = base.rstrip("/") + "/xero/oauth/callback"
            settings.xero_webhook_url = base.rstrip("/") + "/xero/webhooks"

    @api.onchange("xero_tier")
    def _onchange_xero_tier(self):
        if self.xero_tier in TIER_DAY_LIMITS:
            self.xero_day_limit = TIER_DAY_LIMITS[self.xero_tier]
