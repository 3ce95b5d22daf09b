"""Helpers of the sandbox tests. Tests talk to it over HTTP with plain `requests`
only: the connector's client is not used here, so neither can hide the other's mistakes."""

import base64
import hashlib
import secrets
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse

import requests

from xero_sandbox import testing
from xero_sandbox.seed import TENANT_IDS

KIWI, WALLABY, THAMES, FIRM = (TENANT_IDS[k] for k in ("kiwi", "wallaby", "thames", "firm"))
ALL_SCOPES = ["offline_access", "accounting.settings", "accounting.contacts", "accounting.invoices",
              "accounting.payments", "accounting.manualjournals", "accounting.attachments"]


class Api:
    """The Accounting API of one organisation with a bearer token."""

    def __init__(self, sandbox, tenant, token):
        self.sandbox, self.tenant, self.token = sandbox, tenant, token
        self.http = requests.Session()

    def headers(self, **extra):
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if self.tenant:
            headers["Xero-tenant-id"] = self.tenant
        headers.update(extra)
        return headers

    def request(self, method, path, headers=None, **kwargs):
        kwargs.setdefault("timeout", 30)
        return self.http.request(method, f"{self.sandbox.url}/api.xro/2.0/{path}",
                                 headers=self.headers(**(headers or {})), **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def put(self, path, body, **kwargs):
        return self.request("PUT", path, json=body, **kwargs)

    def post(self, path, body, **kwargs):
        return self.request("POST", path, json=body, **kwargs)

    def items(self, path, key=None, **kwargs):
        reply = self.get(path, **kwargs)
        assert reply.status_code == 200, reply.text
        return reply.json()[key or path.split("/")[0].split("?")[0]]


def pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


class ConsentForm(HTMLParser):
    def __init__(self):
        super().__init__()
        self.action, self.hidden, self.tenants, self._label = None, {}, {}, None
        self._ids = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.action = a.get("action")
        elif tag == "input" and a.get("type") == "hidden":
            self.hidden[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") == "checkbox":
            self._ids[a["id"]] = a["value"]
        elif tag == "label":
            self._label = a.get("for")

    def handle_data(self, data):
        if self._label and data.strip():
            self.tenants.setdefault(self._ids[self._label], data.strip())
            self._label = None


def consent(sandbox, tenants, scopes=("offline_access", "accounting.settings.read"), state="st-1",
            redirect="http://localhost:8069/xero/oauth/callback", action="allow"):
    """Drive the consent page like a browser -> (query of the redirect, verifier)."""
    verifier, challenge = pkce()
    browser = requests.Session()
    page = browser.get(f"{sandbox.url}/identity/connect/authorize", params={
        "response_type": "code", "client_id": testing.CLIENT_ID, "redirect_uri": redirect,
        "scope": " ".join(scopes), "state": state, "code_challenge": challenge, "code_challenge_method": "S256",
    }, timeout=30)
    assert page.status_code == 200, page.text
    form = ConsentForm()
    form.feed(page.text)
    data = list(form.hidden.items()) + [("tenant_ids", t) for t in tenants] + [("action", action)]
    reply = browser.post(sandbox.url + form.action, data=data, allow_redirects=False, timeout=30)
    assert reply.status_code == 302, reply.text
    location = reply.headers["Location"]
    assert location.startswith(redirect)
    return {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}, verifier


def token_request(sandbox, data, auth=(testing.CLIENT_ID, testing.CLIENT_SECRET)):
    return requests.post(f"{sandbox.url}/connect/token", data=data, auth=auth, timeout=30)
