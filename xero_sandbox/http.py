"""Small response helpers shared by the sandbox's endpoints."""

import json
import uuid

from werkzeug.wrappers import Response


class HTTPFailure(Exception):
    """Raised by a handler to answer at once with this response."""

    def __init__(self, response):
        super().__init__(response.status)
        self.response = response


def json_response(data, status=200, headers=None):
    body = json.dumps(data, separators=(",", ":"))
    return Response(body, status=status, headers=headers, content_type="application/json; charset=utf-8")


def problem(status, title, detail):
    """Xero's identity/auth error body (RFC 7807 style, as api.xero.com answers 401/403)."""
    return json_response({
        "Type": None, "Title": title, "Status": status, "Detail": detail,
        "Instance": str(uuid.uuid4()), "Extensions": {},
    }, status)


def unauthorized(detail="AuthenticationUnsuccessful"):
    response = problem(401, "Unauthorized", detail)
    response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


def forbidden(detail="AuthorizationUnsuccessful"):
    return problem(403, "Forbidden", detail)


def api_exception(status, error_number, kind, message):
    """The Accounting API's error envelope (ApiException/NotFound/…)."""
    return json_response({"ErrorNumber": error_number, "Type": kind, "Message": message}, status)


def not_found(message="The resource you're looking for cannot be found"):
    return api_exception(404, 404, "NotFoundException", message)


def not_allowed():
    return json_response({"Message": "The requested resource does not support this method"}, 405)


def bad_request(message):
    return api_exception(400, 14, "PostDataInvalidException", message)


def oauth_error(error, status=400, description=None):
    body = {"error": error}
    if description:
        body["error_description"] = description
    return json_response(body, status)
