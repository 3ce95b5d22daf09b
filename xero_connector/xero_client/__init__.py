"""A pure-Python Xero client: OAuth2 + PKCE, the Accounting API, errors, rate limits.

Imports nothing from Odoo. The addon imports it as `odoo.addons.xero_connector.xero_client`,
the pytest tests as `xero_client`.

    const      Xero's hosts, paths, scopes, limits
    config     XeroConfig, scopes_for
    state      signed expiring OAuth state, PKCE verifier and challenge
    oauth      XeroOAuth: authorize URL, code exchange, refresh, revoke, connections
    transport  one HTTP exchange: governor, timeout, retries (tenacity), Stats
    client     XeroClient: GET/PUT/POST, paging, manual journals, asset and payroll settings
    products   whether an organisation uses fixed assets and Xero Payroll (one call each)
    governor   the rate-limit governor protocol, MemoryGovernor, NullGovernor
    errors     XeroError and its subclasses, mapping from requests
    utils      Xero dates in and out
"""

from . import const, errors, products, utils
from .client import XeroClient
from .config import XeroConfig, scopes_for
from .errors import (
    XeroAuthError,
    XeroError,
    XeroForbiddenError,
    XeroMalformedResponse,
    XeroNotFoundError,
    XeroRateLimitError,
    XeroTransientError,
    XeroValidationError,
)
from .governor import MemoryGovernor, NullGovernor
from .oauth import XeroOAuth, auth_event_id, jwt_claims
from .state import StateError, code_challenge, new_code_verifier, read_state, sign_state
from .transport import Stats
from .utils import (
    format_if_modified_since,
    format_xero_date,
    parse_xero_date,
    parse_xero_datetime,
)
