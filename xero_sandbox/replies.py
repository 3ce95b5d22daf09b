"""The Accounting API's reply shapes and request elements, shared by `accounting` and the record
families it dispatches to (`documents`, `items`, `orders`): the envelope every reply travels in,
a write's elements read from its body, one element's reply and the 400 of a failed batch.

It sits below them all (it imports only `books` and `http`), so the dependency runs one way:
accounting -> items/documents/orders -> replies."""

import json
import uuid

from .books import now_xero
from .http import HTTPFailure, bad_request, json_response

NO_ID = "00000000-0000-0000-0000-000000000000"
# where Xero's schema names the per-element error flag HasValidationErrors instead of HasErrors
VALIDATION_FLAG = {"Contacts": "HasValidationErrors", "Payments": "HasValidationErrors"}


def envelope(app, collection, items, extra=None):
    body = {"Id": str(uuid.uuid4()), "Status": "OK", "ProviderName": app.app_name,
            "DateTimeUTC": now_xero(app.store).replace("+0000", ""), collection: items}
    body.update(extra or {})
    return json_response(body)


def read_elements(request, collection):
    try:
        body = json.loads(request.get_data() or b"null")
    except ValueError:
        raise HTTPFailure(bad_request("The request body is not valid JSON.")) from None
    if isinstance(body, dict) and collection in body:
        elements = body[collection]
    elif isinstance(body, dict) and body:
        elements = [body]  # one element sent bare, as Xero's SDKs do for single-object operations
    else:
        raise HTTPFailure(bad_request(f"The request body must be {{\"{collection}\": [ ... ]}}."))
    if not isinstance(elements, list) or not all(isinstance(e, dict) for e in elements):
        raise HTTPFailure(bad_request(f"JSON for post data was invalid, {collection} must be a list of objects."))
    return elements


def summarize(request):
    """Whether a failed element fails the whole batch (a 400, nothing saved): Xero's default,
    summarizeErrors=false asks for one reply per element instead, unless the body lacks what the
    contract requires (see SandboxApp._malformed): no 200 to it would keep the contract."""
    return (request.args.get("summarizeErrors", "true").lower() != "false"
            or bool(request.environ.get("xero_sandbox.missing")))


def missing_errors(request, index):
    """The element's properties Xero's contract requires and the body lacks, as validation
    messages (the sandbox's own rules speak first; these catch what they let through)."""
    return [f"{name} is required." for where, name in request.environ.get("xero_sandbox.missing") or []
            if where in (index, None)]


def element_reply(collection, record, errors):
    """One element of a write reply as Xero shapes it: OK, or ERROR with HasErrors true and the
    messages."""
    out = dict(record, StatusAttributeString="ERROR" if errors else "OK", HasErrors=bool(errors))
    if collection in VALIDATION_FLAG:
        out[VALIDATION_FLAG[collection]] = bool(errors)
    if errors:
        out["ValidationErrors"] = [{"Message": m} for m in errors]
    return out


def validation_failure(collection, results):
    """summarizeErrors=true (the default) and an element failed: 400, nothing saved."""
    return json_response({
        "ErrorNumber": 10, "Type": "ValidationException", "Message": "A validation exception occurred",
        "Elements": [element_reply(collection, r, e) for r, e in results],
    }, 400)
