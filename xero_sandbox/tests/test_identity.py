"""OAuth2 against the live sandbox: consent page, PKCE, rotation, revocation, connections, scopes."""

import requests

from xero_sandbox import testing
from xero_sandbox.tests.common import FIRM, KIWI, THAMES, WALLABY, Api, consent, token_request

REDIRECT = "http://localhost:8069/xero/oauth/callback"


def exchange(sandbox, tenants, scopes=("offline_access", "accounting.settings.read")):
    query, verifier = consent(sandbox, tenants, scopes)
    reply = token_request(sandbox, {"grant_type": "authorization_code", "code": query["code"],
                                    "redirect_uri": REDIRECT, "code_verifier": verifier})
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_consent_page_lists_every_organisation(sandbox):
    page = requests.get(f"{sandbox.url}/identity/connect/authorize", params={
        "response_type": "code", "client_id": testing.CLIENT_ID, "redirect_uri": REDIRECT,
        "scope": "offline_access accounting.invoices.read", "state": "s", "code_challenge": "x" * 43,
        "code_challenge_method": "S256"}, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    for name in ("Demo Accounting Firm", "Kiwi Garden Supplies", "Wallaby Wholesale", "Thames Consulting"):
        assert name in page.text
    assert page.text.count('type="checkbox" name="tenant_ids"') == 4
    assert "Invoices, bills and credit notes (read only)" in page.text


def test_bulk_connect_with_pkce_and_state(sandbox):
    query, verifier = consent(sandbox, [KIWI, WALLABY], state="opaque-state-123")
    assert query["state"] == "opaque-state-123" and query["code"]
    reply = token_request(sandbox, {"grant_type": "authorization_code", "code": query["code"],
                                    "redirect_uri": REDIRECT, "code_verifier": verifier})
    token = reply.json()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 1800 and token["refresh_token"]
    conns = requests.get(f"{sandbox.url}/connections", headers={"Authorization": f"Bearer {token['access_token']}"},
                         timeout=10).json()
    assert sorted(c["tenantId"] for c in conns) == sorted([KIWI, WALLABY])
    assert {c["tenantName"] for c in conns} == {"Kiwi Garden Supplies", "Wallaby Wholesale Pty"}
    assert len({c["authEventId"] for c in conns}) == 1
    # a later consent for another organisation: the authEventId filter tells them apart
    second = exchange(sandbox, [THAMES])
    everything = requests.get(f"{sandbox.url}/connections",
                              headers={"Authorization": f"Bearer {second['access_token']}"}, timeout=10).json()
    assert len(everything) == 3
    latest = [c for c in everything if c["tenantId"] == THAMES][0]["authEventId"]
    only = requests.get(f"{sandbox.url}/connections", params={"authEventId": latest},
                        headers={"Authorization": f"Bearer {second['access_token']}"}, timeout=10).json()
    assert [c["tenantId"] for c in only] == [THAMES]


def test_wrong_verifier_reused_code_and_bad_client_are_refused(sandbox):
    query, verifier = consent(sandbox, [KIWI])
    data = {"grant_type": "authorization_code", "code": query["code"], "redirect_uri": REDIRECT,
            "code_verifier": verifier + "x"}
    assert token_request(sandbox, data).json() == {"error": "invalid_grant"}
    # the code was spent by the failed attempt, as Xero's single-use codes are
    data["code_verifier"] = verifier
    assert token_request(sandbox, data).json() == {"error": "invalid_grant"}
    query, verifier = consent(sandbox, [KIWI])
    data = {"grant_type": "authorization_code", "code": query["code"], "redirect_uri": REDIRECT,
            "code_verifier": verifier}
    assert token_request(sandbox, data, auth=(testing.CLIENT_ID, "wrong")).json() == {"error": "invalid_client"}
    assert token_request(sandbox, dict(data, redirect_uri="http://elsewhere/cb")).json() == {"error": "invalid_grant"}


def test_denied_consent_and_bad_requests(sandbox):
    query, _verifier = consent(sandbox, [KIWI], action="deny", state="s9")
    assert query == {"error": "access_denied", "state": "s9"}
    bad_client = requests.get(f"{sandbox.url}/identity/connect/authorize", params={
        "response_type": "code", "client_id": "nobody", "redirect_uri": REDIRECT, "scope": "offline_access",
        "state": "s", "code_challenge": "c", "code_challenge_method": "S256"}, timeout=10)
    assert bad_client.status_code == 400 and "unauthorized_client" in bad_client.text
    no_pkce = requests.get(f"{sandbox.url}/identity/connect/authorize", params={
        "response_type": "code", "client_id": testing.CLIENT_ID, "redirect_uri": REDIRECT,
        "scope": "offline_access", "state": "s"}, allow_redirects=False, timeout=10)
    assert no_pkce.status_code == 302 and "error=invalid_request" in no_pkce.headers["Location"]
    bad_scope = requests.get(f"{sandbox.url}/identity/connect/authorize", params={
        "response_type": "code", "client_id": testing.CLIENT_ID, "redirect_uri": REDIRECT,
        "scope": "accounting.everything", "state": "s", "code_challenge": "c", "code_challenge_method": "S256"},
        allow_redirects=False, timeout=10)
    assert "error=invalid_scope" in bad_scope.headers["Location"]


def test_refresh_rotation_and_reuse_of_the_old_token(sandbox):
    first = exchange(sandbox, [KIWI])
    second = token_request(sandbox, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}).json()
    assert second["refresh_token"] != first["refresh_token"] and second["access_token"] != first["access_token"]
    # a worker that lost the reply may retry with the old token while the new one is unused
    again = token_request(sandbox, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}).json()
    assert again["refresh_token"] == second["refresh_token"]
    # once the new refresh token is used, the old one is dead: invalid_grant, as Xero answers
    third = token_request(sandbox, {"grant_type": "refresh_token", "refresh_token": second["refresh_token"]}).json()
    assert third["refresh_token"]
    stale = token_request(sandbox, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert stale.status_code == 400 and stale.json() == {"error": "invalid_grant"}


def test_old_refresh_token_dies_after_the_grace_period(sandbox):
    first = exchange(sandbox, [KIWI])
    token_request(sandbox, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 31 * 60})
    stale = token_request(sandbox, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert stale.json() == {"error": "invalid_grant"}


def test_access_token_expires_after_30_minutes(sandbox):
    token = exchange(sandbox, [KIWI])
    api = Api(sandbox, KIWI, token["access_token"])
    assert api.get("Organisation").status_code == 200
    sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 29 * 60})
    assert api.get("Organisation").status_code == 200
    sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 2 * 60})
    expired = api.get("Organisation")
    assert expired.status_code == 401 and expired.json()["Detail"].startswith("TokenExpired")
    assert 'error="invalid_token"' in expired.headers["WWW-Authenticate"]


def test_revocation_kills_refresh_and_access_tokens(sandbox):
    token = exchange(sandbox, [KIWI])
    reply = requests.post(f"{sandbox.url}/connect/revocation", data={"token": token["refresh_token"]},
                          auth=(testing.CLIENT_ID, testing.CLIENT_SECRET), timeout=10)
    assert reply.status_code == 200
    refresh = token_request(sandbox, {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]})
    assert refresh.json() == {"error": "invalid_grant"}
    assert Api(sandbox, KIWI, token["access_token"]).get("Organisation").status_code == 401


def test_delete_connection_disconnects_one_organisation(sandbox):
    token = exchange(sandbox, [KIWI, WALLABY])
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    conns = requests.get(f"{sandbox.url}/connections", headers=headers, timeout=10).json()
    kiwi = next(c for c in conns if c["tenantId"] == KIWI)
    assert requests.delete(f"{sandbox.url}/connections/{kiwi['id']}", headers=headers, timeout=10).status_code == 204
    assert requests.delete(f"{sandbox.url}/connections/{kiwi['id']}", headers=headers, timeout=10).status_code == 404
    assert [c["tenantId"] for c in requests.get(f"{sandbox.url}/connections", headers=headers, timeout=10).json()] \
        == [WALLABY]
    assert Api(sandbox, KIWI, token["access_token"]).get("Organisation").status_code == 403
    assert Api(sandbox, WALLABY, token["access_token"]).get("Organisation").status_code == 200
    # consenting again brings the same organisation back
    exchange(sandbox, [KIWI])
    assert Api(sandbox, KIWI, token["access_token"]).get("Organisation").status_code == 200


def test_scopes_are_enforced_per_endpoint(sandbox):
    token = exchange(sandbox, [KIWI], scopes=("offline_access", "accounting.settings.read",
                                              "accounting.contacts.read"))
    api = Api(sandbox, KIWI, token["access_token"])
    assert api.get("Accounts").status_code == 200
    assert api.get("Contacts").status_code == 200
    for path in ("Invoices", "ManualJournals", "Payments", "CreditNotes"):
        denied = api.get(path)
        assert denied.status_code == 403 and denied.json()["Title"] == "Forbidden", path
    assert api.post("Contacts", {"Contacts": [{"Name": "Not allowed"}]}).status_code == 403
    assert api.put("ManualJournals", {"ManualJournals": []}).status_code == 403


def test_tenant_header_is_required_and_must_be_connected(sandbox):
    token = exchange(sandbox, [KIWI])
    assert Api(sandbox, None, token["access_token"]).get("Organisation").status_code == 403
    assert Api(sandbox, FIRM, token["access_token"]).get("Organisation").status_code == 403
    assert Api(sandbox, KIWI, "not-a-token").get("Organisation").status_code == 401
