"""What can go wrong talking to Xero, as exceptions the Odoo side can act on.

    XeroError                      base: .status, .message (plain words), .raw
    ├── XeroAuthError              401 / OAuth errors: .reason says which (reconnect or not)
    ├── XeroForbiddenError         403: scope missing, organisation not connected
    ├── XeroNotFoundError          404
    ├── XeroRateLimitError         429: .retry_after seconds, .problem (minute/daily/...)
    ├── XeroValidationError        400: .messages, .elements {index: [messages]}
    └── XeroTransientError         5xx, timeouts, connection errors: try again later
        └── XeroMalformedResponse  a reply that is not the JSON Xero promises

`error_from_response` and `error_from_exception` turn `requests` outcomes into these.
Nothing here ever holds a request header, so no token can leak through an error.
"""

import requests

from . import const
from .utils import parse_retry_after

RAW_LIMIT = 4000  # characters of a non-JSON body kept on the error

# XeroAuthError.reason values
TOKEN_EXPIRED = "token_expired"  # noqa: S105 (a reason code)
TOKEN_INVALID = "token_invalid"  # noqa: S105 (revoked, or not a token Xero knows)
INVALID_GRANT = "invalid_grant"  # refresh token / code used, expired or revoked
INVALID_CLIENT = "invalid_client"  # client id or secret wrong
UNAUTHORIZED = "unauthorized"


class XeroError(Exception):
    """Any failure talking to Xero. `message` is fit to show to a person."""

    def __init__(self, message, status=None, raw=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.raw = raw

    def __str__(self):
        return f"{self.message} (HTTP {self.status})" if self.status else self.message


class XeroAuthError(XeroError):
    """Xero refused the credentials. `reason`: token_expired (refresh and retry),
    token_invalid / invalid_grant (revoked or used: reconnect), invalid_client (app
    credentials wrong), unauthorized (anything else)."""

    def __init__(self, message, status=401, raw=None, reason=UNAUTHORIZED):
        super().__init__(message, status, raw)
        self.reason = reason

    @property
    def needs_reconnect(self):
        """True when only a new consent helps (a refresh will not)."""
        return self.reason != TOKEN_EXPIRED


class XeroForbiddenError(XeroError):
    """403: the grant lacks a scope, or the organisation is not connected to this app."""


class XeroNotFoundError(XeroError):
    """404: no such record or endpoint."""


class XeroRateLimitError(XeroError):
    """429 (or a governor that cannot wait long enough): try again after `retry_after`
    seconds. `problem` is Xero's X-Rate-Limit-Problem: minute, daily, concurrent,
    appminute (or "governor" when our own budget said no)."""

    def __init__(self, message, status=429, raw=None, retry_after=None, problem=None):
        super().__init__(message, status, raw)
        self.retry_after = retry_after
        self.problem = problem


class XeroValidationError(XeroError):
    """400: Xero refused the data. `messages` is every message, flat; `elements` maps the
    index of each refused element of the request to its own messages."""

    def __init__(self, message, status=400, raw=None, messages=None, elements=None):
        super().__init__(message, status, raw)
        self.messages = list(messages or [message])
        self.elements = dict(elements or {})

    def elements_as_results(self, count):
        """One result per element sent, shaped like a save reply: {"ValidationErrors": [...]}.

        With summarizeErrors=true Xero saves nothing when one element fails, so elements
        without errors of their own are reported as not saved too.
        """
        results = []
        for index in range(count):
            own = self.elements.get(index)
            if own:
                results.append({"ValidationErrors": [{"Message": m} for m in own]})
            elif self.elements:
                results.append({"ValidationErrors": [{
                    "Message": "Not saved: Xero refused another element of the same request."}]})
            else:
                results.append({"ValidationErrors": [{"Message": m} for m in self.messages]})
        return results


class XeroTransientError(XeroError):
    """Xero or the network failed (5xx, timeout, connection). A write that failed this
    way may still have been applied: check Xero before sending it again."""


class XeroMalformedResponse(XeroTransientError):
    """Xero replied with something that is not the JSON it promises."""


# ---------------------------------------------------------------------- mapping
def error_from_response(response):
    """A non-2xx `requests.Response` -> the matching XeroError (returned, not raised)."""
    status = response.status_code
    body = _body(response)
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return _oauth_error(status, body)
    detail = _detail(body)
    if status == 401:
        return _auth_error(response, body, detail)
    if status == 403:
        return XeroForbiddenError(
            "Xero refused access to this organisation: the connection lacks a permission "
            f"or the organisation is no longer connected ({detail or 'forbidden'}).",
            status, body,
        )
    if status == 404:
        return XeroNotFoundError("Xero has no such record or endpoint.", status, body)
    if status == 429:
        return _rate_limit_error(response, body)
    if status == 400:
        return _validation_error(body, detail)
    if status >= 500:
        return XeroTransientError(
            "Xero is unavailable right now; try again later.", status, body,
        )
    return XeroError(f"Xero refused the request: {detail or response.reason or status}.",
                     status, body)


def error_from_exception(exc):
    """A `requests` exception -> XeroTransientError (timeouts, connection failures)."""
    if isinstance(exc, XeroError):
        return exc
    if isinstance(exc, requests.Timeout):
        return XeroTransientError("Xero did not answer in time.", raw=type(exc).__name__)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
        return XeroTransientError("The reply from Xero was cut off.", raw=type(exc).__name__)
    if isinstance(exc, requests.ConnectionError):
        return XeroTransientError("Could not reach Xero.", raw=type(exc).__name__)
    return XeroTransientError(f"Request to Xero failed: {type(exc).__name__}.", raw=type(exc).__name__)


def _body(response):
    try:
        return response.json()
    except ValueError:
        return (response.text or "")[:RAW_LIMIT]


def _detail(body):
    if isinstance(body, dict):
        for key in ("Detail", "detail", "Message", "message", "Title", "title"):
            if body.get(key):
                return str(body[key])
        return ""
    return str(body or "").strip()[:300]


def _oauth_error(status, body):
    code = body["error"]
    if code == INVALID_GRANT:
        return XeroAuthError(
            "Xero no longer accepts this authorisation (used, expired or revoked); "
            "reconnect the organisation.", status, body, INVALID_GRANT)
    if code == INVALID_CLIENT:
        return XeroAuthError("Xero rejected the app's client ID or secret.", status, body,
                             INVALID_CLIENT)
    text = body.get("error_description") or code
    if status in (401, 403) or code in ("unauthorized_client", "access_denied"):
        return XeroAuthError(f"Xero refused the authorisation: {text}.", status, body)
    return XeroError(f"Xero refused the authorisation request: {text}.", status, body)


def _auth_error(response, body, detail):
    www = response.headers.get("WWW-Authenticate", "")
    text = f"{detail} {www}".lower()
    if "expired" in text:
        return XeroAuthError("The Xero access token has expired.", 401, body, TOKEN_EXPIRED)
    return XeroAuthError(
        "Xero no longer accepts this connection's access (revoked or invalid); reconnect it.",
        401, body, TOKEN_INVALID,
    )


PROBLEMS = {
    "minute": const.PROBLEM_MINUTE, "day": const.PROBLEM_DAILY, "daily": const.PROBLEM_DAILY,
    "concurrent": const.PROBLEM_CONCURRENT, "appminute": const.PROBLEM_APP_MINUTE,
}


def _rate_limit_error(response, body):
    raw_problem = (response.headers.get(const.HEADER_RATE_PROBLEM) or "").strip()
    problem = PROBLEMS.get(raw_problem.lower().replace(" ", "").replace("_", ""),
                           raw_problem.lower() or None)
    retry_after = parse_retry_after(response.headers.get(const.HEADER_RETRY_AFTER))
    words = {
        const.PROBLEM_DAILY: "daily", const.PROBLEM_MINUTE: "per-minute",
        const.PROBLEM_CONCURRENT: "concurrent-call", const.PROBLEM_APP_MINUTE: "app-wide per-minute",
    }.get(problem, "")
    return XeroRateLimitError(
        f"Xero's {words + ' ' if words else ''}rate limit was reached"
        + (f"; retry after {retry_after:g} seconds." if retry_after is not None else "."),
        429, body, retry_after=retry_after, problem=problem,
    )


def _validation_error(body, detail):
    if not isinstance(body, dict):
        return XeroValidationError(f"Xero refused the request: {detail or 'bad request'}.",
                                   400, body)
    elements = {}
    for index, element in enumerate(body.get("Elements") or []):
        found = element_messages(element)
        if found:
            elements[index] = found
    messages = _unique(m for found in elements.values() for m in found)
    if not messages:
        messages = [detail or "Xero refused the request."]
    return XeroValidationError(
        f"Xero refused the data: {'; '.join(messages)}", 400, body, messages, elements,
    )


def element_messages(element):
    """The ValidationErrors messages of one element of a reply (its lines' too)."""
    found = [e.get("Message") for e in element.get("ValidationErrors") or [] if e.get("Message")]
    for key in ("JournalLines", "LineItems"):
        for line in element.get(key) or []:
            if isinstance(line, dict):
                found += [e.get("Message") for e in line.get("ValidationErrors") or []
                          if e.get("Message")]
    return _unique(found)


def _unique(items):
    return list(dict.fromkeys(items))

