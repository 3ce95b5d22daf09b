"""XeroConfig: the app's credentials, the hosts to talk to, timeouts and retry limits."""

from dataclasses import dataclass, field

from . import const


def scopes_for(features=(), base=const.DEFAULT_FEATURES):
    """The granular scopes the connector needs for its enabled features, sorted.

    `base` are the features every sync needs (settings, contacts, invoices, payments, all
    read-only: the connector only pulls them); `features` adds the optional ones:
    "journals" (manual journal posting: accounting.manualjournals, read-write),
    "publish_contacts" / "publish_documents" / "publish_payments" (publishing to Xero:
    accounting.contacts / accounting.invoices / accounting.payments, read-write),
    "assets" / "payroll" (assets.read / payroll.settings.read: whether the organisation uses
    fixed assets and Xero Payroll) and "identity" (openid profile email). Settings and
    offline_access (refresh tokens) are always included. Pass base=() to choose every feature explicitly.
    """
    features = set(features or ()) | set(base or ()) | {"settings"}
    unknown = features - set(const.FEATURE_SCOPES) - {"identity"}
    if unknown:
        raise ValueError(f"Unknown Xero feature(s): {', '.join(sorted(unknown))}")
    scopes = {const.SCOPE_OFFLINE}
    if "identity" in features:
        scopes.update(const.IDENTITY_SCOPES)
    for feature in features - {"identity"}:
        scope, write = const.FEATURE_SCOPES[feature]
        scopes.add(scope if write else scope + const.READ)
    return sorted(scopes)


@dataclass
class XeroConfig:
    """Everything the client needs that is not a token.

    The four URLs default to Xero's hosts; a local sandbox serves them all on one URL.
    `timeout` applies to every HTTP call. Retries: at most `max_attempts` tries per call,
    waits growing from `backoff` seconds up to `max_wait`; a 429 whose Retry-After is longer
    than `max_wait` (a used-up daily limit) is not waited for but raised.
    """

    client_id: str
    client_secret: str = field(default="", repr=False)
    redirect_uri: str = ""
    login_url: str = const.LOGIN_URL
    identity_url: str = const.IDENTITY_URL
    api_url: str = const.API_URL
    app_url: str = const.APP_URL
    timeout: float = const.DEFAULT_TIMEOUT
    max_attempts: int = const.DEFAULT_MAX_ATTEMPTS
    max_wait: float = const.DEFAULT_MAX_WAIT
    backoff: float = const.DEFAULT_BACKOFF
    user_agent: str = const.USER_AGENT

    def __post_init__(self):
        for name in ("login_url", "identity_url", "api_url", "app_url"):
            setattr(self, name, (getattr(self, name) or getattr(const, name.upper())).rstrip("/"))
        if self.timeout is None or self.timeout <= 0:
            raise ValueError("XeroConfig.timeout must be a positive number of seconds")
        if self.max_attempts < 1:
            raise ValueError("XeroConfig.max_attempts must be at least 1")

    @property
    def authorize_endpoint(self):
        return self.login_url + const.AUTHORIZE_PATH

    @property
    def token_endpoint(self):
        return self.identity_url + const.TOKEN_PATH

    @property
    def revocation_endpoint(self):
        return self.identity_url + const.REVOCATION_PATH

    @property
    def connections_endpoint(self):
        return self.api_url + const.CONNECTIONS_PATH

    @property
    def accounting_endpoint(self):
        return self.api_url + const.ACCOUNTING_PATH

    @property
    def assets_endpoint(self):
        return self.api_url + const.ASSETS_PATH

    def payroll_endpoint(self, country_code):
        """The payroll API of an organisation's country (Xero's CountryCode), or None when
        Xero Payroll is not offered there."""
        path = const.PAYROLL_PATHS.get((country_code or "").upper())
        return self.api_url + path if path else None

    scopes_for = staticmethod(scopes_for)
