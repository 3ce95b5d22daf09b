"""Payments written as Xero takes them: batches with summarizeErrors=false, part payments,
the paid document's AmountDue/AmountPaid/Status, deletion, and refusals in Xero's words."""

from datetime import date

from xero_sandbox.tests.common import WALLABY
from xero_sandbox.tests.test_writes import invoice

TODAY = date.today().isoformat()


def element_errors(element):
    return [m["Message"] for m in element.get("ValidationErrors") or []]


def setup_invoice(api):
    contact = api.items("Contacts")[0]["ContactID"]
    saved = api.put("Invoices", {"Invoices": [invoice(contact)]}).json()["Invoices"][0]
    accounts = api.items("Accounts")
    bank = next(a for a in accounts if a["Type"] == "BANK")
    return saved, bank, accounts


def pay(invoice_id, account, amount, reference="", **extra):
    return {"Invoice": {"InvoiceID": invoice_id}, "Account": account, "Amount": amount, "Date": TODAY,
            "Reference": reference, **extra}


def test_part_payments_in_one_batch_then_paid(api):
    saved, bank, _accounts = setup_invoice(api)
    reply = api.put("Payments?summarizeErrors=false", {"Payments": [
        pay(saved["InvoiceID"], {"AccountID": bank["AccountID"]}, 40.0, "P1 odoo:x:pay1"),
        pay(saved["InvoiceID"], {"Code": bank["Code"]}, 30.5, "P2 odoo:x:pay2")]})
    assert reply.status_code == 200, reply.text
    first, second = reply.json()["Payments"]
    assert first["Account"]["AccountID"] == bank["AccountID"] and second["Amount"] == 30.5
    doc = api.items(f"Invoices/{saved['InvoiceID']}", "Invoices")[0]
    assert (doc["Status"], doc["AmountPaid"], doc["AmountDue"]) == ("AUTHORISED", 70.5, 39.5)
    found = api.items("Payments", params={"where": 'Reference.EndsWith("odoo:x:pay2")'})
    assert [p["PaymentID"] for p in found] == [second["PaymentID"]]
    rest = api.put("Payments", {"Payments": [pay(saved["InvoiceID"], {"Code": bank["Code"]}, 39.5)]})
    assert rest.status_code == 200, rest.text
    doc = api.items(f"Invoices/{saved['InvoiceID']}", "Invoices")[0]
    assert (doc["Status"], doc["AmountPaid"], doc["AmountDue"]) == ("PAID", 110.0, 0.0)


def test_refusals_in_xeros_words_one_element_at_a_time(api):
    saved, bank, accounts = setup_invoice(api)
    sales = next(a for a in accounts if a["Code"] == "200")
    contact = api.items("Contacts")[0]["ContactID"]
    draft = api.put("Invoices", {"Invoices": [dict(invoice(contact), Status="DRAFT")]}).json()["Invoices"][0]
    reply = api.put("Payments?summarizeErrors=false", {"Payments": [
        pay(saved["InvoiceID"], {"Code": bank["Code"]}, 500.0),
        pay(draft["InvoiceID"], {"Code": bank["Code"]}, 10.0),
        pay(saved["InvoiceID"], {"Code": sales["Code"]}, 10.0),
        pay(saved["InvoiceID"], {"Code": bank["Code"]}, 10.0)]})
    assert reply.status_code == 200, reply.text
    elements = reply.json()["Payments"]
    assert [element_errors(e) for e in elements] == [
        ["Payment amount exceeds the amount outstanding on this document."],
        ["Payment can only be made against Authorised documents."],
        ["Account code must be a bank account or have payments enabled."],
        []]
    assert elements[0]["PaymentID"] == "00000000-0000-0000-0000-000000000000"
    doc = api.items(f"Invoices/{saved['InvoiceID']}", "Invoices")[0]
    assert doc["AmountPaid"] == 10.0


def test_delete_then_reconciled_payment_refused(api, sandbox):
    saved, bank, _accounts = setup_invoice(api)
    payment = api.put("Payments", {"Payments": [pay(saved["InvoiceID"], {"Code": bank["Code"]}, 110.0)]}).json()[
        "Payments"][0]
    deleted = api.post(f"Payments/{payment['PaymentID']}", {"Status": "DELETED"})
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["Payments"][0]["Status"] == "DELETED"
    doc = api.items(f"Invoices/{saved['InvoiceID']}", "Invoices")[0]
    assert (doc["Status"], doc["AmountDue"]) == ("AUTHORISED", 110.0)
    again = api.put("Payments", {"Payments": [pay(saved["InvoiceID"], {"Code": bank["Code"]}, 110.0)]}).json()[
        "Payments"][0]
    sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/records/Payments",
                  json={"items": [dict(again, IsReconciled=True)]})
    refused = api.post(f"Payments/{again['PaymentID']}", {"Status": "DELETED"})
    assert refused.status_code == 400
    assert "reconciled" in refused.text
    assert api.items(f"Invoices/{saved['InvoiceID']}", "Invoices")[0]["Status"] == "PAID"


def test_idempotency_key_replays_a_payment_batch(api):
    saved, bank, _accounts = setup_invoice(api)
    body = {"Payments": [pay(saved["InvoiceID"], {"Code": bank["Code"]}, 25.0, "once")]}
    first = api.put("Payments?summarizeErrors=false", body, headers={"Idempotency-Key": "pay-key-1"})
    second = api.put("Payments?summarizeErrors=false", body, headers={"Idempotency-Key": "pay-key-1"})
    assert first.json()["Payments"][0]["PaymentID"] == second.json()["Payments"][0]["PaymentID"]
    doc = api.items(f"Invoices/{saved['InvoiceID']}", "Invoices")[0]
    assert doc["AmountPaid"] == 25.0
