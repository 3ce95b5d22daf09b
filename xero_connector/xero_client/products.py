"""Does the organisation use fixed assets and Xero Payroll? One cheap call each, or none.

    status, reason = assets_status(client, granted_scopes)
    status, reason = payroll_status(client, country_code, granted_scopes)

status: CONNECTED (Xero answered the settings), NOT_CONNECTED (Xero refused them: the
organisation does not use the product) or UNAVAILABLE (nothing asked: the grant lacks the
read-only scope, or the country has no Xero Payroll). reason says which, for the screens:
IN_USE, NOT_USED, NO_SCOPE, NO_PAYROLL_COUNTRY. Any other failure (rate limit, Xero down,
token) is raised as the client raises it: the caller keeps what it knew.
"""

from . import const
from .errors import XeroForbiddenError, XeroNotFoundError

CONNECTED, NOT_CONNECTED, UNAVAILABLE = "connected", "not_connected", "unavailable"
IN_USE, NOT_USED, NO_SCOPE, NO_PAYROLL_COUNTRY = "in_use", "not_used", "no_scope", "no_payroll_country"


def has_scope(granted, scope):
    """True when the grant (scopes, a list or a space-separated string) reads `scope`."""
    if isinstance(granted, str):
        granted = granted.split()
    return bool({scope, scope + const.READ} & set(granted or ()))


def has_payroll(country_code):
    return (country_code or "").upper() in const.PAYROLL_PATHS


def _probe(call):
    try:
        call()
    except (XeroForbiddenError, XeroNotFoundError):
        return NOT_CONNECTED, NOT_USED
    return CONNECTED, IN_USE


def assets_status(client, granted):
    if not has_scope(granted, const.SCOPE_ASSETS):
        return UNAVAILABLE, NO_SCOPE
    return _probe(client.get_asset_settings)


def payroll_status(client, country_code, granted):
    if not has_payroll(country_code):
        return UNAVAILABLE, NO_PAYROLL_COUNTRY
    if not has_scope(granted, const.SCOPE_PAYROLL_SETTINGS):
        return UNAVAILABLE, NO_SCOPE
    return _probe(lambda: client.get_payroll_settings(country_code))
