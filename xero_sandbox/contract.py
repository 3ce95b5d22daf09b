"""Xero's published OpenAPI contracts (contracts/xero-openapi), as a checker of exchanges.

`Contract.load().check(method, path, query, request headers, request body, status, response
headers, response body)` validates the request body the sandbox accepted and the response
(status, content type, body) with openapi-core and returns readable problems ([] when valid).
Request parameters are not held to the files: the sandbox accepts what Xero accepts (e.g.
If-Modified-Since without a zone, as Xero documents it), and the connector's own requests are
checked in full by the client's tests.
- /api.xro/2.0/…  against xero_accounting.yaml,
- /connections…   against xero-identity.yaml (Xero's host accepts the lower-case path),
- /connect/token  successful replies against the identity contract's AccessToken schema;
anything else (the consent page, /__sandbox__) is not covered and returns [].
`check_webhook(payload)` validates a delivery against WebhookEvent of xero-webhooks.yaml.

Known quirks of the published files (see their README): string booleans in defaults and
examples are turned into real booleans after loading; security (OAuth2) is not checked.
"""

import json
import threading
import warnings
from functools import cache
from pathlib import Path

import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.validation.request.validators import V30RequestBodyValidator
from openapi_schema_validator import OAS30Validator, OAS31Validator, oas30_format_checker, oas31_format_checker
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

ROOT = Path(__file__).resolve().parents[1] / "contracts" / "xero-openapi"
API_PREFIX = "/api.xro/2.0"
# Answers Xero gives on any endpoint and the files do not describe (auth, limits, faults):
# the sandbox's own tests check them.
GENERIC_STATUSES = {401, 403, 404, 405, 429, 500, 503}


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


def _problems(exc):
    """An openapi-core exception -> short readable lines, nested schema errors included."""
    lines = [f"{type(exc).__name__}: {exc}"]
    cause = exc.__cause__
    while cause is not None:
        errors = getattr(cause, "schema_errors", None)
        if errors:
            for error in list(errors)[:5]:
                where = "/".join(str(p) for p in error.absolute_path) or "(body)"
                lines.append(f"  at {where}: {error.message[:300]}")
        elif str(cause) not in lines[0]:
            lines.append(f"  {type(cause).__name__}: {str(cause)[:300]}")
        cause = cause.__cause__
    return lines


class Contract:
    _lock = threading.Lock()

    def __init__(self, root=ROOT):
        root = Path(root)
        accounting = _load_yaml(root / "xero_accounting.yaml")
        accounting["servers"] = [{"url": API_PREFIX}]
        identity = _load_yaml(root / "xero-identity.yaml")
        identity["servers"] = [{"url": "/"}]
        webhooks = _load_yaml(root / "xero-webhooks.yaml")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Unsupported scheme type": OAuth2 is not checked
            self.accounting = OpenAPI.from_dict(accounting)
            self.identity = OpenAPI.from_dict(identity)
            self.accounting_bodies = V30RequestBodyValidator(self.accounting.spec)
        self.token_schema = identity["components"]["schemas"]["AccessToken"]
        self.webhook_schema = webhooks["components"]["schemas"]["WebhookEvent"]

    @classmethod
    def load(cls, root=None):
        return _cached(str(root or ROOT))

    def covers(self, method, path):
        lower = path.lower()
        return (lower.startswith((API_PREFIX.lower() + "/", "/connections/")) or lower == "/connections"
                or (lower == "/connect/token" and method == "POST"))

    def check(self, method, path, query_string, request_headers, request_body, status, response_headers,
              response_body):
        if not self.covers(method, path):
            return []
        if path.lower() == "/connect/token":
            return self._check_token(status, response_body)
        spec = self.accounting
        if path.lower().startswith("/connections"):
            spec, path = self.identity, "/Connections" + path[len("/connections"):]
        request = Request(EnvironBuilder(
            path=path, method=method, query_string=query_string, headers=dict(request_headers),
            data=request_body or None, base_url="http://sandbox.local",
        ).get_environ())
        response = Response(response_body, status=status, headers=dict(response_headers))
        openapi_request = WerkzeugOpenAPIRequest(request)
        problems = []
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if status < 400 and method in ("PUT", "POST") and spec is self.accounting:
                try:  # a body the sandbox accepted must be one Xero's contract allows
                    self.accounting_bodies.validate(openapi_request)
                except Exception as exc:  # noqa: BLE001 (every validation failure is a finding)
                    problems += ["request " + line for line in _problems(exc)]
            if (status in (204, 304) and not response_body) or status in GENERIC_STATUSES:
                return problems
            try:
                spec.validate_response(openapi_request, WerkzeugOpenAPIResponse(response))
            except ResponseNotFound:
                if status < 400:  # an error the file does not describe for this operation is not covered
                    problems.append(f"response: status {status} is not in the contract for {method} {path}")
            except Exception as exc:  # noqa: BLE001
                problems += ["response " + line for line in _problems(exc)]
        return problems

    def _check_token(self, status, body):
        if status != 200:
            return []
        try:
            payload = json.loads(body)
        except ValueError:
            return ["token reply is not JSON"]
        return self._schema_problems(self.token_schema, payload, "token reply")

    def check_webhook(self, payload):
        # the webhook file uses `const` (JSON Schema draft 6+), which OAS 3.0's draft-4 dialect
        # ignores (then every oneOf branch matches): checked with the OAS 3.1 dialect
        return self._schema_problems(self.webhook_schema, payload, "webhook", OAS31Validator, oas31_format_checker)

    @staticmethod
    def _schema_problems(schema, payload, what, validator_class=OAS30Validator, formats=oas30_format_checker):
        validator = validator_class(schema, format_checker=formats)
        return [f"{what} at {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message[:300]}"
                for e in validator.iter_errors(payload)]


@cache
def _cached(root):
    return Contract(root)
