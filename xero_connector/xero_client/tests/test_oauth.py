import base64
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from xero_client import (
    XeroAuthError,
    XeroConfig,
    XeroMalformedResponse,
    XeroOAuth,
    XeroTransientError,
    auth_event_id,
    code_challenge,
    scopes_for,
)
from xero_client.tests.fakes import CLIENT_ID, CLIENT_SECRET, FakeAdapter, Reply, fake_jwt, session_with

REDIRECT = "https://odoo.example.com/xero/oauth/callback"
EVENT = "5f3b0b6e-8a4e-4c1e-9a53-0a4b8f1f0a11"


@pytest.fixture
def fake():
    return FakeAdapter()


@pytest.fixture
def oauth(fake):
    config = XeroConfig(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=REDIRECT,
                        timeout=9)
    return XeroOAuth(config, session=session_with(fake), sleep=lambda s: None, clock=lambda: 1000)


def token_reply(refresh="refresh-2"):
    return Reply(200, {
        "access_token": fake_jwt({"authentication_event_id": EVENT, "xero_userid": "u"}),
        "refresh_token": refresh, "expires_in": 1800, "token_type": "Bearer",
        "scope": "offline_access accounting.settings.read", "id_token": "id.token.value",
    })


def test_authorization_url(oauth):
    url = oauth.authorization_url("signed-state", "v" * 50, scopes_for({"journals"}))
    parts = urlparse(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://login.xero.com/identity/connect/authorize")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {
        "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT,
        "scope": " ".join(scopes_for({"journals"})), "state": "signed-state",
        "code_challenge": code_challenge("v" * 50), "code_challenge_method": "S256",
    }
    assert "scope=offline_access+" in parts.query or "scope=accounting" in parts.query  # space-separated


def test_exchange_code(oauth, fake):
    fake.queue(token_reply())
    token = oauth.exchange_code("the-code", "the-verifier")
    sent = fake.sent[0]
    assert sent.method == "POST" and sent.url == "https://identity.xero.com/connect/token"
    assert sent.form() == {"grant_type": "authorization_code", "code": "the-code",
                           "redirect_uri": REDIRECT, "code_verifier": "the-verifier"}
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert sent.headers["Authorization"] == f"Basic {basic}"
    assert sent.timeout == 9
    assert token["refresh_token"] == "refresh-2" and token["expires_at"] == 2800
    assert token["scope"] == ["offline_access", "accounting.settings.read"]
    assert token["auth_event_id"] == EVENT and token["id_token"] == "id.token.value"


def test_public_client_sends_client_id(fake):
    config = XeroConfig(client_id=CLIENT_ID, redirect_uri=REDIRECT)
    oauth = XeroOAuth(config, session=session_with(fake))
    fake.queue(token_reply())
    oauth.exchange_code("c", "v")
    assert fake.sent[0].form()["client_id"] == CLIENT_ID
    assert "Authorization" not in fake.sent[0].headers


def test_refresh_rotates(oauth, fake):
    fake.queue(token_reply("refresh-3"))
    token = oauth.refresh("refresh-2")
    assert fake.sent[0].form() == {"grant_type": "refresh_token", "refresh_token": "refresh-2"}
    assert token["refresh_token"] == "refresh-3"


def test_refresh_invalid_grant(oauth, fake):
    fake.queue(Reply(400, {"error": "invalid_grant"}))
    with pytest.raises(XeroAuthError) as info:
        oauth.refresh("used-one")
    assert info.value.reason == "invalid_grant" and info.value.needs_reconnect


def test_token_post_not_retried_on_timeout(oauth, fake):
    fake.queue(requests.ReadTimeout())
    with pytest.raises(XeroTransientError):
        oauth.refresh("r")
    assert len(fake.sent) == 1


def test_token_reply_without_access_token(oauth, fake):
    fake.queue(Reply(200, {"token_type": "Bearer"}))
    with pytest.raises(XeroMalformedResponse):
        oauth.exchange_code("c", "v")


def test_revoke(oauth, fake):
    fake.queue(Reply(200, text=""))
    oauth.revoke("refresh-2")
    sent = fake.sent[0]
    assert sent.url == "https://identity.xero.com/connect/revocation"
    assert sent.form() == {"token": "refresh-2"} and sent.headers["Authorization"].startswith("Basic ")


def test_list_and_delete_connections(oauth, fake):
    conns = [{"id": "c1", "tenantId": "t1", "tenantName": "A", "authEventId": EVENT},
             {"id": "c2", "tenantId": "t2", "tenantName": "B", "authEventId": EVENT}]
    fake.queue(Reply(200, conns), Reply(204))
    assert oauth.list_connections("acc", auth_event_id=EVENT) == conns
    assert fake.sent[0].url == f"https://api.xero.com/connections?authEventId={EVENT}"
    assert fake.sent[0].headers["Authorization"] == "Bearer acc"
    oauth.delete_connection("acc", "c1")
    assert fake.sent[1].method == "DELETE" and fake.sent[1].url == "https://api.xero.com/connections/c1"


def test_list_connections_retried_on_503(oauth, fake):
    fake.queue(Reply(503, text=""), Reply(200, []))
    assert oauth.list_connections("acc") == []
    assert "authEventId" not in fake.sent[1].url


def test_auth_event_id_from_jwt():
    assert auth_event_id(fake_jwt({"authentication_event_id": EVENT})) == EVENT
    assert auth_event_id("not-a-jwt") is None
    assert auth_event_id("a.!!!.c") is None
    assert auth_event_id(None) is None
