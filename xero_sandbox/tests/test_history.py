"""History & Notes at the sandbox: each write of an invoice, credit note or manual journal adds
what happened, when and by whom (the organisation's current user, set through the admin API),
served newest first by GET …/{id}/History as Xero's contract says (the session's strict mode
checks every reply) and read by Xero's SDK; a history call counts against the limits."""

from datetime import date, timedelta

import pytest

from xero_sandbox.tests.common import ALL_SCOPES, WALLABY, Api


def today(sandbox):
    return date.fromisoformat(sandbox.admin("GET", "/__sandbox__/state")["now"][:10])


def as_user(sandbox, name):
    return sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/user", json={"name": name})["user"]


def new_invoice(api, sandbox, status="AUTHORISED"):
    contact = api.items("Contacts")[0]
    reply = api.put("Invoices", {"Invoices": [{
        "Type": "ACCREC", "Contact": {"ContactID": contact["ContactID"]}, "Date": today(sandbox).isoformat(),
        "DueDate": (today(sandbox) + timedelta(days=14)).isoformat(), "Status": status, "LineAmountTypes": "NoTax",
        "LineItems": [{"Description": "Audit", "Quantity": 1, "UnitAmount": 80, "AccountCode": "200"}]}]})
    assert reply.status_code == 200, reply.text
    return reply.json()["Invoices"][0]


def history(api, path):
    reply = api.get(f"{path}/History")
    assert reply.status_code == 200, reply.text
    return reply.json()["HistoryRecords"]


def test_each_write_is_kept_with_who_and_when_newest_first(api, sandbox):
    invoice = new_invoice(api, sandbox)
    path = f"Invoices/{invoice['InvoiceID']}"
    records = history(api, path)
    assert [(r["Changes"], r["User"]) for r in records] == [("Approved", "Demo Accountant"),
                                                             ("Created", "Demo Accountant")]
    assert records[0]["Details"] == f"{invoice['InvoiceNumber']} to {invoice['Contact']['Name']} for 80.00."
    assert records[0]["DateUTC"].startswith("/Date(") and records[0]["DateUTCString"][:10] == today(sandbox).isoformat()

    assert as_user(sandbox, "Jo Bloggs") == "Jo Bloggs"
    sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 60})
    assert api.post(path, {"Invoices": [{"Reference": "changed"}]}).status_code == 200
    paid = api.put("Payments", {"Payments": [{"Invoice": {"InvoiceID": invoice["InvoiceID"]},
                                              "Account": {"Code": "090"}, "Date": today(sandbox).isoformat(),
                                              "Amount": 30}]})
    assert paid.status_code == 200, paid.text
    records = history(api, path)
    assert [(r["Changes"], r["User"]) for r in records[:2]] == [("Partially Paid", "Jo Bloggs"),
                                                                ("Edited", "Jo Bloggs")]
    assert records[1]["DateUTC"] > records[2]["DateUTC"], "the edit is a minute after the approval"
    assert as_user(sandbox, "") == "Demo Accountant"

    draft = new_invoice(api, sandbox, status="DRAFT")
    assert api.post(f"Invoices/{draft['InvoiceID']}", {"Invoices": [{"Status": "DELETED"}]}).status_code == 200
    assert [r["Changes"] for r in history(api, f"Invoices/{draft['InvoiceID']}")] == ["Deleted", "Created"]


def test_credit_notes_journals_and_seeded_records(api, sandbox):
    note = api.items("CreditNotes")[0]
    records = history(api, f"CreditNotes/{note['CreditNoteID']}")
    assert [(r["Changes"], r["User"]) for r in records] == [("Created", "System Generated")], "seeded"
    as_user(sandbox, "Sam Auditor")
    reply = api.put("ManualJournals", {"ManualJournals": [{
        "Narration": "Accrual", "Date": today(sandbox).isoformat(), "Status": "POSTED", "JournalLines": [
            {"LineAmount": 50, "AccountCode": "400"}, {"LineAmount": -50, "AccountCode": "800"}]}]})
    assert reply.status_code == 200, reply.text
    journal = reply.json()["ManualJournals"][0]
    records = history(api, f"ManualJournals/{journal['ManualJournalID']}")
    assert [(r["Changes"], r["User"], r["Details"]) for r in records] == [
        ("Posted", "Sam Auditor", "Accrual"), ("Created", "Sam Auditor", "Accrual")]
    assert api.get("Invoices/00000000-0000-4000-8000-000000000999/History").status_code == 404
    assert api.put(f"ManualJournals/{journal['ManualJournalID']}/History", {}).status_code in (404, 405)


def test_a_history_call_is_counted_and_needs_the_scope(api, sandbox):
    invoice = api.items("Invoices")[0]
    first = api.get(f"Invoices/{invoice['InvoiceID']}/History")
    second = api.get(f"Invoices/{invoice['InvoiceID']}/History")
    assert int(second.headers["X-MinLimit-Remaining"]) == int(first.headers["X-MinLimit-Remaining"]) - 1
    calls = sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": WALLABY})
    assert sum(c["path"].endswith("/History") and c["counted"] for c in calls) == 2
    contacts_only = Api(sandbox, WALLABY, sandbox.grant([WALLABY], ["accounting.contacts"])["access_token"])
    assert contacts_only.get(f"Invoices/{invoice['InvoiceID']}/History").status_code == 403


def test_the_sdk_reads_the_history(sandbox):
    pytest.importorskip("xero_python")
    from xero_sandbox.tests.test_sdk import Sdk, read_alike

    sdk = Sdk(sandbox, tenants=(WALLABY,), token=sandbox.grant([WALLABY], ALL_SCOPES))
    invoice = new_invoice(sdk.raw, sandbox)
    as_user(sandbox, "Jo Bloggs")
    sdk.raw.post(f"Invoices/{invoice['InvoiceID']}", {"Invoices": [{"Status": "VOIDED"}]})
    read = sdk.accounting.get_invoice_history(WALLABY, invoice["InvoiceID"]).history_records
    raw = history(sdk.raw, f"Invoices/{invoice['InvoiceID']}")
    read_alike(read, raw, "HistoryRecords")
    assert (read[0].changes, read[0].user) == ("Voided", "Jo Bloggs") and read[0].date_utc
    journal = sdk.raw.items("ManualJournals")[0]
    read = sdk.accounting.get_manual_journals_history(WALLABY, journal["ManualJournalID"]).history_records
    read_alike(read, history(sdk.raw, f"ManualJournals/{journal['ManualJournalID']}"), "journal")
    note = sdk.raw.items("CreditNotes")[0]
    read = sdk.accounting.get_credit_note_history(WALLABY, note["CreditNoteID"]).history_records
    assert read[0].user == "System Generated"
