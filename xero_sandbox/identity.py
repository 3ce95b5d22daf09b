"""Xero's identity service: consent page, token endpoint, revocation, connections.

Behaviour copied from Xero's documented OAuth2 flow:
- authorization code + PKCE (S256 only); codes live 5 minutes and are single use;
- access tokens are JWTs that live 30 minutes and carry `authentication_event_id`;
- refresh tokens rotate: a refresh returns a new one; the old one keeps working only until
  the new one is used or 30 minutes pass (Xero's grace period), then answers invalid_grant;
- connections are per app and organisation; consenting again reuses the connection and
  tags it with the new authEventId; DELETE /connections/{id} disconnects one organisation.
"""

import base64
import hashlib
import hmac
import html
import json
import secrets
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from werkzeug.wrappers import Response

from .http import HTTPFailure, forbidden, json_response, oauth_error, unauthorized
from .store import new_id

ACCESS_TOKEN_LIFETIME = 30 * 60
REFRESH_TOKEN_LIFETIME = 60 * 24 * 3600
REFRESH_GRACE = 30 * 60
CODE_LIFETIME = 5 * 60

SCOPES = {
    "offline_access": "Keep access to your data (offline access)",
    "openid": "Your identity", "profile": "Your name", "email": "Your email address",
    "accounting.settings": "Organisation settings, chart of accounts, tax rates and tracking",
    "accounting.contacts": "Contacts",
    "accounting.invoices": "Invoices, bills and credit notes",
    "accounting.payments": "Payments",
    "accounting.manualjournals": "Manual journals",
    "accounting.transactions": "All business transactions (legacy scope)",
    "accounting.banktransactions": "Bank transactions",
    "accounting.attachments": "Attachments",
    "accounting.reports.read": "Reports (read only)",
    "accounting.reports.trialbalance": "Trial balance report",
    "accounting.reports.banksummary": "Bank summary report",
    "accounting.journals.read": "General ledger journals (read only)",
    "assets": "Fixed assets",
    "payroll.settings": "Payroll settings",
    "payroll.employees": "Payroll employees",
    "payroll.payruns": "Pay runs",
    "payroll.payslip": "Payslips",
    "payroll.timesheets": "Timesheets",
}


def known_scope(scope):
    return scope in SCOPES or (scope.endswith(".read") and scope[:-5] in SCOPES)


def describe_scope(scope):
    if scope.endswith(".read") and scope[:-5] in SCOPES:
        return SCOPES[scope[:-5]] + " (read only)"
    return SCOPES.get(scope, scope)


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Identity:
    def __init__(self, app):
        self.app = app
        self.store = app.store

    # ------------------------------------------------------------------ consent page
    def authorize(self, request):
        params = request.values
        error = self._check_authorize(params)
        if error:
            return error
        if request.method == "POST":
            return self._consent(request)
        return self._page(params)

    def _check_authorize(self, params):
        if params.get("client_id") != self.app.client_id:
            return self._error_page("unauthorized_client", "Unknown client or client not enabled.")
        redirect = params.get("redirect_uri") or ""
        if urlsplit(redirect).scheme not in ("http", "https"):
            return self._error_page("invalid_request", "Invalid redirect_uri.")
        if self.app.redirect_uris and redirect not in self.app.redirect_uris:
            return self._error_page("invalid_request", "The redirect_uri is not registered for this app.")
        problem = None
        if params.get("response_type") != "code":
            problem = "unsupported_response_type"
        elif not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
            problem = "invalid_request"
        elif not all(known_scope(s) for s in (params.get("scope") or "").split()) or not params.get("scope"):
            problem = "invalid_scope"
        if problem:
            return self._redirect(redirect, {"error": problem, "state": params.get("state", "")})
        return None

    def _page(self, params, message=""):
        tenants = self.store.tenants()
        rows = "\n".join(
            f'<li><input type="checkbox" name="tenant_ids" value="{html.escape(t["id"])}" id="t-{i}">'
            f' <label for="t-{i}">{html.escape(t["name"])}'
            f' <small>({html.escape(t["organisation"]["CountryCode"])})</small></label></li>'
            for i, t in enumerate(tenants)
        )
        hidden = "\n".join(
            f'<input type="hidden" name="{k}" value="{html.escape(params.get(k, ""))}">'
            for k in ("response_type", "client_id", "redirect_uri", "scope", "state",
                      "code_challenge", "code_challenge_method")
        )
        scopes = "".join(f"<li>{html.escape(describe_scope(s))}</li>" for s in params.get("scope", "").split())
        note = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
        page = CONSENT_PAGE.format(app=html.escape(self.app.app_name), scopes=scopes, note=note,
                                   hidden=hidden, rows=rows)
        return Response(page, status=400 if message else 200, content_type="text/html; charset=utf-8")

    def _consent(self, request):
        params = request.form
        redirect, state = params["redirect_uri"], params.get("state", "")
        if params.get("action") != "allow":
            return self._redirect(redirect, {"error": "access_denied", "state": state})
        known = {t["id"] for t in self.store.tenants()}
        chosen = [t for t in params.getlist("tenant_ids") if t in known]
        if not chosen:
            return self._page(params, "Select at least one organisation to connect.")
        event = new_id()
        now = self.store.now()
        with self.store.tx() as db:
            for tenant in chosen:
                row = db.execute("SELECT id FROM connections WHERE client_id = ? AND tenant = ? AND active = 1",
                                 (self.app.client_id, tenant)).fetchone()
                if row:
                    db.execute("UPDATE connections SET auth_event_id = ?, updated = ? WHERE id = ?",
                               (event, now, row[0]))
                else:
                    db.execute("INSERT INTO connections (id, client_id, tenant, auth_event_id, created, updated) "
                               "VALUES (?, ?, ?, ?, ?, ?)", (new_id(), self.app.client_id, tenant, event, now, now))
            code = secrets.token_urlsafe(32)
            data = {"client_id": params["client_id"], "redirect_uri": redirect, "scope": params["scope"],
                    "challenge": params["code_challenge"], "auth_event_id": event}
            db.execute("INSERT INTO auth_codes (code, data, expires) VALUES (?, ?, ?)",
                       (code, json.dumps(data), now + CODE_LIFETIME))
        return self._redirect(redirect, {"code": code, "scope": params["scope"], "state": state,
                                         "session_state": secrets.token_urlsafe(16)})

    @staticmethod
    def _redirect(uri, query):
        glue = "&" if urlsplit(uri).query else "?"
        return Response(status=302, headers={"Location": uri + glue + urlencode(query)})

    @staticmethod
    def _error_page(error, description):
        body = ERROR_PAGE.format(error=html.escape(error), description=html.escape(description))
        return Response(body, status=400, content_type="text/html; charset=utf-8")

    # ------------------------------------------------------------------ token endpoint
    def token(self, request):
        client_id, secret = self._client_credentials(request)
        if client_id != self.app.client_id or (secret is not None and secret != self.app.client_secret):
            return oauth_error("invalid_client", 400)
        grant_type = request.form.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange(request.form)
        if grant_type == "refresh_token":
            return self._refresh(request.form.get("refresh_token") or "")
        return oauth_error("unsupported_grant_type")

    @staticmethod
    def _client_credentials(request):
        auth = request.authorization
        if auth and auth.type == "basic":
            return auth.username, auth.password
        return request.form.get("client_id"), request.form.get("client_secret")

    def _exchange(self, form):
        now = self.store.now()
        with self.store.tx() as db:
            row = db.execute("SELECT data, expires, used FROM auth_codes WHERE code = ?",
                             (form.get("code") or "",)).fetchone()
            if not row or row["used"] or row["expires"] < now:
                return oauth_error("invalid_grant")
            db.execute("UPDATE auth_codes SET used = 1 WHERE code = ?", (form["code"],))
            data = json.loads(row["data"])
            verifier = form.get("code_verifier") or ""
            challenge = _b64(hashlib.sha256(verifier.encode()).digest())
            if data["redirect_uri"] != form.get("redirect_uri") or not hmac.compare_digest(
                    challenge, data["challenge"]):
                return oauth_error("invalid_grant")
            grant = new_id()
            db.execute("INSERT INTO grants (id, client_id, scopes, auth_event_id, created) VALUES (?, ?, ?, ?, ?)",
                       (grant, data["client_id"], data["scope"], data["auth_event_id"], now))
            return json_response(self._issue(db, grant, data["scope"], data["auth_event_id"]))

    def _refresh(self, token):
        now = self.store.now()
        with self.store.tx() as db:
            row = db.execute("SELECT t.*, g.scopes, g.auth_event_id, g.revoked AS grant_revoked FROM tokens t "
                             "JOIN grants g ON g.id = t.grant_id WHERE t.token = ? AND t.kind = 'refresh'",
                             (token,)).fetchone()
            if not row or row["revoked"] or row["grant_revoked"] or row["expires"] < now:
                return oauth_error("invalid_grant")
            if row["used"] is not None:
                successor = db.execute("SELECT used FROM tokens WHERE token = ?", (row["successor"],)).fetchone()
                if successor["used"] is not None or now - row["used"] > REFRESH_GRACE:
                    return oauth_error("invalid_grant")
                # inside the grace period the same successor is handed out again
                return json_response(self._issue(db, row["grant_id"], row["scopes"], row["auth_event_id"],
                                                 refresh=row["successor"]))
            reply = self._issue(db, row["grant_id"], row["scopes"], row["auth_event_id"])
            db.execute("UPDATE tokens SET used = ?, successor = ? WHERE token = ?",
                       (now, reply.get("refresh_token"), token))
            return json_response(reply)

    def _issue(self, db, grant, scopes, auth_event_id, refresh=None):
        now = self.store.now()
        claims = {
            "nbf": int(now), "exp": int(now + ACCESS_TOKEN_LIFETIME), "iss": self.app.base_url + "/identity",
            "aud": self.app.base_url + "/identity/resources", "client_id": self.app.client_id,
            "sub": "sandbox-user", "auth_time": int(now), "xero_userid": self.app.user_id,
            "global_session_id": grant, "jti": secrets.token_hex(16),
            "authentication_event_id": auth_event_id, "scope": scopes.split(),
        }
        access = self._jwt(claims)
        db.execute("INSERT INTO tokens (token, kind, grant_id, created, expires) VALUES (?, 'access', ?, ?, ?)",
                   (access, grant, now, now + ACCESS_TOKEN_LIFETIME))
        reply = {"access_token": access, "expires_in": ACCESS_TOKEN_LIFETIME, "token_type": "Bearer",
                 "scope": scopes}
        if "offline_access" in scopes.split():
            if refresh is None:
                refresh = secrets.token_hex(32)
                db.execute("INSERT INTO tokens (token, kind, grant_id, created, expires) "
                           "VALUES (?, 'refresh', ?, ?, ?)", (refresh, grant, now, now + REFRESH_TOKEN_LIFETIME))
            reply["refresh_token"] = refresh
        if "openid" in scopes.split():
            reply["id_token"] = self._jwt({"sub": "sandbox-user", "email": "demo@sandbox.local",
                                           "iat": int(now), "exp": int(now + 300)})
        return reply

    def _jwt(self, claims):
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = _b64(json.dumps(claims, separators=(",", ":")).encode())
        signature = hmac.new(self.app.signing_key, f"{header}.{body}".encode(), hashlib.sha256).digest()
        return f"{header}.{body}.{_b64(signature)}"

    def revoke(self, request):
        client_id, secret = self._client_credentials(request)
        if client_id != self.app.client_id or (secret is not None and secret != self.app.client_secret):
            return oauth_error("invalid_client", 400)
        with self.store.tx() as db:
            row = db.execute("SELECT grant_id FROM tokens WHERE token = ?", (request.form.get("token") or "",)
                             ).fetchone()
            if row:
                db.execute("UPDATE grants SET revoked = 1 WHERE id = ?", (row[0],))
                db.execute("UPDATE tokens SET revoked = 1 WHERE grant_id = ?", (row[0],))
        return Response(status=200)

    # ------------------------------------------------------------------ bearer tokens
    def bearer(self, request):
        """The grant behind this request's access token -> {grant, scopes, auth_event_id}."""
        header = request.headers.get("Authorization") or ""
        if not header.startswith("Bearer "):
            raise HTTPFailure(unauthorized())
        token = header[len("Bearer "):].strip()
        tenant = (request.headers.get("Xero-tenant-id") or "").strip().lower() or None
        if self.app.faults.take("revoked", request.path, tenant):
            raise HTTPFailure(unauthorized())
        row = self.store.query(
            "SELECT t.expires, t.revoked, g.id AS grant_id, g.scopes, g.auth_event_id, g.revoked AS grant_revoked "
            "FROM tokens t JOIN grants g ON g.id = t.grant_id WHERE t.token = ? AND t.kind = 'access'", (token,))
        if not row or row[0]["revoked"] or row[0]["grant_revoked"]:
            raise HTTPFailure(unauthorized())
        if row[0]["expires"] < self.store.now():
            when = datetime.fromtimestamp(row[0]["expires"], UTC).strftime("%m/%d/%Y %H:%M:%S")
            raise HTTPFailure(unauthorized(f"TokenExpired: token expired at {when}"))
        return {"grant": row[0]["grant_id"], "scopes": set(row[0]["scopes"].split()),
                "auth_event_id": row[0]["auth_event_id"]}

    def connected(self, tenant):
        return bool(self.store.query("SELECT 1 FROM connections WHERE client_id = ? AND tenant = ? AND active = 1",
                                     (self.app.client_id, tenant)))

    # ------------------------------------------------------------------ connections
    def connections(self, request, connection_id=None):
        self.bearer(request)
        if request.method == "DELETE":
            with self.store.tx() as db:
                changed = db.execute("UPDATE connections SET active = 0 WHERE id = ? AND client_id = ? AND active = 1",
                                     (connection_id, self.app.client_id)).rowcount
            return Response(status=204) if changed else json_response({"error": "not found"}, 404)
        if connection_id:
            return forbidden()
        sql = ("SELECT c.*, t.name FROM connections c JOIN tenants t ON t.id = c.tenant "
               "WHERE c.client_id = ? AND c.active = 1")
        params = [self.app.client_id]
        if request.args.get("authEventId"):
            sql += " AND c.auth_event_id = ?"
            params.append(request.args["authEventId"])
        rows = self.store.query(sql + " ORDER BY c.created, t.position", params)
        return json_response([{
            "id": r["id"], "authEventId": r["auth_event_id"], "tenantId": r["tenant"],
            "tenantType": "ORGANISATION", "tenantName": r["name"],
            "createdDateUtc": _iso(r["created"]), "updatedDateUtc": _iso(r["updated"]),
        } for r in rows])

    def grant_for_tests(self, tenant_ids, scopes):
        """Admin shortcut: a consented grant for these tenants without the browser dance."""
        event = new_id()
        now = self.store.now()
        scopes = " ".join(scopes)
        with self.store.tx() as db:
            for tenant in tenant_ids:
                if not db.execute("SELECT 1 FROM connections WHERE client_id = ? AND tenant = ? AND active = 1",
                                  (self.app.client_id, tenant)).fetchone():
                    db.execute("INSERT INTO connections (id, client_id, tenant, auth_event_id, created, updated) "
                               "VALUES (?, ?, ?, ?, ?, ?)", (new_id(), self.app.client_id, tenant, event, now, now))
            grant = new_id()
            db.execute("INSERT INTO grants (id, client_id, scopes, auth_event_id, created) VALUES (?, ?, ?, ?, ?)",
                       (grant, self.app.client_id, scopes, event, now))
            return self._issue(db, grant, scopes, event)


def _iso(epoch):
    """Xero's connection timestamps: ISO 8601 UTC with 7 fractional digits."""
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}0Z"


CONSENT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Xero sandbox | Allow access</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #f3f5f7; margin: 0; }}
main {{ max-width: 480px; margin: 48px auto; background: #fff; border-radius: 8px; padding: 32px;
        box-shadow: 0 2px 8px rgba(0,0,0,.1); }}
h1 {{ font-size: 20px; }} .brand {{ color: #13b5ea; font-weight: 700; }}
ul {{ padding-left: 20px; }} ul.orgs {{ list-style: none; padding: 0; }}
ul.orgs li {{ padding: 8px 0; border-bottom: 1px solid #eee; }}
.error {{ color: #b00020; }} button {{ padding: 10px 20px; border-radius: 4px; border: 0; font-size: 15px; }}
button[value=allow] {{ background: #13b5ea; color: #fff; }}
</style></head>
<body><main>
<p class="brand">xero sandbox</p>
<h1>{app} wants to access your Xero data</h1>
<p>It will be able to:</p><ul>{scopes}</ul>
{note}
<form method="post" action="/identity/connect/authorize">
{hidden}
<p><strong>Select the organisations to connect</strong></p>
<ul class="orgs">
{rows}
</ul>
<button type="submit" name="action" value="allow">Allow access</button>
<button type="submit" name="action" value="deny">Cancel</button>
</form>
</main></body></html>
"""

ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Xero sandbox | Error</title></head>
<body><h1>Sorry, something went wrong</h1><p class="error" data-error="{error}">{error}: {description}</p>
</body></html>
"""
