"""Xero's fixed facts: hosts, paths, scopes, limits. Nothing here is configuration."""

# Hosts. The local sandbox serves all four on one base URL (see XeroConfig).
LOGIN_URL = "https://login.xero.com"
IDENTITY_URL = "https://identity.xero.com"
API_URL = "https://api.xero.com"
APP_URL = "https://go.xero.com"

# Paths on those hosts.
AUTHORIZE_PATH = "/identity/connect/authorize"  # login
TOKEN_PATH = "/connect/token"  # noqa: S105 (a path) identity
REVOCATION_PATH = "/connect/revocation"  # identity
CONNECTIONS_PATH = "/connections"  # api
ACCOUNTING_PATH = "/api.xro/2.0"  # api
ASSETS_PATH = "/assets.xro/1.0"  # api: fixed assets
# api: each country's payroll API (Xero's CountryCode -> base path); no other country has Xero Payroll
PAYROLL_PATHS = {"AU": "/payroll.xro/1.0", "NZ": "/payroll.xro/2.0", "GB": "/payroll.xro/2.0"}

# Scopes (granular scopes, Xero 2026). `.read` variants are read-only.
SCOPE_OFFLINE = "offline_access"
IDENTITY_SCOPES = ("openid", "profile", "email")
SCOPE_SETTINGS = "accounting.settings"
SCOPE_CONTACTS = "accounting.contacts"
SCOPE_INVOICES = "accounting.invoices"
SCOPE_PAYMENTS = "accounting.payments"
SCOPE_MANUAL_JOURNALS = "accounting.manualjournals"
SCOPE_ATTACHMENTS = "accounting.attachments"
SCOPE_ASSETS = "assets"
SCOPE_PAYROLL_SETTINGS = "payroll.settings"
SCOPE_TRIAL_BALANCE = "accounting.reports.trialbalance"  # apps from March 2026; older: accounting.reports
SCOPE_BANK_SUMMARY = "accounting.reports.banksummary"  # apps from March 2026; older: accounting.reports
SCOPE_BANK_TRANSACTIONS = "accounting.banktransactions"
READ = ".read"

# Connector feature -> (scope, needs write access). Settings (organisation, accounts,
# tax rates, tracking, currencies) are always needed to map anything.
FEATURE_SCOPES = {
    "settings": (SCOPE_SETTINGS, False),
    "contacts": (SCOPE_CONTACTS, False),
    "invoices": (SCOPE_INVOICES, False),
    "payments": (SCOPE_PAYMENTS, False),
    "journals": (SCOPE_MANUAL_JOURNALS, True),
    "manual_journals": (SCOPE_MANUAL_JOURNALS, False),  # pulling Xero's posted manual journals into Odoo
    "publish_contacts": (SCOPE_CONTACTS, True),
    "publish_documents": (SCOPE_INVOICES, True),
    "publish_attachments": (SCOPE_ATTACHMENTS, True),
    "publish_payments": (SCOPE_PAYMENTS, True),
    "publish_items": (SCOPE_SETTINGS, True),  # Xero's items are settings: writing them needs the scope
    # optional, read-only: whether the organisation uses fixed assets and Xero Payroll
    "assets": (SCOPE_ASSETS, False),
    "payroll": (SCOPE_PAYROLL_SETTINGS, False),
    "reports_trialbalance": (SCOPE_TRIAL_BALANCE, False),  # the books check's trial balance
    "reports_banksummary": (SCOPE_BANK_SUMMARY, False),  # client health: the bank balances
    "banktransactions": (SCOPE_BANK_TRANSACTIONS, False),  # client health: bank lines to reconcile (counted)
}
# Collection -> the key of its records' Xero ID
ID_KEYS = {"Invoices": "InvoiceID", "CreditNotes": "CreditNoteID", "Contacts": "ContactID",
           "ManualJournals": "ManualJournalID", "Payments": "PaymentID", "Items": "ItemID",
           "ContactGroups": "ContactGroupID", "PurchaseOrders": "PurchaseOrderID", "Quotes": "QuoteID"}
DEFAULT_FEATURES = frozenset({"settings", "contacts", "invoices", "payments"})

# Per-tenant API limits (and the app-wide minute limit across all tenants).
CONCURRENT_LIMIT = 5
MINUTE_LIMIT = 60
DAY_LIMIT = 5000
APP_MINUTE_LIMIT = 10000

# Rate-limit headers Xero sends on every response, and on a 429.
HEADER_MIN_REMAINING = "X-MinLimit-Remaining"
HEADER_DAY_REMAINING = "X-DayLimit-Remaining"
HEADER_APP_MIN_REMAINING = "X-AppMinLimit-Remaining"
HEADER_RATE_PROBLEM = "X-Rate-Limit-Problem"
HEADER_RETRY_AFTER = "Retry-After"
HEADER_TENANT = "Xero-tenant-id"

# X-Rate-Limit-Problem values (lower-cased), as the client reports them.
PROBLEM_MINUTE = "minute"
PROBLEM_DAILY = "daily"
PROBLEM_CONCURRENT = "concurrent"
PROBLEM_APP_MINUTE = "appminute"

# Paging: these collections take `page` and `pageSize` (at most 1000; 100 by default).
MAX_PAGE_SIZE = 1000
PAGED_COLLECTIONS = frozenset({
    "BankTransactions", "Contacts", "CreditNotes", "Invoices", "ManualJournals",
    "Overpayments", "Payments", "Prepayments", "PurchaseOrders",
})
# Un-paged collections return everything in one response.
UNPAGED_COLLECTIONS = frozenset({"Accounts", "TaxRates", "TrackingCategories", "Currencies"})

# Token lifetimes: access tokens live 30 minutes; unused refresh tokens 60 days.
ACCESS_TOKEN_LIFETIME = 30 * 60
REFRESH_TOKEN_LIFETIME_DAYS = 60

# Client defaults.
DEFAULT_TIMEOUT = 30.0  # seconds, on every HTTP call
DEFAULT_MAX_ATTEMPTS = 4
DEFAULT_MAX_WAIT = 60.0  # longest single wait between attempts (and longest Retry-After honoured)
DEFAULT_BACKOFF = 1.0  # first exponential backoff step, seconds
USER_AGENT = "odoo-xero-connector"
