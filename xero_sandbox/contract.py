"""Xero's published OpenAPI contracts (contracts/xero-openapi), as a checker of exchanges.

`Contract.load().check(method, path, query, request headers, request body, status, response
headers, response body)` returns readable problems ([] when valid), checked with openapi-core:
- /api.xro/2.0/…  against xero_accounting.yaml,
- /connections…   against xero-identity.yaml's /Connections… (Xero's host accepts lower case),
- /connect/token  successful replies against the identity contract's AccessToken schema (the
  file has no path for it; error replies such as {"error": "invalid_grant"} are not covered);
- /assets.xro/1.0/…   against xero_assets.yaml (fixed assets),
- /payroll.xro/1.0/…  against xero-payroll-au.yaml (Australia's payroll API),
- /payroll.xro/2.0/…  against xero-payroll-nz.yaml or xero-payroll-uk.yaml: both files have the
  same base path and paths, so `check(..., payroll_region="NZ"|"UK")` names the one the
  organisation uses (the sandbox passes the organisation's country; UK when not given);
anything else (the consent page /identity/connect/authorize, /__sandbox__/…) is not covered
and returns [].
A request the sandbox accepted (status < 400) must be one Xero's contract allows: method and
path, parameters (unknown query parameters included, which openapi-core itself ignores) and
body. A request it refused is the client's fault, not a finding. The response must have a
status, content type and body the operation declares; error statuses the files do not describe
for an operation (auth, limits, faults: GENERIC_STATUSES) are the sandbox tests' own business.
`check_webhook(payload)` validates a delivery body against WebhookEvent of xero-webhooks.yaml.

Known quirks of the published files (see their README):
- string booleans ('false') in `default`/`example` are turned into real booleans after loading,
  or openapi-core refuses the accounting file;
- Xero accepts read-only properties in request bodies (its SDKs send them): `readOnly` is not
  enforced on requests (openapi-core's write validator would reject them);
- xero_assets.yaml's Setting `requires` a property `name` it does not declare and its own
  example does not have (nor does Xero's reply): the requirement is dropped after loading;
- security (OAuth2) is not checked; formats (uuid, date-time) are, with two exceptions where
  Xero accepts more than its file declares (`_as_xero_reads_it`): If-Modified-Since without a
  zone (Xero's documented form, UTC) or as an HTTP date, and an invoice or credit note number in
  place of its ID in /Invoices/{InvoiceID} and /CreditNotes/{CreditNoteID} (and a purchase order's
  number, which the file declares as /PurchaseOrders/{PurchaseOrderNumber} beside the ID's path).
"""

import base64
import json
import re
import threading
import warnings
from functools import cache
from pathlib import Path

import yaml
from jsonschema.validators import extend
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.validation.request.validators import V30RequestBodyValidator, V30RequestParametersValidator
from openapi_core.validation.response.validators import V30ResponseValidator
from openapi_core.validation.schemas.factories import SchemaValidatorsFactory
from openapi_schema_validator import OAS30Validator, OAS30WriteValidator, OAS31Validator
from werkzeug.http import parse_date
from werkzeug.wrappers import Request, Response

from .products import ASSETS_PREFIX, PAYROLL_AU_PREFIX, PAYROLL_V2_PREFIX

ROOT = Path(__file__).resolve().parents[1] / "contracts" / "xero-openapi"
API_PREFIX = "/api.xro/2.0"
# Xero's other APIs the sandbox serves: base path -> contract file(s) (the payroll of NZ and the
# UK share one base path: which file depends on the organisation's country, see `_route`)
PRODUCT_FILES = {
    "assets": (ASSETS_PREFIX, "xero_assets.yaml"),
    "payroll_au": (PAYROLL_AU_PREFIX, "xero-payroll-au.yaml"),
    "payroll_nz": (PAYROLL_V2_PREFIX, "xero-payroll-nz.yaml"),
    "payroll_uk": (PAYROLL_V2_PREFIX, "xero-payroll-uk.yaml"),
}
BASE_URL = "http://127.0.0.1:8070"  # any host: the contracts' servers are made relative to it
# Answers Xero gives on any endpoint and the files do not describe (auth, limits, faults):
# the sandbox's own tests check them.
GENERIC_STATUSES = {401, 403, 404, 405, 429, 500, 503}
NUMBER_FOR_ID = re.compile(r"^(?P<head>/(?:Invoices|CreditNotes|PurchaseOrders)/)(?P<key>[^/]+)(?P<tail>(?:/.*)?)$",
                           re.IGNORECASE)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
NAIVE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")
SOME_UUID = "00000000-0000-0000-0000-000000000000"
MAX_SCHEMA_ERRORS = 5
MAX_MESSAGE = 300


def _ignore_read_only(validator, value, instance, schema):
    return iter(())


# Requests: OAS 3.0 "write" rules (a readOnly property need not be sent) without refusing a
# readOnly property that is sent, as Xero does not.
XeroRequestValidator = extend(OAS30WriteValidator, validators={"readOnly": _ignore_read_only})
_request_schema_validators = SchemaValidatorsFactory(XeroRequestValidator)


class _JsonBodiesAsSent:
    """openapi-core 0.19 casts JSON bodies before validating them (its issue #706), so "110.00"
    would pass where the contract says `number`: JSON bodies are validated as sent (form bodies
    and parameters, which arrive as strings, are still cast)."""

    def _get_content_schema_value_and_schema(self, raw, content, mimetype=None):
        mime_type, parameters, media_type = self._find_media_type(content, mimetype)
        value = self._deserialise_media_type(media_type, mime_type, parameters, raw)
        if "schema" not in media_type:
            return value, None
        schema = media_type / "schema"
        if "json" not in mime_type:
            value = self._cast(schema, value)
        return value, schema


class _RequestBodyValidator(_JsonBodiesAsSent, V30RequestBodyValidator):
    pass


class _ResponseValidator(_JsonBodiesAsSent, V30ResponseValidator):
    pass


def _as_xero_reads_it(path, headers):
    """Where Xero accepts more than its file declares, the request as the file would write it."""
    headers = dict(headers)
    for name in [n for n in headers if n.lower() == "if-modified-since"]:
        value = str(headers[name]).strip()
        if NAIVE_ISO.match(value):  # Xero documents yyyy-mm-ddThh:mm:ss, UTC
            headers[name] = value + "Z"
        elif not value[:4].isdigit() and (moment := parse_date(value)) is not None:  # an HTTP date
            headers[name] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    relative = path[len(API_PREFIX):] if path.lower().startswith(API_PREFIX.lower()) else None
    match = NUMBER_FOR_ID.match(relative) if relative else None
    if match and not UUID.match(match["key"]):  # e.g. GET /Invoices/INV-0001
        path = API_PREFIX + match["head"] + SOME_UUID + match["tail"]
    return path, headers


def _body_as_file_declares(headers, body):
    """A file's bytes (an attachment) as the file declares them: `format: byte`, i.e. base64.
    Xero and its SDKs send the raw bytes; the declaration is its generator's."""
    content_type = next((str(v) for k, v in dict(headers).items() if k.lower() == "content-type"), "")
    if body and content_type.split(";")[0].strip().lower() == "application/octet-stream":
        return base64.b64encode(body if isinstance(body, bytes) else str(body).encode())
    return body


def _as_sent(path):
    """A decoded path as a URL path again: werkzeug's request builder unquotes it and reads '?'
    and '#' as the URL's query and fragment (an ID may hold any of them, percent-encoded)."""
    return path.replace("%", "%25").replace("?", "%3F").replace("#", "%23")


def _element_in_its_wrapper(found, request):
    """One element sent bare where the file declares its wrapper ({"Items": [...]}), as the
    sandbox reads it (replies.read_elements): the request as if wrapped, so the element itself
    is checked (its types, what it requires) and not a wrapper with unknown properties."""
    if "json" not in (request.content_type or "") or not request.body:
        return request
    try:
        body = json.loads(request.body)
        schema = found.operation / "requestBody" / "content" / "application/json" / "schema"
        with schema.resolve() as resolved:
            properties = resolved.contents.get("properties") or {}
    except (KeyError, ValueError, TypeError):
        return request
    keys = [k for k in properties if k not in ("pagination", "Warnings")]  # a wrapper holds one list
    if (len(keys) != 1 or properties[keys[0]].get("type") != "array" or not isinstance(body, dict) or not body
            or keys[0] in body):
        return request
    werkzeug_request = request.request
    wrapped = Request.from_values(path=_as_sent(werkzeug_request.path), method=werkzeug_request.method,
                                  query_string=werkzeug_request.query_string, headers=dict(werkzeug_request.headers),
                                  data=json.dumps({keys[0]: [body]}), base_url=BASE_URL)
    return WerkzeugOpenAPIRequest(wrapped)


def _load_yaml(path):
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=loader)  # noqa: S506 (a safe loader)
    _fix_string_booleans(document)
    return document


def _fix_string_booleans(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("default", "example") and value in ("true", "false"):
                node[key] = value == "true"
            else:
                _fix_string_booleans(value)
    elif isinstance(node, list):
        for value in node:
            _fix_string_booleans(value)


def _fix_undeclared_required(document):
    """A schema's `required` names only properties it declares (see the module's quirks)."""
    for schema in (document.get("components") or {}).get("schemas", {}).values():
        if isinstance(schema, dict) and "properties" in schema and schema.get("required"):
            declared = [name for name in schema["required"] if name in schema["properties"]]
            if declared:
                schema["required"] = declared
            else:
                del schema["required"]


def _clip(text):
    text = str(text)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…"


def _schema_error_lines(errors, indent="  "):
    errors = list(errors)
    lines = [f"{indent}at {'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {_clip(error.message)}"
             for error in errors[:MAX_SCHEMA_ERRORS]]
    if len(errors) > MAX_SCHEMA_ERRORS:
        lines.append(f"{indent}… and {len(errors) - MAX_SCHEMA_ERRORS} more")
    return lines


def _problems(exc):
    """An openapi-core exception -> short readable lines, nested schema errors included."""
    chain, cause = [exc], exc.__cause__
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__
    message = str(exc)
    for link in chain:  # openapi-core repeats the cause's class name in the message
        message = message.removeprefix(f"{type(link).__name__}: ")
    with_errors = [link for link in chain if getattr(link, "schema_errors", None)]
    if with_errors:  # the value itself (the whole body) is not worth printing
        errors = list(with_errors[0].schema_errors)
        lines = [f"{type(exc).__name__}: {len(errors)} schema error(s)"] + _schema_error_lines(errors)
    else:
        lines = [f"{type(exc).__name__}: {_clip(message)}"]
        lines += [f"  {type(link).__name__}: {_clip(link)}" for link in chain[1:] if str(link) not in message]
    return lines


class Contract:
    """Xero's contracts, loaded once (`Contract.load`), checking exchanges and deliveries."""

    _lock = threading.Lock()

    def __init__(self, root=ROOT):
        root = Path(root)
        accounting = _load_yaml(root / "xero_accounting.yaml")
        accounting["servers"] = [{"url": API_PREFIX}]
        identity = _load_yaml(root / "xero-identity.yaml")
        identity["servers"] = [{"url": "/"}]
        webhooks = _load_yaml(root / "xero-webhooks.yaml")
        products = {}
        for key, (prefix, file_name) in PRODUCT_FILES.items():
            document = _load_yaml(root / file_name)
            _fix_undeclared_required(document)
            document["servers"] = [{"url": prefix}]
            products[key] = document
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Unsupported scheme type": OAuth2 is not checked
            self.accounting = OpenAPI.from_dict(accounting)
            self.identity = OpenAPI.from_dict(identity)
            self.products = {key: OpenAPI.from_dict(document) for key, document in products.items()}
        self._validators = {
            id(spec): (V30RequestParametersValidator(spec.spec, schema_validators_factory=_request_schema_validators),
                       _RequestBodyValidator(spec.spec, schema_validators_factory=_request_schema_validators),
                       _ResponseValidator(spec.spec))
            for spec in (self.accounting, self.identity, *self.products.values())
        }
        self._query_names = {}
        self.token_validator = self._component_validator(identity, "AccessToken", OAS30Validator)
        # the webhook file is OpenAPI 3.1 and uses `const` (JSON Schema 2020-12)
        self.webhook_validator = self._component_validator(webhooks, "WebhookEvent", OAS31Validator)

    @classmethod
    def load(cls, root=None):
        """The contracts under `root` (default: the repository's contracts/xero-openapi), loaded once."""
        return _cached(str(Path(root or ROOT).resolve()))

    @staticmethod
    def _component_validator(document, name, validator_class):
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)

    # ------------------------------------------------------------------ routing
    def _route(self, method, path, payroll_region=None):
        """-> (contract name, OpenAPI or None, path as the contract writes it), or None."""
        lower = path.lower()
        if lower == API_PREFIX.lower() or lower.startswith(API_PREFIX.lower() + "/"):
            return "xero_accounting.yaml", self.accounting, path
        for key, (prefix, file_name) in PRODUCT_FILES.items():
            if key == "payroll_nz" and (payroll_region or "").upper() != "NZ":
                continue
            if lower == prefix.lower() or lower.startswith(prefix.lower() + "/"):
                return file_name, self.products[key], path
        if lower == "/connections" or lower.startswith("/connections/"):
            return "xero-identity.yaml", self.identity, "/Connections" + path[len("/connections"):]
        if lower == "/connect/token" and method.upper() == "POST":
            return "xero-identity.yaml#AccessToken", None, path
        return None

    def covers(self, method, path, payroll_region=None):
        """True when a contract judges this exchange (unknown operations under a contract's
        base path are findings of `check`, so they are covered too)."""
        return self._route(method, path, payroll_region) is not None

    # ------------------------------------------------------------------ checks
    def check(self, method, path, query_string, request_headers, request_body, status, response_headers,
              response_body, payroll_region=None):
        """One exchange -> readable problems ([] when it keeps the contract); never raises.
        `payroll_region` ("NZ" or "UK") picks the payroll file of /payroll.xro/2.0."""
        route = self._route(method, path, payroll_region)
        if route is None:
            return []
        name, spec, contract_path = route
        try:
            if spec is None:
                return self._check_token(status, response_body)
            return self._check_api(name, spec, method.upper(), contract_path, query_string or "",
                                   request_headers or {}, request_body or b"", status, response_headers or {},
                                   response_body or b"")
        except Exception as exc:  # noqa: BLE001 (a checker failure is reported, never raised)
            return [f"contract checker failed on {method} {path}: {type(exc).__name__}: {_clip(exc)}"]

    def refusal(self, method, path, query_string, headers, body):
        """Why Xero would refuse this Accounting API request as malformed, in its words, or None.
        Xero reads bodies into typed models: a wrong JSON type, an unknown enum value, a bad GUID
        or date, or a parameter of the wrong type is a 400 before any business rule. Missing
        required fields are left to the sandbox's rules (Xero's own messages: see `read_request`),
        unknown query parameters to strict mode (Xero ignores them). Never raises."""
        return self.read_request(method, path, query_string, headers, body)[0]

    def read_request(self, method, path, query_string, headers, body):
        """-> (refusal or None, missing): `refusal` as above; `missing` lists (element index or
        None, property) for each property Xero's contract requires that the body lacks. The
        sandbox's rules then say what is missing, in a 400 for the whole batch whatever
        summarizeErrors says: no 200 to such a request keeps the contract. Never raises."""
        try:
            return self._read(method, path, query_string, headers, body)
        except Exception as exc:  # noqa: BLE001 (a request the checker cannot even read is malformed)
            return f"The request could not be read: {type(exc).__name__}.", []

    def _read(self, method, path, query_string, headers, body):
        route = self._route(method, path)
        if route is None or route[1] is not self.accounting:
            return None, []
        if isinstance(query_string, bytes):
            query_string = query_string.decode("latin-1")
        path, headers = _as_xero_reads_it(path, headers)
        request = WerkzeugOpenAPIRequest(Request.from_values(
            path=_as_sent(path), method=method.upper(), query_string=query_string or "", headers=dict(headers),
            data=_body_as_file_declares(headers, body) or None, base_url=BASE_URL,
        ))
        parameters_validator, body_validator, _response_validator = self._validators[id(self.accounting)]
        missing = []
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                found = parameters_validator._find_path(request)
            except PathError:
                return None, []  # not an operation of Xero's: the sandbox answers 404/405
            request = _element_in_its_wrapper(found, request)
            for what, validator in (("parameters", parameters_validator), ("body", body_validator)):
                try:
                    validator.validate(request)
                except Exception as exc:  # noqa: BLE001 (any failure to read the request)
                    line = _refusal_line(what, exc)
                    if line:
                        return line, []
                    if what == "body":
                        missing += _lacks_required(exc)
        return None, missing

    def _check_api(self, name, spec, method, path, query_string, request_headers, request_body, status,
                   response_headers, response_body):
        if isinstance(query_string, bytes):
            query_string = query_string.decode("latin-1")
        path, request_headers = _as_xero_reads_it(path, request_headers)
        request = WerkzeugOpenAPIRequest(Request.from_values(
            path=_as_sent(path), method=method, query_string=query_string, headers=dict(request_headers),
            data=_body_as_file_declares(request_headers, request_body) or None, base_url=BASE_URL,
        ))
        parameters_validator, body_validator, response_validator = self._validators[id(spec)]
        problems = []
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                found = parameters_validator._find_path(request)
            except PathError as exc:
                if status < 400:  # the sandbox answered something Xero does not have
                    problems.append(f"request {type(exc).__name__}: {method} {path} is not an operation of {name}")
                return problems
            request = _element_in_its_wrapper(found, request)
            if status < 400:  # a request the sandbox accepted must be one Xero's contract allows
                problems += self._unknown_query_parameters(found, request)
                for what, validator in (("parameters", parameters_validator), ("body", body_validator)):
                    try:
                        validator.validate(request)
                    except Exception as exc:  # noqa: BLE001 (every validation failure is a finding)
                        problems += [f"request {what} " + line for line in _problems(exc)]
            if (status in (204, 304) and not response_body) or status in GENERIC_STATUSES:
                return problems
            response = WerkzeugOpenAPIResponse(Response(response_body, status=status, headers=dict(response_headers)))
            try:
                response_validator.validate(request, response)
            except ResponseNotFound:
                if status < 400:  # an error status the file does not describe for this operation is not covered
                    problems.append(f"response: status {status} is not in {name} for {method} {path}")
            except Exception as exc:  # noqa: BLE001
                problems += ["response " + line for line in _problems(exc)]
        return problems

    def _unknown_query_parameters(self, found, request):
        path_spec, operation = found.path, found.operation
        key = (found.path_result.pattern, request.method)
        names = self._query_names.get(key)
        if names is None:
            names = set()
            for owner in (path_spec, operation):
                if "parameters" in owner:
                    names.update(p["name"].lower() for p in owner / "parameters" if p["in"] == "query")
            self._query_names[key] = names
        unknown = sorted({n for n in request.parameters.query if n.lower() not in names})
        return [f"request parameters: unknown query parameter {n!r} (the contract declares: "
                f"{', '.join(sorted(names)) or 'none'})" for n in unknown]

    def _check_token(self, status, body):
        if status != 200:
            return []
        try:
            payload = json.loads(body)
        except ValueError:
            return ["token reply is not JSON"]
        errors = self.token_validator.iter_errors(payload)
        return [f"token reply {line.strip()}" for line in _schema_error_lines(errors)]

    def check_webhook(self, payload):
        """A webhook delivery body (parsed JSON) -> readable problems against WebhookEvent."""
        try:
            errors = self.webhook_validator.iter_errors(payload)
            return [f"webhook {line.strip()}" for line in _schema_error_lines(errors)]
        except Exception as exc:  # noqa: BLE001
            return [f"contract checker failed on a webhook: {type(exc).__name__}: {_clip(exc)}"]


def _refusal_line(what, exc):
    if getattr(exc, "location", None) == "path":
        return None  # e.g. a file name where an attachment ID may stand: the sandbox answers 404
    chain, cause = [exc], exc.__cause__
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__
    errors = next((list(link.schema_errors) for link in chain if getattr(link, "schema_errors", None)), None)
    if errors is not None:
        errors = [e for e in errors if e.validator != "required"]
        if not errors:
            return None
        error = errors[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
        value = _clip(json.dumps(error.instance, default=str))[:80]
        if what == "body":
            return f"JSON for post data was invalid,Error converting value {value} at '{where}': {_clip(error.message)}"
        return f"The request parameter value {value} is not valid: {_clip(error.message)}"
    if any("Missing" in type(link).__name__ for link in chain):
        return None  # no body, or no tenant header: the sandbox's own answers
    if what == "body":
        return f"JSON for post data was invalid,{_clip(_said(chain[-1], 'the body is not UTF-8 text'))}"
    return f"A request parameter is not valid: {_clip(_said(chain[-1], 'it is not UTF-8 text'))}"


def _said(exc, otherwise):
    """An exception's message, or `otherwise` when the message cannot be made (openapi-core puts
    the raw body in some messages: bytes that are not UTF-8 make str() itself raise)."""
    try:
        return str(exc)
    except Exception:  # noqa: BLE001
        return otherwise


def _lacks_required(exc):
    chain, cause = [exc], exc.__cause__
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__
    errors = next((list(link.schema_errors) for link in chain if getattr(link, "schema_errors", None)), [])
    missing = []
    for error in errors:
        if error.validator == "required" and isinstance(error.instance, dict):
            where = list(error.absolute_path)
            index = where[1] if len(where) > 1 and isinstance(where[1], int) else None
            missing += [(index, name) for name in error.validator_value if name not in error.instance]
    return missing


@cache
def _cached(root):
    return Contract(root)
