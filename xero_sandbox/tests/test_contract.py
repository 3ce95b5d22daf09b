"""The contract checker itself: it must catch what breaks Xero's OpenAPI files, or the strict
sandbox proves nothing."""

import copy
import json

import pytest

from xero_sandbox.contract import Contract

TENANT = "9a3b0f2e-6d3c-4a8e-8f0b-2c1d4e5f6a7b"
HEADERS = {"Xero-Tenant-Id": TENANT, "Authorization": "Bearer x", "Accept": "application/json"}
JSON = {"Content-Type": "application/json; charset=utf-8"}
JOURNAL = {"ManualJournals": [{"Narration": "Accrual", "Date": "2026-03-31", "HasAttachments": False, "JournalLines": [
    {"LineAmount": 10.0, "AccountCode": "200", "Description": "x"}, {"LineAmount": -10.0, "AccountCode": "800"}]}]}
CONNECTION = {"id": "7cb59f93-2964-421d-bb5e-a0f7a4572a44", "tenantId": TENANT, "tenantType": "ORGANISATION",
              "tenantName": "Kiwi", "createdDateUtc": "2026-11-24T06:00:00.5165400Z",
              "updatedDateUtc": "2026-11-24T06:00:00.5187840Z"}
TOKEN = {"id_token": "i", "access_token": "a", "refresh_token": "r", "expires_in": 1800, "token_type": "Bearer"}
EVENT = {"resourceUrl": "https://api.xero.com/api.xro/2.0/Contacts/" + TENANT, "resourceId": TENANT,
         "eventDateUtc": "2026-11-24T06:00:00.123Z", "eventType": "UPDATE", "eventCategory": "CONTACT",
         "tenantId": TENANT, "tenantType": "ORGANISATION"}
WEBHOOK = {"events": [EVENT], "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "ABCDEFGHIJ"}


@pytest.fixture(scope="module")
def contract():
    return Contract.load()


def invoice(**overrides):
    return dict({"InvoiceID": TENANT, "InvoiceNumber": "INV-0001", "Type": "ACCREC", "Status": "AUTHORISED",
                 "Contact": {"ContactID": TENANT, "Name": "Ridgeway"}, "Date": "/Date(1711843200000+0000)/",
                 "LineAmountTypes": "Exclusive", "SubTotal": 100.0, "TotalTax": 10.0, "Total": 110.0,
                 "AmountDue": 110.0, "CurrencyCode": "NZD", "HasAttachments": False,
                 "UpdatedDateUTC": "/Date(1711843200000+0000)/",
                 "LineItems": [{"LineItemID": TENANT, "Description": "Rent", "Quantity": 1.0, "UnitAmount": 100.0,
                                "AccountCode": "200", "TaxType": "OUTPUT2", "LineAmount": 100.0}]}, **overrides)


def invoices(*items, page=1):
    return {"Invoices": list(items), "pagination": {"page": page, "pageSize": 100, "pageCount": 1,
                                                    "itemCount": len(items)}}


def check(contract, method, path, query="", body=None, status=200, reply=None):
    headers = dict(HEADERS, **(JSON if body is not None else {}))
    return contract.check(method, path, query, headers, json.dumps(body).encode() if body is not None else b"",
                          status, JSON, json.dumps(reply).encode() if reply is not None else b"")


def test_valid_invoice_page(contract):
    assert check(contract, "GET", "/api.xro/2.0/Invoices", "page=1", reply=invoices(invoice(), invoice())) == []
    assert check(contract, "GET", f"/api.xro/2.0/Invoices/{TENANT}", reply=invoices(invoice())) == []


def test_wrong_types_are_reported_readably(contract):
    problems = check(contract, "GET", "/api.xro/2.0/Invoices", "page=1", reply=invoices(invoice(Total="a lot")))
    assert any("Invoices/0/Total" in p and "number" in p for p in problems), problems
    # a numeric string is still a string: openapi-core would cast it before validating
    assert check(contract, "GET", "/api.xro/2.0/Invoices", reply=invoices(invoice(Total="110.00")))
    problems = check(contract, "GET", "/api.xro/2.0/Invoices", reply=invoices(invoice(InvoiceID="INV-1")))
    assert any("Invoices/0/InvoiceID" in p and "uuid" in p for p in problems), problems
    assert all(len(p) < 400 for p in problems), problems


def test_unknown_query_parameter_wrong_method_and_bad_values(contract):
    reply = invoices(invoice())
    problems = check(contract, "GET", "/api.xro/2.0/Invoices", "page=1&colour=blue", reply=reply)
    assert len(problems) == 1 and "unknown query parameter 'colour'" in problems[0], problems
    assert check(contract, "GET", "/api.xro/2.0/Invoices", "page=two", reply=reply)
    problems = check(contract, "PATCH", "/api.xro/2.0/Invoices", reply=reply)
    assert problems and "PATCH /api.xro/2.0/Invoices is not an operation" in problems[0], problems
    assert check(contract, "GET", "/api.xro/2.0/Nothing", reply={})
    # a request the sandbox refused is the client's fault, not a finding
    assert check(contract, "PATCH", "/api.xro/2.0/Invoices", status=405, reply={"Message": "no"}) == []


def test_manual_journal_request_bodies(contract):
    reply = {"ManualJournals": [{"ManualJournalID": TENANT, "Narration": "Accrual", "Status": "DRAFT"}]}
    path = "/api.xro/2.0/ManualJournals"
    # HasAttachments is readOnly: Xero's SDKs send it and Xero accepts it
    assert check(contract, "PUT", path, "summarizeErrors=false", JOURNAL, reply=reply) == []
    bad = copy.deepcopy(JOURNAL)
    bad["ManualJournals"][0]["JournalLines"][0]["LineAmount"] = "10.00"
    problems = check(contract, "PUT", path, "summarizeErrors=false", bad, reply=reply)
    assert any("request body" in p for p in problems) and any("LineAmount" in p for p in problems), problems


def test_validation_exception_body(contract):
    reply = {"ErrorNumber": 10, "Type": "ValidationException", "Message": "A validation exception occurred",
             "Elements": [{"Narration": "Accrual", "ValidationErrors": [
                 {"Message": "The total debits (10.00) must equal total credits (0.00)"}]}]}
    assert check(contract, "PUT", "/api.xro/2.0/ManualJournals", "", JOURNAL, 400, reply) == []
    assert check(contract, "PUT", "/api.xro/2.0/ManualJournals", "", JOURNAL, 400, dict(reply, ErrorNumber="ten"))


def test_connections(contract):
    assert check(contract, "GET", "/connections", reply=[CONNECTION]) == []
    anonymous = {k: v for k, v in CONNECTION.items() if k != "tenantId"}  # every property is optional
    assert check(contract, "GET", "/connections", reply=[anonymous]) == []
    problems = check(contract, "GET", "/connections", reply=[dict(CONNECTION, id="not-a-uuid")])
    assert any("0/id" in p and "uuid" in p for p in problems), problems
    assert check(contract, "DELETE", f"/connections/{CONNECTION['id']}", status=204) == []


def test_connection_dates_without_zone_break_the_identity_contract(contract):
    # Xero's own example writes createdDateUtc without a zone; the contract says RFC 3339 date-time
    naive = dict(CONNECTION, createdDateUtc="2019-12-07T18:46:19.5165400")
    problems = check(contract, "GET", "/connections", reply=[naive])
    assert any("createdDateUtc" in p and "date-time" in p for p in problems), problems


def test_tokens(contract):
    assert check(contract, "POST", "/connect/token", reply=TOKEN) == []
    problems = check(contract, "POST", "/connect/token", reply=dict(TOKEN, expires_in="1800"))
    assert problems and "expires_in" in problems[0], problems
    assert check(contract, "POST", "/connect/token", status=400, reply={"error": "invalid_grant"}) == []


def test_webhook_payloads(contract):
    assert contract.check_webhook(WEBHOOK) == []
    problems = contract.check_webhook({k: v for k, v in WEBHOOK.items() if k != "entropy"})
    assert problems and "entropy" in problems[0], problems
    assert contract.check_webhook(dict(WEBHOOK, events=[dict(EVENT, eventType="DELETE")]))


def test_what_is_not_covered(contract):
    for method, path in (("POST", "/__sandbox__/reset"), ("GET", "/identity/connect/authorize")):
        assert not contract.covers(method, path)
        assert contract.check(method, path, "", {}, b"", 200, {"Content-Type": "text/html"}, b"<html/>") == []
    assert contract.covers("GET", "/api.xro/2.0/Invoices") and contract.covers("DELETE", "/connections/x")
    assert contract.covers("POST", "/connect/token")


def test_loaded_once(contract):
    assert Contract.load() is contract


def test_what_xero_accepts_beyond_its_file(contract):
    reply, path = invoices(invoice()), "/api.xro/2.0/Invoices"
    for since in ("2026-03-31T12:00:01Z", "2026-03-31T12:00:01", "Tue, 31 Mar 2026 12:00:01 GMT"):
        headers = dict(HEADERS, **{"If-Modified-Since": since})
        assert contract.check("GET", path, "", headers, b"", 200, JSON, json.dumps(reply).encode()) == [], since
    headers = dict(HEADERS, **{"If-Modified-Since": "yesterday"})
    assert contract.check("GET", path, "", headers, b"", 200, JSON, json.dumps(reply).encode())
    assert check(contract, "GET", "/api.xro/2.0/Invoices/INV-0001", reply=reply) == []  # number for the ID
    # elsewhere an ID must be a uuid (/Contacts/{ContactNumber} is a path of its own)
    assert check(contract, "GET", "/api.xro/2.0/ManualJournals/MJ-1", reply={"ManualJournals": []})
