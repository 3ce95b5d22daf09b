"""What each element of a write reply says (OK, or ERROR with HasErrors and Xero's messages),
Xero's totals under each LineAmountTypes, and replays of an Idempotency-Key."""

from datetime import date, timedelta

import pytest

TODAY = date.today()
NO_ID = "00000000-0000-0000-0000-000000000000"


def contact_id(api):
    return api.items("Contacts")[0]["ContactID"]


def document(contact, kind="ACCREC", lines=None, amount_types="Exclusive", **extra):
    return dict({"Type": kind, "Contact": {"ContactID": contact}, "Date": TODAY.isoformat(),
                 "DueDate": (TODAY + timedelta(days=14)).isoformat(), "Status": "AUTHORISED",
                 "LineAmountTypes": amount_types,
                 "LineItems": lines or [{"Description": "Widgets", "Quantity": 1, "UnitAmount": 10.0,
                                         "AccountCode": "200", "TaxType": "OUTPUT"}]}, **extra)


def assert_ok(element):
    assert element["StatusAttributeString"] == "OK"
    assert element.get("HasErrors") is False
    assert "ValidationErrors" not in element


def assert_failed(element, message=None):
    assert element["StatusAttributeString"] == "ERROR"
    assert element["HasErrors"] is True
    assert element["ValidationErrors"] and all(set(e) == {"Message"} for e in element["ValidationErrors"])
    if message:
        assert [e["Message"] for e in element["ValidationErrors"]] == [message]


def batch(api, collection, good, bad):
    reply = api.put(collection, {collection: [good, bad]}, params={"summarizeErrors": "false"})
    assert reply.status_code == 200, reply.text
    elements = reply.json()[collection]
    assert len(elements) == 2
    return elements


def test_invoices_batch(api):
    contact = contact_id(api)
    bad_line = [{"Description": "x", "Quantity": 1, "UnitAmount": 5.0, "AccountCode": "999"}]
    good, bad = batch(api, "Invoices", document(contact), document(contact, lines=bad_line))
    assert_ok(good)
    assert_failed(bad, "Account code '999' is not a valid code for this document.")
    assert bad["InvoiceID"] == NO_ID  # nothing was created
    assert api.get(f"Invoices/{good['InvoiceID']}").status_code == 200


def test_credit_notes_batch(api):
    contact = contact_id(api)
    good, bad = batch(api, "CreditNotes", document(contact, "ACCRECCREDIT"),
                      document(contact, "ACCRECCREDIT", CurrencyCode="JPY"))
    assert_ok(good)
    assert_failed(bad, "Organisation is not subscribed to currency JPY")
    assert bad["CreditNoteID"] == NO_ID


def test_contacts_batch_and_unique_name_in_xeros_words(api):
    existing = api.items("Contacts")[0]["Name"]
    good, bad = batch(api, "Contacts", {"Name": "Quite New Pty"}, {"Name": existing})
    assert_ok(good)
    assert good["HasValidationErrors"] is False
    assert_failed(bad, f"The contact name {existing} is already assigned to another contact. "
                       "The contact name must be unique across all active contacts.")
    assert bad["HasValidationErrors"] is True and bad["ContactID"] == NO_ID


def test_manual_journals_batch(api):
    line = {"AccountCode": "412"}
    good = {"Narration": "ok", "Date": TODAY.isoformat(), "Status": "POSTED",
            "JournalLines": [dict(line, LineAmount=5.0), {"AccountCode": "800", "LineAmount": -5.0}]}
    bad = dict(good, JournalLines=[dict(line, LineAmount=5.0), {"AccountCode": "800", "LineAmount": -4.0}])
    good_reply, bad_reply = batch(api, "ManualJournals", good, bad)
    assert_ok(good_reply)
    assert_failed(bad_reply, "The total debits (5.00) must equal total credits (-4.00)")


def test_payments_batch(api):
    contact = contact_id(api)
    invoice = api.put("Invoices", {"Invoices": [document(contact)]}).json()["Invoices"][0]
    bank = next(a for a in api.items("Accounts") if a["Type"] == "BANK")["Code"]
    good = {"Invoice": {"InvoiceID": invoice["InvoiceID"]}, "Account": {"Code": bank}, "Amount": 5.0,
            "Date": TODAY.isoformat()}
    bad = dict(good, Amount=500.0)
    good_reply, bad_reply = batch(api, "Payments", good, bad)
    assert_ok(good_reply)
    assert good_reply["HasValidationErrors"] is False
    assert_failed(bad_reply, "Payment amount exceeds the amount outstanding on this document.")
    assert bad_reply["HasValidationErrors"] is True and bad_reply["PaymentID"] == NO_ID
    paid = api.items(f"Invoices/{invoice['InvoiceID']}", "Invoices")[0]
    assert [p["PaymentID"] for p in paid["Payments"]] == [good_reply["PaymentID"]]


def test_summarized_errors_mark_each_element(api):
    contact = contact_id(api)
    reply = api.put("Invoices", {"Invoices": [document(contact), document(contact, CurrencyCode="JPY")]})
    assert reply.status_code == 400
    first, second = reply.json()["Elements"]
    assert first["HasErrors"] is False and second["HasErrors"] is True


def line(quantity, unit, discount=None, tax="OUTPUT"):
    out = {"Description": "x", "Quantity": quantity, "UnitAmount": unit, "AccountCode": "200", "TaxType": tax}
    if discount is not None:
        out["DiscountRate"] = discount
    return out


@pytest.mark.parametrize(("amount_types", "lines", "line_amounts", "taxes", "totals"), [
    # tax is rounded on each line: 8.999 -> 9.00 and 0.005 -> 0.01 (9.004 on the total would be 9.00)
    ("Exclusive", [line(3, 33.33, 10), line(1, 0.05)], [89.99, 0.05], [9.0, 0.01], (90.04, 9.01, 99.05)),
    # 2 x 5.55 less 15% is 9.435 in decimal: half away from zero gives 9.44 (floats would say 9.43)
    ("Exclusive", [line(2, 5.55, 15), line(1, 1.15)], [9.44, 1.15], [0.94, 0.12], (10.59, 1.06, 11.65)),
    # inclusive: tax = amount x 10/110 per line, SubTotal = the lines less their tax
    ("Inclusive", [line(1, 110.0), line(1, 10.01), line(2, 5.55, 15)], [110.0, 10.01, 9.44], [10.0, 0.91, 0.86],
     (117.68, 11.77, 129.45)),
    ("NoTax", [line(3, 33.33, 10), line(1, 0.05)], [89.99, 0.05], [0.0, 0.0], (90.04, 0.0, 90.04)),
])
def test_totals_per_line_amount_types(api, amount_types, lines, line_amounts, taxes, totals):
    contact = contact_id(api)
    for collection, kind in (("Invoices", "ACCREC"), ("CreditNotes", "ACCRECCREDIT")):
        reply = api.put(collection, {collection: [document(contact, kind, lines, amount_types)]})
        assert reply.status_code == 200, reply.text
        saved = reply.json()[collection][0]
        assert [x["LineAmount"] for x in saved["LineItems"]] == line_amounts
        assert [x["TaxAmount"] for x in saved["LineItems"]] == taxes
        assert (saved["SubTotal"], saved["TotalTax"], saved["Total"]) == totals
        discounted = [x.get("DiscountRate") for x in saved["LineItems"]]
        assert discounted == [x.get("DiscountRate") and float(x["DiscountRate"]) for x in lines]
        stored = api.items(f"{collection}/{saved[collection[:-1] + 'ID']}", collection)[0]
        assert (stored["SubTotal"], stored["TotalTax"], stored["Total"]) == totals


def test_idempotency_key_replays_the_first_reply_for_every_write(api):
    contact = contact_id(api)
    bodies = {"Invoices": {"Invoices": [document(contact)]},
              "Contacts": {"Contacts": [{"Name": "Replayed Pty"}]},
              "CreditNotes": {"CreditNotes": [document(contact, "ACCRECCREDIT")]}}
    for collection, body in bodies.items():
        first = api.put(collection, body, headers={"Idempotency-Key": f"k-{collection}"})
        second = api.put(collection, body, headers={"Idempotency-Key": f"k-{collection}"})
        assert first.status_code == second.status_code == 200
        assert first.json()[collection] == second.json()[collection]
    # a failed write replays its failure too, even once the cause is gone
    bad = {"Invoices": [document(contact, CurrencyCode="JPY")]}
    first = api.put("Invoices", bad, headers={"Idempotency-Key": "k-bad"})
    assert first.status_code == 400
    assert api.put("Invoices", bad, headers={"Idempotency-Key": "k-bad"}).json() == first.json()
    assert [c["Name"] for c in api.items("Contacts")].count("Replayed Pty") == 1
