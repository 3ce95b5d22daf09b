"""A full flow with every logger at DEBUG: no token or secret may appear in any record."""

import logging

import pytest
import requests

from xero_client import MemoryGovernor, XeroClient, XeroConfig, XeroError, XeroOAuth
from xero_client.tests.fakes import (
    CLIENT_SECRET,
    TENANT,
    FakeAdapter,
    Reply,
    fake_jwt,
    session_with,
)

ACCESS = fake_jwt({"authentication_event_id": "ev-1", "secret_marker": "ACCESS-MARK"})
ACCESS2 = fake_jwt({"authentication_event_id": "ev-1", "secret_marker": "ACCESS-MARK-2"})
SECRETS = [ACCESS, ACCESS2, "REFRESH-ONE-xyz", "REFRESH-TWO-xyz", "AUTH-CODE-123",
           "VERIFIER-abcdefghijklmnopqrstuvwxyz0123456789abcdef", CLIENT_SECRET, "ID-TOKEN-q"]


USED = []


def handler(sent):
    path = sent.path
    if path == "/connect/token":
        form = sent.form()
        if form["grant_type"] == "authorization_code":
            return Reply(200, {"access_token": ACCESS, "refresh_token": "REFRESH-ONE-xyz",
                               "expires_in": 1800, "id_token": "ID-TOKEN-q", "scope": "x"})
        if form["refresh_token"] == "REFRESH-ONE-xyz" and not USED:
            USED.append(form["refresh_token"])
            return Reply(200, {"access_token": ACCESS2, "refresh_token": "REFRESH-TWO-xyz",
                               "expires_in": 1800, "scope": "x"})
        return Reply(400, {"error": "invalid_grant"})
    if path == "/connect/revocation":
        return Reply(200)
    if path == "/connections":
        return Reply(200, [{"id": "c1", "tenantId": TENANT, "tenantName": "Demo"}])
    if path.endswith("/Invoices"):
        return Reply(200, {"Invoices": [{"InvoiceID": "i1"}]})
    if path.endswith("/ManualJournals"):
        return Reply(200, {"ManualJournals": [{"ManualJournalID": "m1"}]})
    return Reply(401, {"Title": "Unauthorized", "Detail": "TokenExpired: token expired"})


def test_full_flow_logs_no_secret(caplog):
    USED.clear()
    fake = FakeAdapter(handler)
    session = session_with(fake)
    config = XeroConfig(client_id="CID", client_secret=CLIENT_SECRET, redirect_uri="https://o/cb",
                        backoff=0)
    oauth = XeroOAuth(config, session=session, sleep=lambda s: None)
    root = logging.getLogger()
    with caplog.at_level(logging.DEBUG, logger=None):
        root.setLevel(logging.DEBUG)
        logging.getLogger("urllib3").setLevel(logging.DEBUG)
        oauth.authorization_url("state", SECRETS[5])
        token = oauth.exchange_code("AUTH-CODE-123", SECRETS[5])
        fake.queue(Reply(503, text="busy"))  # one retry, so retry logging runs too
        oauth.list_connections(token["access_token"], token["auth_event_id"])
        token = oauth.refresh(token["refresh_token"])
        with pytest.raises(XeroError):
            oauth.refresh("REFRESH-ONE-xyz")
        client = XeroClient(config, TENANT, token["access_token"], governor=MemoryGovernor(),
                            session=session, sleep=lambda s: None)
        list(client.iter_pages("Invoices"))
        client.save_manual_journals([{"Narration": "n"}])
        with pytest.raises(XeroError) as info:
            client.get("Unknown")
        logging.getLogger("test").exception("reporting %s", info.value)
        with pytest.raises(XeroError):
            fake.queue(requests.ReadTimeout("read timed out"))
            client.put("ManualJournals", {"ManualJournals": []})
        oauth.revoke(token["refresh_token"])
    assert len(caplog.records) > 5
    text = "\n".join(
        f"{r.getMessage()} {caplog.text}" for r in caplog.records
    )
    for secret in SECRETS:
        assert secret not in text
    for marker in ("ACCESS-MARK", "Bearer ", "Basic "):
        assert marker not in text
