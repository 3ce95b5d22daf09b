"""Writes and Xero's validation: each error in Xero's words and shape, batches, idempotency."""

from datetime import date, timedelta

from xero_sandbox.tests.common import WALLABY

TODAY = date.today()


def journal(*lines, narration="Accrual [odoo:tok-1]", day=None, status="POSTED"):
    return {"Narration": narration, "Date": (day or TODAY).isoformat(), "Status": status,
            "LineAmountTypes": "NoTax",
            "JournalLines": [dict({"LineAmount": amount, "AccountCode": code}, **extra)
                             for amount, code, extra in lines]}


def messages(reply, index=0):
    body = reply.json()
    element = body["Elements"][index] if "Elements" in body else body["ManualJournals"][index]
    return [m["Message"] for m in element.get("ValidationErrors", [])]


def test_post_a_balanced_journal_with_tracking(api):
    reply = api.put("ManualJournals", {"ManualJournals": [journal(
        (100.0, "412", {"Tracking": [{"Name": "State", "Option": "NSW"}], "Description": "Fees"}),
        (-100.0, "800", {}))]})
    assert reply.status_code == 200, reply.text
    saved = reply.json()["ManualJournals"][0]
    assert saved["StatusAttributeString"] == "OK" and saved["Status"] == "POSTED"
    assert saved["JournalLines"][0]["Tracking"][0]["TrackingOptionID"]
    found = api.items("ManualJournals", params={"where": 'Narration.Contains("tok-1")'})
    assert [j["ManualJournalID"] for j in found] == [saved["ManualJournalID"]]


def test_unbalanced_journal(api):
    reply = api.put("ManualJournals", {"ManualJournals": [journal((100.0, "412", {}), (-90.0, "800", {}))]})
    assert reply.status_code == 400
    body = reply.json()
    assert (body["ErrorNumber"], body["Type"], body["Message"]) == (
        10, "ValidationException", "A validation exception occurred")
    assert messages(reply) == ["The total debits (100.00) must equal total credits (-90.00)"]


def test_unknown_and_archived_accounts(api):
    reply = api.put("ManualJournals", {"ManualJournals": [journal((100.0, "999", {}), (-100.0, "800", {}))]})
    assert messages(reply) == ["Account code '999' is not a valid code for this document."]
    archived = next(a for a in api.items("Accounts") if a["Status"] == "ARCHIVED")["Code"]
    reply = api.put("ManualJournals", {"ManualJournals": [journal((100.0, archived, {}), (-100.0, "800", {}))]})
    assert messages(reply) == [f"The account code '{archived}' has been archived, or deleted. "
                               "Each line item must reference a valid account."]


def test_archived_tracking_option(api):
    categories = api.items("TrackingCategories", params={"includeArchived": "true"})
    category, option = next((c, o) for c in categories for o in c["Options"] if o["Status"] == "ARCHIVED")
    reply = api.put("ManualJournals", {"ManualJournals": [journal(
        (100.0, "412", {"Tracking": [{"Name": category["Name"], "Option": option["Name"]}]}), (-100.0, "800", {}))]})
    assert reply.status_code == 400
    assert messages(reply) == [f"The tracking option '{option['Name']}' in tracking category '{category['Name']}' "
                               "is archived and cannot be used."]


def test_lock_dates(api, sandbox):
    lock = TODAY - timedelta(days=30)
    sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/organisation", json={"PeriodLockDate": lock.isoformat()})
    org = api.items("Organisation", "Organisations")[0]
    assert org["PeriodLockDate"].startswith("/Date(")
    reply = api.put("ManualJournals", {"ManualJournals": [journal((5.0, "412", {}), (-5.0, "800", {}), day=lock)]})
    assert messages(reply) == [
        f"The document date cannot be before the period lock date, currently set at {lock.strftime('%d-%b-%Y')}"]
    assert api.put("ManualJournals", {"ManualJournals": [
        journal((5.0, "412", {}), (-5.0, "800", {}), day=lock + timedelta(days=1))]}).status_code == 200
    sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/organisation",
                  json={"EndOfYearLockDate": (lock + timedelta(days=5)).isoformat()})
    reply = api.put("ManualJournals", {"ManualJournals": [
        journal((5.0, "412", {}), (-5.0, "800", {}), day=lock + timedelta(days=1))]})
    assert messages(reply)[0].startswith("The document date cannot be before the end of year lock date")


def invoice(contact_id, number=None, currency=None, account="200"):
    body = {"Type": "ACCREC", "Contact": {"ContactID": contact_id}, "Date": TODAY.isoformat(),
            "DueDate": (TODAY + timedelta(days=14)).isoformat(), "Status": "AUTHORISED",
            "LineItems": [{"Description": "Widgets", "Quantity": 2, "UnitAmount": 50.0, "AccountCode": account,
                           "TaxType": "OUTPUT"}]}
    if number:
        body["InvoiceNumber"] = number
    if currency:
        body["CurrencyCode"] = currency
    return body


def test_invoice_totals_numbers_and_duplicates(api):
    contact = api.items("Contacts")[0]["ContactID"]
    reply = api.put("Invoices", {"Invoices": [invoice(contact)]})
    assert reply.status_code == 200, reply.text
    saved = reply.json()["Invoices"][0]
    assert (saved["SubTotal"], saved["TotalTax"], saved["Total"], saved["AmountDue"]) == (100.0, 10.0, 110.0, 110.0)
    assert saved["InvoiceNumber"].startswith("INV-")
    duplicate = api.put("Invoices", {"Invoices": [invoice(contact, number=saved["InvoiceNumber"])]})
    assert duplicate.status_code == 400 and messages(duplicate) == ["Invoice # must be unique."]


def test_currency_not_subscribed(api):
    contact = api.items("Contacts")[0]["ContactID"]
    reply = api.put("Invoices", {"Invoices": [invoice(contact, currency="JPY")]})
    assert messages(reply) == ["Organisation is not subscribed to currency JPY"]


def test_summarize_errors_false_saves_the_good_ones(api):
    before = len(api.items("ManualJournals"))
    reply = api.put("ManualJournals", {"ManualJournals": [
        journal((10.0, "412", {}), (-10.0, "800", {}), narration="good one"),
        journal((10.0, "412", {}), (-9.0, "800", {}), narration="bad one"),
    ]}, params={"summarizeErrors": "false"})
    assert reply.status_code == 200
    good, bad = reply.json()["ManualJournals"]
    assert good["StatusAttributeString"] == "OK" and good["ManualJournalID"]
    assert bad["StatusAttributeString"] == "ERROR" and bad["ValidationErrors"]
    assert len(api.items("ManualJournals")) == before + 1
    # the default (summarizeErrors=true) saves nothing when one element fails
    reply = api.put("ManualJournals", {"ManualJournals": [
        journal((10.0, "412", {}), (-10.0, "800", {})), journal((10.0, "412", {}), (-9.0, "800", {}))]})
    assert reply.status_code == 400 and len(reply.json()["Elements"]) == 2
    assert len(api.items("ManualJournals")) == before + 1


def test_idempotency_key_replays_the_first_answer(api):
    body = {"ManualJournals": [journal((10.0, "412", {}), (-10.0, "800", {}), narration="once")]}
    first = api.put("ManualJournals", body, headers={"Idempotency-Key": "key-1"})
    second = api.put("ManualJournals", body, headers={"Idempotency-Key": "key-1"})
    assert first.json()["ManualJournals"][0]["ManualJournalID"] == second.json()["ManualJournals"][0][
        "ManualJournalID"]
    assert len(api.items("ManualJournals", params={"where": 'Narration == "once"'})) == 1


def test_payment_marks_the_invoice_paid_and_can_be_deleted(api):
    contact = api.items("Contacts")[0]["ContactID"]
    saved = api.put("Invoices", {"Invoices": [invoice(contact)]}).json()["Invoices"][0]
    bank = next(a for a in api.items("Accounts") if a["Type"] == "BANK")["Code"]
    reply = api.put("Payments", {"Payments": [{"Invoice": {"InvoiceID": saved["InvoiceID"]}, "Account": {"Code": bank},
                                               "Amount": 110.0, "Date": TODAY.isoformat()}]})
    assert reply.status_code == 200, reply.text
    payment = reply.json()["Payments"][0]
    paid = api.items(f"Invoices/{saved['InvoiceID']}", "Invoices")[0]
    assert paid["Status"] == "PAID" and paid["AmountDue"] == 0 and paid["Payments"][0]["PaymentID"] == payment[
        "PaymentID"]
    too_much = api.put("Payments", {"Payments": [{"Invoice": {"InvoiceID": saved["InvoiceID"]},
                                                  "Account": {"Code": bank}, "Amount": 1.0}]})
    assert too_much.status_code == 400
    edit = api.post(f"Invoices/{saved['InvoiceID']}", {"Reference": "late edit"})
    assert messages(edit) == ["Invoice not of valid status for modification"]
    deleted = api.post(f"Payments/{payment['PaymentID']}", {"Status": "DELETED"})
    assert deleted.status_code == 200, deleted.text
    assert api.items(f"Invoices/{saved['InvoiceID']}", "Invoices")[0]["Status"] == "AUTHORISED"


def test_contacts_create_update_and_unique_names(api):
    created = api.put("Contacts", {"Contacts": [{"Name": "Brand New Pty", "EmailAddress": "new@example.com"}]})
    assert created.status_code == 200, created.text
    contact = created.json()["Contacts"][0]
    updated = api.post(f"Contacts/{contact['ContactID']}", {"Contacts": [{"Name": "Brand New Pty Ltd"}]})
    assert updated.json()["Contacts"][0]["Name"] == "Brand New Pty Ltd"
    clash = api.put("Contacts", {"Contacts": [{"Name": "brand new pty ltd"}]})
    assert clash.status_code == 400 and "must be unique across all active contacts" in messages(clash)[0]


def test_void_an_invoice_and_credit_note_allocation(api):
    contact = api.items("Contacts")[0]["ContactID"]
    saved = api.put("Invoices", {"Invoices": [invoice(contact)]}).json()["Invoices"][0]
    note = api.put("CreditNotes", {"CreditNotes": [{
        "Type": "ACCRECCREDIT", "Contact": {"ContactID": contact}, "Date": TODAY.isoformat(), "Status": "AUTHORISED",
        "LineItems": [{"Description": "Refund", "Quantity": 1, "UnitAmount": 20.0, "AccountCode": "200",
                       "TaxType": "OUTPUT"}]}]}).json()["CreditNotes"][0]
    assert note["Total"] == 22.0 and note["RemainingCredit"] == 22.0
    reply = api.put(f"CreditNotes/{note['CreditNoteID']}/Allocations", {"Allocations": [
        {"Amount": 22.0, "Invoice": {"InvoiceID": saved["InvoiceID"]}, "Date": TODAY.isoformat()}]})
    assert reply.status_code == 200, reply.text
    after = api.items(f"Invoices/{saved['InvoiceID']}", "Invoices")[0]
    assert after["AmountCredited"] == 22.0 and after["AmountDue"] == 88.0
    other = api.put("Invoices", {"Invoices": [invoice(contact)]}).json()["Invoices"][0]
    voided = api.post(f"Invoices/{other['InvoiceID']}", {"Status": "VOIDED"})
    assert voided.status_code == 200 and voided.json()["Invoices"][0]["Status"] == "VOIDED"
