"""The client against the live local Xero sandbox (xero_sandbox), end to end.

Skipped, with the reason, while xero_sandbox/testing.py does not exist yet.
"""

import dataclasses
import secrets
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests

from xero_client import (
    MemoryGovernor,
    XeroAuthError,
    XeroClient,
    XeroConfig,
    XeroOAuth,
    new_code_verifier,
    scopes_for,
)

testing = pytest.importorskip(
    "xero_sandbox.testing", reason="xero_sandbox/testing.py is not there yet (built in parallel)")

REDIRECT = "http://localhost:8069/xero/oauth/callback"


def seed(*names):
    """A seed constant of the sandbox, under whichever of these names it exports."""
    import importlib

    for module_name in ("xero_sandbox.testing", "xero_sandbox.seed", "xero_sandbox"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            if hasattr(module, name):
                return getattr(module, name)
    pytest.skip(f"the sandbox exports none of {names}")
    return None


class FormParser(HTMLParser):
    """The consent page's form: action, method, fields and checkboxes."""

    def __init__(self):
        super().__init__()
        self.action, self.method, self.fields, self.boxes = None, "post", [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action is None:
            self.action, self.method = attrs.get("action") or "", (attrs.get("method") or "post")
        elif tag in ("input", "button") and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind == "checkbox":
                self.boxes.append((attrs["name"], attrs.get("value", "on")))
            elif kind in ("hidden", "text") or (kind == "submit" and attrs.get("value") == "allow"):
                self.fields.append((attrs["name"], attrs.get("value", "")))


@pytest.fixture(scope="module")
def sandbox():
    with testing.SandboxProcess() as proc:
        yield proc


@pytest.fixture(scope="module")
def config(sandbox):
    url = sandbox.url
    return XeroConfig(
        client_id=seed("CLIENT_ID"), client_secret=seed("CLIENT_SECRET"),
        redirect_uri=seed("REDIRECT_URI") if _has("REDIRECT_URI") else REDIRECT,
        login_url=url, identity_url=url, api_url=url, app_url=url,
        timeout=5, max_attempts=4, max_wait=5, backoff=0.05,
    )


def _has(name):
    import importlib

    for module_name in ("xero_sandbox.testing", "xero_sandbox.seed"):
        try:
            if hasattr(importlib.import_module(module_name), name):
                return True
        except ImportError:
            pass
    return False


def tenant_ids():
    ids = seed("TENANT_IDS", "TENANTS")
    ids = list(ids.values()) if isinstance(ids, dict) else list(ids)
    return [t if isinstance(t, str) else t.get("tenantId") or t.get("id") for t in ids]


def consent(sandbox, oauth, tenants):
    """Drive the consent page like a browser; -> (code, state) from the redirect."""
    verifier, state = new_code_verifier(), secrets.token_urlsafe(16)
    browser = requests.Session()
    page = browser.get(oauth.authorization_url(state, verifier, scopes_for({"journals"})),
                       timeout=5)
    assert page.status_code == 200, page.text[:300]
    form = FormParser()
    form.feed(page.text)
    data = list(form.fields) + [(n, v) for n, v in form.boxes if v in tenants]
    assert len([1 for n, v in data if v in tenants]) == len(tenants), form.boxes
    reply = browser.request(form.method.upper(), urljoin(page.url, form.action), data=data,
                            allow_redirects=False, timeout=5)
    assert reply.status_code in (302, 303), reply.text[:300]
    location = reply.headers["Location"]
    assert location.startswith(oauth.config.redirect_uri)
    query = {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}
    assert query["state"] == state
    return query["code"], verifier


@pytest.fixture(scope="module")
def grant(sandbox, config):
    oauth = XeroOAuth(config)
    tenants = tenant_ids()[:2]
    code, verifier = consent(sandbox, oauth, tenants)
    token = oauth.exchange_code(code, verifier)
    return {"oauth": oauth, "token": token, "tenants": tenants}


def test_consent_exchange_and_connections(grant):
    oauth, token = grant["oauth"], grant["token"]
    assert token["access_token"] and token["refresh_token"] and token["expires_at"]
    assert token["auth_event_id"]
    conns = oauth.list_connections(token["access_token"], auth_event_id=token["auth_event_id"])
    assert sorted(c["tenantId"] for c in conns) == sorted(grant["tenants"])


def test_paging_invoices(config, grant):
    tenant = grant["tenants"][0]
    client = XeroClient(config, tenant, grant["token"]["access_token"], governor=MemoryGovernor())
    pages = list(client.iter_pages("Invoices", page_size=2))
    assert len(pages) > 1 and all(len(items) == 2 for _p, items in pages[:-1])
    assert client.get_organisation().get("Name")
    assert client.stats.calls == len(pages) + 1 and client.stats.bytes_received > 0
    everything = client.get("Invoices")["Invoices"]
    # no duplicates, nothing skipped; the pagination block saves the call for an empty page
    assert [i["InvoiceID"] for _p, items in pages for i in items] == [i["InvoiceID"] for i in everything]


def test_429_recovered_by_retry(sandbox, config, grant):
    def virtual_sleep(seconds):  # waiting Retry-After = moving the sandbox's clock
        sandbox.admin("POST", "/__sandbox__/clock", json={"advance": seconds})

    client = XeroClient(dataclasses.replace(config, max_wait=120), grant["tenants"][1],
                        grant["token"]["access_token"], sleep=virtual_sleep)
    sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 1})
    try:
        client.get_all("Accounts")
        assert client.get_all("Accounts")  # 429 (minute), Retry-After honoured, then served
    finally:
        sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 60})
    assert client.stats.rate_limited == 1 and client.stats.retries == 1


def test_refresh_rotation_then_revoke(sandbox, grant):
    oauth, token = grant["oauth"], grant["token"]
    new = oauth.refresh(token["refresh_token"])
    assert new["refresh_token"] != token["refresh_token"]
    # past any grace period Xero may allow, the old refresh token is refused
    sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 31 * 60})
    with pytest.raises(XeroAuthError) as info:
        oauth.refresh(token["refresh_token"])
    assert info.value.reason == "invalid_grant"
    newer = oauth.refresh(new["refresh_token"])
    oauth.revoke(newer["refresh_token"])
    with pytest.raises(XeroAuthError):
        oauth.refresh(newer["refresh_token"])


# ---------------------------------------------------------------------- fixed assets, payroll
def test_asset_and_payroll_status(sandbox, config):
    from xero_client import products

    wallaby, kiwi, thames = (seed("TENANT_IDS")[k] for k in ("wallaby", "kiwi", "thames"))
    granted = scopes_for({"assets", "payroll"})
    sandbox.admin("POST", f"/__sandbox__/tenants/{thames}/products", json={"payroll": True})  # seeded without
    token = sandbox.grant([wallaby, kiwi, thames], granted)["access_token"]

    def client(tenant):
        return XeroClient(config, tenant, token)

    assert products.assets_status(client(wallaby), granted) == (products.CONNECTED, products.IN_USE)
    for tenant, country in ((wallaby, "AU"), (kiwi, "NZ"), (thames, "GB")):
        assert products.payroll_status(client(tenant), country, granted) == (products.CONNECTED, products.IN_USE)
    sandbox.admin("POST", f"/__sandbox__/tenants/{thames}/products", json={"payroll": False, "assets": False})
    assert products.payroll_status(client(thames), "GB", granted) == (products.NOT_CONNECTED, products.NOT_USED)
    assert products.assets_status(client(thames), granted) == (products.NOT_CONNECTED, products.NOT_USED)
    # no call at all: a country without Xero Payroll, a grant without the scope
    before = len(sandbox.admin("GET", "/__sandbox__/calls"))
    us = client(wallaby)
    assert products.payroll_status(us, "US", granted) == (products.UNAVAILABLE, products.NO_PAYROLL_COUNTRY)
    plain = scopes_for()
    assert products.payroll_status(us, "AU", plain) == (products.UNAVAILABLE, products.NO_SCOPE)
    assert products.assets_status(us, " ".join(plain)) == (products.UNAVAILABLE, products.NO_SCOPE)
    assert len(sandbox.admin("GET", "/__sandbox__/calls")) == before
    with pytest.raises(ValueError):
        us.get_payroll_settings("US")
    # the token lacks the scope although the connector thought it had it: Xero's 403
    thin = XeroClient(config, wallaby, sandbox.grant([wallaby], plain)["access_token"])
    assert products.payroll_status(thin, "AU", granted) == (products.NOT_CONNECTED, products.NOT_USED)
    assert sandbox.violations() == []
