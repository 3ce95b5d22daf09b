"""The contract checker itself: it must catch what breaks Xero's OpenAPI files, or the strict
sandbox proves nothing."""

import json

import pytest

from xero_sandbox.contract import Contract

TENANT = "9a3b0f2e-6d3c-4a8e-8f0b-2c1d4e5f6a7b"
HEADERS = {"Xero-Tenant-Id": TENANT, "Authorization": "Bearer x", "Accept": "application/json"}
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def contract():
    return Contract.load()


def invoice(**overrides):
    return dict({"InvoiceID": TENANT, "Type": "ACCREC", "Total": 110.0, "Status": "AUTHORISED",
                 "Date": "/Date(1711843200000+0000)/", "LineItems": []}, **overrides)


def check(contract, method, path, query="", body=None, status=200, reply=None):
    headers = dict(HEADERS, **(JSON if body is not None else {}))
    return contract.check(method, path, query, headers, json.dumps(body).encode() if body is not None else b"",
                          status, JSON, json.dumps(reply).encode())


def test_valid_invoice_page(contract):
    reply = {"Invoices": [invoice()], "pagination": {"page": 1, "pageSize": 100, "pageCount": 1, "itemCount": 1}}
    assert check(contract, "GET", "/api.xro/2.0/Invoices", "page=1&pageSize=100", reply=reply) == []


def test_wrong_types_are_reported_readably(contract):
    problems = check(contract, "GET", "/api.xro/2.0/Invoices", reply={"Invoices": [invoice(Total="a lot")]})
    assert problems and "number" in " ".join(problems), problems
    assert check(contract, "GET", "/api.xro/2.0/Invoices", reply={"Invoices": [invoice(InvoiceID="nope")]})


def test_manual_journal_request_bodies(contract):
    good = {"ManualJournals": [{"Narration": "x", "Date": "2026-03-31", "JournalLines": [
        {"LineAmount": 10.0, "AccountCode": "200"}, {"LineAmount": -10.0, "AccountCode": "800"}]}]}
    reply = {"ManualJournals": [{"ManualJournalID": TENANT, "Narration": "x"}]}
    assert check(contract, "PUT", "/api.xro/2.0/ManualJournals", "summarizeErrors=false", good, reply=reply) == []
    bad = json.loads(json.dumps(good))
    bad["ManualJournals"][0]["JournalLines"][0]["LineAmount"] = "ten"
    assert check(contract, "PUT", "/api.xro/2.0/ManualJournals", "", bad, reply=reply)


def test_validation_exception_body(contract):
    reply = {"ErrorNumber": 10, "Type": "ValidationException", "Message": "A validation exception occurred",
             "Elements": [{"Narration": "x", "ValidationErrors": [{"Message": "The total debits (1.00) must "
                                                                              "equal total credits (0.00)"}]}]}
    assert check(contract, "PUT", "/api.xro/2.0/ManualJournals", "", {"ManualJournals": []}, 400, reply) == []


def test_connections_and_tokens(contract):
    good = [{"id": TENANT, "tenantId": TENANT, "tenantType": "ORGANISATION", "tenantName": "Kiwi",
             "createdDateUtc": "2026-11-24T06:00:00.0000000Z", "updatedDateUtc": "2026-11-24T06:00:00.0000000Z"}]
    assert check(contract, "GET", "/connections", reply=good) == []
    assert check(contract, "GET", "/connections", reply=[dict(good[0], id="not-a-uuid")])
    token = {"access_token": "a", "refresh_token": "r", "expires_in": 1800, "token_type": "Bearer"}
    assert check(contract, "POST", "/connect/token", reply=token) == []
    assert check(contract, "POST", "/connect/token", reply=dict(token, expires_in="1800"))


def test_webhook_payloads(contract):
    event = {"resourceUrl": "https://api.xero.com/api.xro/2.0/Contacts/" + TENANT, "resourceId": TENANT,
             "eventDateUtc": "2026-11-24T06:00:00.123Z", "eventType": "UPDATE", "eventCategory": "CONTACT",
             "tenantId": TENANT, "tenantType": "ORGANISATION"}
    payload = {"events": [event], "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "ABC"}
    assert contract.check_webhook(payload) == []
    assert contract.check_webhook({k: v for k, v in payload.items() if k != "entropy"})
    assert contract.check_webhook(dict(payload, events=[dict(event, eventType="DELETE")]))


def test_what_is_not_covered(contract):
    assert not contract.covers("POST", "/__sandbox__/reset")
    assert not contract.covers("GET", "/identity/connect/authorize")
    assert contract.covers("GET", "/api.xro/2.0/Invoices") and contract.covers("DELETE", "/connections/x")
