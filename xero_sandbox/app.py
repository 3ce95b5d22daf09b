"""The sandbox as one WSGI app: routing, the Accounting API's gatekeeping (token, tenant,
scope, limits, faults) and, in strict mode, every exchange checked against Xero's contracts.

    app = SandboxApp(Store(":memory:"), client_id="…", client_secret="…")
    werkzeug.serving.run_simple("127.0.0.1", 8070, app, threaded=True)
"""

import contextlib
import json
import logging
import math
import secrets
import socket
import threading
import time

from werkzeug.wrappers import Request, Response

from .accounting import Accounting
from .admin import Admin
from .faults import Faults
from .http import HTTPFailure, bad_request, forbidden, json_response, not_found, problem
from .identity import Identity
from .limits import Limiter, RateLimited
from .pages import PATH as PAGES_PATH
from .pages import Pages
from .products import Products, payroll_region, prefix_of
from .reports import Reports
from .spoil import Spoiler
from .webhooks import Webhooks

_logger = logging.getLogger("xero_sandbox")
API_PREFIX = "/api.xro/2.0/"
DEFAULT_CLIENT_ID = "sandbox-client-id"
DEFAULT_CLIENT_SECRET = "sandbox-client-secret"  # noqa: S105 (a well-known test value)
DEFAULT_WEBHOOK_KEY = "sandbox-webhook-key"


class SandboxApp:
    def __init__(self, store, client_id=DEFAULT_CLIENT_ID, client_secret=DEFAULT_CLIENT_SECRET,
                 base_url="http://127.0.0.1:8070", webhook_url=None, webhook_key=DEFAULT_WEBHOOK_KEY,
                 limits=None, strict=False, redirect_uris=(), app_name="Odoo Xero Connector"):
        self.store = store
        self.client_id, self.client_secret = client_id, client_secret
        self.base_url = base_url.rstrip("/")
        self.webhook_url, self.webhook_key = webhook_url, webhook_key
        self.redirect_uris = set(redirect_uris or ())
        self.app_name = app_name
        self.user_id = "5a1d7b3c-0000-4000-8000-000000000001"
        self.signing_key = store.get_meta("signing_key") or secrets.token_hex(32)
        store.set_meta("signing_key", self.signing_key)
        self.signing_key = self.signing_key.encode()
        self.limiter = Limiter(store, limits)
        self.faults = Faults()
        self.spoiler = Spoiler()
        self.spoil_defaults = []  # spoiling set on the command line: a reset restores it
        self.identity = Identity(self)
        self.accounting = Accounting(self)
        self.products = Products(self)  # fixed assets and payroll settings
        self.reports = Reports(self)
        self.webhooks = Webhooks(self)
        self.admin = Admin(self)
        self.pages = Pages(self)  # "Open in Xero" links: read-only HTML pages
        self.contract = None
        self.violations = []
        self._violations_lock = threading.Lock()
        if strict:
            from .contract import Contract  # loaded only when asked: it takes a second

            self.contract = Contract.load()

    # ------------------------------------------------------------------ WSGI
    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except HTTPFailure as failure:
            response = failure.response
        if self.contract is not None and not request.environ.get("xero_sandbox.fault"):
            self._check_contract(request, response)
        return response(environ, start_response)

    def spoil(self, tenant=None, seed=0, odds=0.2, paths=None, kinds=None):
        """Spoil list replies of one organisation (id, key or name; None or "*": all of them)."""
        return self.spoiler.set(self.tenant_id(tenant), seed, odds, paths, kinds)

    def tenant_id(self, tenant):
        """An organisation's id from its id, key or name ("*" or None: every organisation)."""
        if tenant in (None, "*"):
            return "*"
        found = self.store.tenant(str(tenant)) or next(
            (t for t in self.store.tenants() if t["name"].lower() == str(tenant).lower()), None)
        if not found:
            raise ValueError(f"no organisation {tenant!r}")
        return found["id"]

    def dispatch(self, request):
        path = request.path
        lower = path.lower()
        if lower == "/identity/connect/authorize":
            return self.identity.authorize(request)
        if lower in ("/connect/token", "/connect/revocation") and request.method == "POST":
            handler = self.identity.token if lower == "/connect/token" else self.identity.revoke
            return self._logged(request, handler, request.form.get("grant_type"))
        if lower == "/connections" or lower.startswith("/connections/"):
            connection_id = path.split("/")[2] if lower.startswith("/connections/") else None
            return self._logged(request, lambda r: self.identity.connections(r, connection_id))
        if lower.startswith(API_PREFIX.lower()):
            parts = [p for p in path[len(API_PREFIX):].split("/") if p]
            return self.api(request, parts, self.reports.handle if parts[:1] == ["Reports"] else None)
        prefix = prefix_of(path)
        if prefix:  # Xero's Assets and Payroll APIs: same gatekeeping, limits and faults
            parts = [p for p in path[len(prefix) + 1:].split("/") if p]
            return self.api(request, parts, lambda r, t, g, p: self.products.handle(r, t, g, prefix, p))
        if lower == PAGES_PATH.lower():  # go.xero.com's deep links (Open in Xero)
            return self.pages.handle(request)
        if lower == "/" or lower.startswith("/__sandbox__"):
            return self.admin.handle(request)
        return problem(404, "Not Found", "NotFound")

    def _logged(self, request, handler, detail=None):
        """Identity calls go to the call log too (not counted against API limits)."""
        try:
            response = handler(request)
        except HTTPFailure as failure:
            response = failure.response
        self.store.execute("INSERT INTO calls (ts, method, path, status, problem) VALUES (?, ?, ?, ?, ?)",
                           (self.store.now(), request.method, request.path, response.status_code, detail))
        return response

    def api(self, request, parts, handler=None):
        handler = handler or self.accounting.handle
        grant = self.identity.bearer(request)
        tenant = request.headers.get("Xero-tenant-id", "").strip().lower()
        if not tenant or not parts or not self.store.tenant(tenant) or not self.identity.connected(tenant):
            return forbidden()
        try:
            with self.limiter.call(tenant, request.method, request.path) as call_id:
                response = (self._faulty(request, tenant) or self._malformed(request)
                            or handler(request, tenant, grant, parts))
                spoiled = request.environ.get("xero_sandbox.spoiled")
                self.store.execute("UPDATE calls SET status = ?, spoiled = ? WHERE seq = ?",
                                   (response.status_code, json.dumps(spoiled) if spoiled else None, call_id))
                if self.faults.take("lost", request.path, tenant, request.method):
                    request.environ["xero_sandbox.fault"] = "lost"
                    self._cut(request)  # carried out and stored: only the reply is lost
        except RateLimited as limited:
            return self._rate_limited(limited)
        response.headers.update(self.limiter.headers(tenant))
        return response

    def _malformed(self, request):
        """Xero's answer to a request it cannot read, before any business rule; the one place
        where what arrives is decoded and checked against Xero's models:
        - a path that is not UTF-8 text once unquoted names no record of Xero's: 404;
        - a query or body Xero's models cannot read: 400 in Xero's words (see Contract.refusal);
        - a body lacking a property the contract requires: the sandbox's rules say what is
          missing, for the whole batch (a 400 whatever summarizeErrors says; see
          Contract.read_request and `summarize`)."""
        from .contract import Contract  # loaded on the first API call when not strict

        try:
            request.environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
        except UnicodeError:
            return not_found() if request.path.lower().startswith(API_PREFIX.lower()) else problem(
                404, "NotFound", "The resource you're looking for cannot be found")
        contract = self.contract or Contract.load()
        why, missing = contract.read_request(request.method, request.path, request.query_string,
                                                dict(request.headers), request.get_data(cache=True))
        if why:
            return bad_request(why)
        request.environ["xero_sandbox.missing"] = missing
        return None

    @staticmethod
    def _rate_limited(limited):
        response = json_response({"Title": "Too Many Requests", "Status": 429,
                                  "Detail": f"Rate limit exceeded: {limited.problem}"}, 429)
        response.headers["Retry-After"] = str(limited.retry_after)
        response.headers["X-Rate-Limit-Problem"] = limited.problem
        response.headers.update(limited.headers)
        return response

    def _faulty(self, request, tenant):
        fault = self.faults.take(("500", "503", "hang", "disconnect", "malformed", "429"), request.path, tenant,
                                 request.method)
        if not fault:
            return None
        kind = fault["kind"]
        request.environ["xero_sandbox.fault"] = kind  # deliberately broken: not a contract finding
        if kind == "500":
            return json_response({"Title": "An error occurred", "Status": 500,
                                  "Detail": "An error occurred in Xero. Check the API Status page "
                                            "http://status.developer.xero.com for current service status."}, 500)
        if kind == "429":
            return self._rate_limited(RateLimited("minute", max(1, math.ceil(fault["seconds"])), {}))
        if kind == "503":
            return Response("The service is temporarily unavailable", status=503, content_type="text/plain")
        if kind == "malformed":
            return Response('{"Invoices": [{"InvoiceID": "tru', status=200, content_type="application/json")
        if kind == "hang":
            time.sleep(fault["seconds"])
            return None
        return self._cut(request)

    @staticmethod
    def _cut(request):
        """Cut the TCP connection: the client sees a reset, no reply."""
        sock = request.environ.get("werkzeug.socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        raise ConnectionAbortedError(f"sandbox fault: {request.environ.get('xero_sandbox.fault')}")

    def _payroll_region(self, request):
        """The payroll file of the organisation a request is for (NZ and UK share a base path)."""
        tenant = self.store.tenant(request.headers.get("Xero-tenant-id", "").strip().lower())
        return payroll_region(tenant["organisation"].get("CountryCode")) if tenant else None

    def _check_contract(self, request, response):
        problems = self.contract.check(
            request.method, request.path, request.query_string.decode(), dict(request.headers),
            request.get_data(cache=True), response.status_code, dict(response.headers), response.get_data(),
            payroll_region=self._payroll_region(request),
        )
        if problems and request.environ.get("xero_sandbox.spoiled"):
            # spoiled on purpose: the reply breaks the contract, the request must still keep it
            problems = [p for p in problems if not p.startswith("response")]
        if problems:
            entry = {"method": request.method, "path": request.full_path.rstrip("?"),
                     "status": response.status_code, "problems": problems[:5]}
            _logger.error("contract violation: %s", entry)
            with self._violations_lock:
                self.violations.append(entry)
