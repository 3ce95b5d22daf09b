"""What the longer fuzz (benchmarks/fuzz_sandbox.py) found, kept as cases: whatever arrives, the
sandbox answers as Xero does (400/404 in Xero's error shape) and every reply keeps the contract
(the session's sandbox is strict: leaving the session fails on any violation, and each test
checks it added none). Hypothesis draws the bytes; few examples each, as every one is an HTTP
request."""

import json
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xero_sandbox.contract import Contract

OCTETS = {"Content-Type": "application/octet-stream"}
JSON = {"Content-Type": "application/json"}
FEW = settings(max_examples=12, deadline=None, database=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _not_utf8(raw):
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _not_json(raw):
    try:
        json.loads(raw)
    except ValueError:
        return True
    return False


NOT_UTF8 = st.binary(min_size=1, max_size=12).filter(_not_utf8)
NOT_JSON = st.one_of(NOT_UTF8, st.binary(min_size=1, max_size=40).filter(_not_json),
                     st.sampled_from([b"not json", b"{", b"[1,", b"\x00", b"{'a': 1}"]))
CONTROL = st.characters(categories=["Cc"])
CONTROL_NAMES = st.builds(lambda head, cut, tail: head + cut + tail, st.text(max_size=4),
                          st.text(CONTROL, min_size=1, max_size=3), st.text(max_size=4)).filter(
    lambda name: "/" not in name and name.strip(" ."))


@pytest.fixture
def roomy(sandbox):
    """Xero's per-minute limit lifted for a test that sends a few hundred requests."""
    kept = sandbox.admin("GET", "/__sandbox__/limits")
    sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 10**6, "day": 10**6})
    yield
    sandbox.admin("POST", "/__sandbox__/limits", json=kept)


class Findings:
    """Violations the strict sandbox logged during a test (its list spans the session)."""

    def __init__(self, sandbox):
        self.sandbox, self.before = sandbox, len(sandbox.violations())

    def new(self):
        return self.sandbox.violations()[self.before:]


def _not_found(reply):
    assert reply.status_code == 404, reply.text
    assert reply.json()["Type"] == "NotFoundException"


@FEW
@given(raw=NOT_UTF8)
def test_an_id_that_is_not_utf8_names_nothing(api, sandbox, roomy, raw):
    findings = Findings(sandbox)
    key = quote_from_bytes(raw, safe="")
    for path in (f"Contacts/{key}", f"ManualJournals/{key}", f"Invoices/{key}/Attachments", f"Items/{key}"):
        _not_found(api.get(path))
    _not_found(api.post(f"Contacts/{key}", {"Name": "Anyone"}))
    _not_found(api.post(f"ManualJournals/{key}", {"Narration": "x"}))
    assert findings.new() == []


def test_an_id_holding_url_punctuation_is_checked_as_sent(api, sandbox):
    """'?', '#' and '%' percent-encoded in an ID: the contract checker read them as the URL's
    query or fragment and failed (a 400 'could not be read', and a strict-mode finding)."""
    findings = Findings(sandbox)
    for key in ("%3F", "a%3Fb%FF", "a%23b%25c", "%2541"):
        _not_found(api.get(f"Contacts/{key}"))
        _not_found(api.post(f"Contacts/{key}", {"Name": "Anyone"}))
    assert findings.new() == []


def test_a_write_to_a_path_naming_no_record_is_a_404(api, sandbox):
    findings = Findings(sandbox)
    _not_found(api.post("Contacts/not-an-id", {"Name": "Anyone"}))  # was a 400 echoing 'not-an-id' as ContactID
    _not_found(api.post("Invoices/00000000-0000-0000-0000-00000000abcd", {"Status": "VOIDED"}))
    assert api.put(f"Contacts/{api.items('Contacts')[0]['ContactID']}", {"Name": "x"}).status_code == 405
    assert findings.new() == []


@FEW
@given(name=CONTROL_NAMES, extension=st.sampled_from(["", ".pdf", ".png"]))
def test_a_file_name_with_control_characters_is_refused(api, sandbox, roomy, name, extension):
    findings = Findings(sandbox)
    contact = api.items("Contacts")[0]["ContactID"]
    path = f"Contacts/{contact}/Attachments/{quote_from_bytes((name + extension).encode(), safe='')}"
    for method in ("PUT", "POST"):
        reply = api.request(method, path, data=b"%PDF-1.4", headers=OCTETS)
        assert reply.status_code == 400, reply.text
        assert reply.json()["Type"] == "ValidationException"
    assert api.get(f"Contacts/{contact}/Attachments").json()["Attachments"] == []
    assert findings.new() == []


def _purchase_order(api):
    order = {"Contact": {"ContactID": api.items("Contacts")[0]["ContactID"]}, "Date": "2026-10-03",
             "LineItems": [{"Description": "Paper", "Quantity": 1, "UnitAmount": 10, "AccountCode": "400"}]}
    reply = api.put("PurchaseOrders", {"PurchaseOrders": [order]})
    assert reply.status_code == 200, reply.text
    return reply.json()["PurchaseOrders"][0]["PurchaseOrderID"]


@FEW
@given(body=NOT_JSON)
def test_a_body_that_is_not_json_is_a_400(api, sandbox, roomy, body):
    findings = Findings(sandbox)
    order = _purchase_order(api)
    payment = api.items("Payments")[0]["PaymentID"]
    for method, path in (("POST", f"PurchaseOrders/{order}"), ("PUT", f"Payments/{payment}/History"),
                         ("POST", "Invoices"), ("PUT", "Contacts"), ("POST", f"Payments/{payment}")):
        reply = api.request(method, path, data=body, headers=JSON)
        assert reply.status_code == 400, (method, path, reply.text)
        assert reply.json()["Type"] == "PostDataInvalidException"
    assert findings.new() == []


def test_history_is_not_kept_and_never_deletes_a_payment(api, sandbox):
    """PUT /Payments/{id}/History was taken for POST /Payments/{id}: {"Status": "DELETED"} there
    deleted the payment."""
    findings = Findings(sandbox)
    payment = next(p for p in api.items("Payments") if p["Status"] == "AUTHORISED" and not p.get("IsReconciled"))
    for body in ({"HistoryRecords": [{"Details": "A note"}]}, {"Status": "DELETED"}):
        _not_found(api.put(f"Payments/{payment['PaymentID']}/History", body))
    _not_found(api.put(f"Invoices/{api.items('Invoices')[0]['InvoiceID']}/History",
                       {"HistoryRecords": [{"Details": "A note"}]}))
    assert api.items(f"Payments/{payment['PaymentID']}", "Payments")[0]["Status"] == "AUTHORISED"
    assert findings.new() == []


def test_what_the_contract_requires_is_refused_whole_whatever_summarize_errors_says(api, sandbox):
    """An item without Code, a manual journal without Narration: with summarizeErrors=false the
    sandbox answered 200 with elements the contract does not allow (Code and Narration are
    required in replies too); now a 400 with Xero's messages, nothing saved."""
    findings = Findings(sandbox)
    items_before = len(api.items("Items"))
    lax = {"summarizeErrors": "false"}
    reply = api.put("Items", {"Items": [{"Code": "OK-1", "Name": "Fine"}, {"Name": "No code"}]}, params=lax)
    assert reply.status_code == 400, reply.text
    assert reply.json()["Type"] == "ValidationException"
    assert any(e.get("ValidationErrors") for e in reply.json()["Elements"])
    assert len(api.items("Items")) == items_before
    journal = {"JournalLines": [{"LineAmount": 10, "AccountCode": "400"}, {"LineAmount": -10, "AccountCode": "400"}]}
    reply = api.put("ManualJournals", {"ManualJournals": [journal]}, params=lax)
    assert reply.status_code == 400, reply.text
    assert reply.json()["Elements"][0]["ValidationErrors"]
    # an update the sandbox's rules let through still lacks what the contract requires of every element
    journal_id = api.items("ManualJournals")[0]["ManualJournalID"]
    reply = api.post(f"ManualJournals/{journal_id}", {"ManualJournals": [{"Status": "POSTED"}]}, params=lax)
    assert reply.status_code == 400, reply.text
    assert [e["Message"] for e in reply.json()["Elements"][0]["ValidationErrors"]] == ["Narration is required."]
    # a body without the list is read as one element sent bare, and held to what an element requires
    for collection, body in (("ManualJournals", {"Warnings": []}), ("Items", {"pagination": {"page": 1}}),
                             ("Items", {"Name": "No code, sent bare"})):
        reply = api.put(collection, body, params=lax)
        assert reply.status_code == 400, (collection, body, reply.text)
        assert reply.json()["Elements"][0]["ValidationErrors"]
    # a complete body still gets one reply per element
    reply = api.put("Items", {"Items": [{"Code": "OK-2", "Name": "Fine"}, {"Code": "OK-2", "Name": "Twice"}]},
                    params=lax)
    assert reply.status_code == 200, reply.text
    assert [e["HasErrors"] for e in reply.json()["Items"]] == [False, True]
    assert findings.new() == []


@settings(max_examples=60, deadline=None, database=None)
@given(body=st.binary(max_size=60), content_type=st.sampled_from(["application/json", "text/plain", ""]))
def test_the_contract_reads_any_body_without_raising(body, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    why, missing = Contract.load().read_request("POST", "/api.xro/2.0/PurchaseOrders/"
                                                   "00000000-0000-0000-0000-000000000001", b"", headers, body)
    assert why is None or isinstance(why, str)
    assert isinstance(missing, list)

