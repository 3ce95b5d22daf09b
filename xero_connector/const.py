"""Constants of the Odoo side of the connector (the client has its own in xero_client/const.py)."""

# System parameters (ir.config_parameter); the secret is only ever written, never shown back.
PARAM_CLIENT_ID = "xero_connector.client_id"
PARAM_CLIENT_SECRET = "xero_connector.client_secret"  # noqa: S105 (a parameter name, not a secret)
PARAM_SERVICE_URL = "xero_connector.service_url"
PARAM_WEBHOOK_KEY = "xero_connector.webhook_key"
# when Xero last delivered a signed webhook (any organisation, the intent-to-receive check too)
PARAM_WEBHOOK_SEEN = "xero_connector.webhook_last_delivery"
# Xero Practice Manager: where a client code opens (the client's page is {url}/Client/{code}/Detail).
PARAM_XPM_URL = "xero_connector.xpm_url"
# Customer name mapping: unmatched Xero contacts wait for a customer instead of being created.
PARAM_CUSTOMER_NAMES = "xero_connector.customer_name_mapping"
XPM_URL = "https://practicemanager.xero.com"
# Payroll and fixed assets status: consents ask for their read-only scopes, and Xero is asked
# whether each organisation uses them.
PARAM_CHECK_PAYROLL_ASSETS = "xero_connector.check_payroll_assets"
PARAM_MINUTE_LIMIT = "xero_connector.minute_limit"
PARAM_DAY_LIMIT = "xero_connector.day_limit"
PARAM_TIER = "xero_connector.tier"
PARAM_CONCURRENT_LIMIT = "xero_connector.concurrent_limit"
# How long finished sync jobs are kept: runs that found nothing new briefly, the others longer.
PARAM_IDLE_JOB_HOURS = "xero_connector.idle_job_hours"
PARAM_JOB_RETENTION_DAYS = "xero_connector.job_retention_days"
IDLE_JOB_HOURS, JOB_RETENTION_DAYS = 24, 90
# How many scheduled actions run due organisations ("Xero: run due organisations"): each is one
# cron thread at a time, on whichever Odoo process polls first (docs/scale.md).
PARAM_RUNNERS = "xero_connector.runners"
RUNNERS = 4

# Server configuration key (odoo.conf) holding the Fernet key that encrypts tokens at rest.
CONFIG_TOKEN_KEY = "xero_token_key"  # noqa: S105

CALLBACK_PATH = "/xero/oauth/callback"
SECRET_MASK = "********"  # noqa: S105

# A token is refreshed when it has less than this many seconds to live.
TOKEN_REFRESH_MARGIN = 120
# Consent must come back within this time, or the flow is refused.
OAUTH_FLOW_TTL = 15 * 60
# Xero's refresh tokens die after 60 days unused; refresh well before.
REFRESH_TOKEN_MAX_AGE_DAYS = 30

# Quiet must be nearly free (Xero's 2026 Starter tier: 1,000 calls a day per organisation).
LISTS_EVERY_HOURS = 24  # accounts, tax rates, tracking, items, contact groups: once a day, or Refresh Lists
WEBHOOKS_FRESH_DAYS = 7  # a signed delivery this recent: Xero's webhooks reach this Odoo
# nothing changed: each quiet scheduled run doubles the wait, up to this many minutes
QUIET_MAX_MINUTES = 60
QUIET_MAX_MINUTES_WEBHOOKS = 120  # contacts and invoices come by webhook: only the rest is polled

# Xero's app tiers since March 2026: calls a day per organisation (the minute limits, 60 per
# organisation and 10,000 across the app, are every tier's); "custom" keeps the figures as set
TIER_DAY_LIMITS = {"starter": 1000, "core": 5000, "plus": 5000, "advanced": 5000}
