import pytest
import requests

from xero_client import errors
from xero_client.errors import (
    XeroAuthError,
    XeroError,
    XeroForbiddenError,
    XeroMalformedResponse,
    XeroNotFoundError,
    XeroRateLimitError,
    XeroTransientError,
    XeroValidationError,
    error_from_exception,
    error_from_response,
)
from xero_client.tests.fakes import Reply


def response(reply):
    resp = requests.Response()
    resp.status_code = reply.status
    resp.headers = requests.structures.CaseInsensitiveDict(reply.headers)
    resp._content = reply.body
    resp.encoding = "utf-8"
    return resp


VALIDATION = {
    "ErrorNumber": 10,
    "Type": "ValidationException",
    "Message": "A validation exception occurred",
    "Elements": [
        {"Narration": "ok one", "ValidationErrors": []},
        {"Narration": "bad", "JournalLines": [
            {"LineAmount": 5, "ValidationErrors": [{"Message": "Account code '999' is not valid."}]}],
         "ValidationErrors": [{"Message": "The total debits must equal total credits."}]},
        {"Narration": "bad too", "ValidationErrors": [
            {"Message": "The total debits must equal total credits."}]},
    ],
}


def test_validation_exception_elements():
    exc = error_from_response(response(Reply(400, VALIDATION)))
    assert isinstance(exc, XeroValidationError) and exc.status == 400
    assert exc.messages == ["The total debits must equal total credits.",
                            "Account code '999' is not valid."]
    assert exc.elements == {
        1: ["The total debits must equal total credits.", "Account code '999' is not valid."],
        2: ["The total debits must equal total credits."],
    }
    assert exc.raw["Type"] == "ValidationException"
    results = exc.elements_as_results(3)
    assert "another element" in results[0]["ValidationErrors"][0]["Message"]
    assert results[2] == {"ValidationErrors": [{"Message": "The total debits must equal total credits."}]}


def test_validation_without_elements():
    body = {"ErrorNumber": 14, "Type": "PostDataInvalidException",
            "Message": "JSON for post data was invalid"}
    exc = error_from_response(response(Reply(400, body)))
    assert isinstance(exc, XeroValidationError)
    assert exc.messages == ["JSON for post data was invalid"] and exc.elements == {}
    assert exc.elements_as_results(2)[1]["ValidationErrors"][0]["Message"] == exc.messages[0]


def test_401_token_expired():
    body = {"Type": None, "Title": "Unauthorized", "Status": 401,
            "Detail": "TokenExpired: token expired at 01/21/2026 10:00:00", "Extensions": {}}
    exc = error_from_response(response(Reply(401, body, headers={
        "WWW-Authenticate": 'Bearer error="invalid_token", error_description="The token expired"'})))
    assert isinstance(exc, XeroAuthError) and exc.reason == errors.TOKEN_EXPIRED
    assert not exc.needs_reconnect and exc.status == 401


def test_401_revoked():
    body = {"Title": "Unauthorized", "Status": 401, "Detail": "AuthenticationUnsuccessful"}
    exc = error_from_response(response(Reply(401, body)))
    assert isinstance(exc, XeroAuthError) and exc.reason == errors.TOKEN_INVALID
    assert exc.needs_reconnect


def test_oauth_invalid_grant_and_client():
    exc = error_from_response(response(Reply(400, {"error": "invalid_grant"})))
    assert isinstance(exc, XeroAuthError) and exc.reason == "invalid_grant" and exc.status == 400
    exc = error_from_response(response(Reply(401, {"error": "invalid_client"})))
    assert isinstance(exc, XeroAuthError) and exc.reason == "invalid_client"
    exc = error_from_response(response(Reply(400, {"error": "unsupported_grant_type"})))
    assert type(exc) is XeroError


def test_403():
    body = {"Type": None, "Title": "Forbidden", "Status": 403, "Detail": "AuthorizationUnsuccessful"}
    exc = error_from_response(response(Reply(403, body)))
    assert isinstance(exc, XeroForbiddenError) and "AuthorizationUnsuccessful" in exc.message


def test_404_plain_text():
    exc = error_from_response(response(Reply(404, text="The resource you're looking for cannot be found")))
    assert isinstance(exc, XeroNotFoundError) and exc.raw.startswith("The resource")


@pytest.mark.parametrize(("header", "problem"), [
    ("minute", "minute"), ("Daily", "daily"), ("day", "daily"),
    ("concurrent", "concurrent"), ("AppMinute", "appminute"), (None, None),
])
def test_429(header, problem):
    headers = {"Retry-After": "42"}
    if header:
        headers["X-Rate-Limit-Problem"] = header
    exc = error_from_response(response(Reply(429, text="", headers=headers)))
    assert isinstance(exc, XeroRateLimitError)
    assert exc.retry_after == 42.0 and exc.problem == problem and exc.status == 429
    assert "42" in exc.message


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_transient(status):
    exc = error_from_response(response(Reply(status, text="<html>oops</html>")))
    assert isinstance(exc, XeroTransientError) and exc.status == status


def test_other_4xx():
    exc = error_from_response(response(Reply(405, {"Message": "Method not allowed"})))
    assert type(exc) is XeroError and "Method not allowed" in str(exc)


def test_exceptions_map_to_transient():
    for raised in (requests.ReadTimeout(), requests.ConnectTimeout(), requests.ConnectionError(),
                   requests.exceptions.ChunkedEncodingError()):
        assert isinstance(error_from_exception(raised), XeroTransientError)
    assert issubclass(XeroMalformedResponse, XeroTransientError)
    governor_error = XeroRateLimitError("used up", retry_after=3, problem="governor")
    assert governor_error.status == 429 and governor_error.retry_after == 3
