"""The pure reverse mappers (Odoo values -> Xero dicts), without Odoo."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xero_connector.sync import records
from xero_connector.sync.mappers import publish as pm


def checked(reply):
    """A reply element as the publisher reads it: through the page edge."""
    return records.read_one("invoices", dict(reply, InvoiceID="i1", Type="ACCREC", Status="AUTHORISED",
                                             Contact={"ContactID": "c1"}))

CTX = {
    "accounts": {1: "200", 2: "400"},
    "account_names": {3: "Unmapped Sales"},
    "taxes": {10: {"tax_type": "OUTPUT", "price_include": False, "name": "GST 10%"},
              11: {"tax_type": "OUTPUT", "price_include": True, "name": "GST 10% incl."},
              12: {"tax_type": None, "price_include": False, "name": "Odd tax"}},
    "tracking": {50: ("Region", "North"), 51: ("Region", "South"), 60: ("Team", "Red")},
    "analytic_names": {99: "Unmapped Project"},
    "base_currency": "AUD", "currencies": {"AUD", "USD"}, "status": "AUTHORISED", "no_tax_type": "BASEXCLUDED",
}


def doc(move_type="out_invoice", lines=None, **extra):
    values = {
        "move_type": move_type, "name": "INV/2026/00007", "ref": "PO 12", "payment_reference": "INV/2026/00007",
        "date": "2026-10-03", "due_date": "2026-11-02", "currency": "AUD", "rate": 1.0,
        "contact_id": "c-1", "token": "odoo:ab12cd34:7", "url": "https://odoo.test/odoo/account.move/7?xero=odoo:ab12cd34:7",
        "lines": lines if lines is not None else [
            {"name": "Consulting", "quantity": 2, "price_unit": 150.0, "discount": 10.0, "account_id": 1,
             "tax_ids": [10], "analytic_distribution": {"50": 100.0}},
            {"name": "Travel", "quantity": 1, "price_unit": 33.33, "discount": 0.0, "account_id": 2,
             "tax_ids": [], "analytic_distribution": {"50,60": 100.0}},
        ],
    }
    values.update(extra)
    return values


def test_customer_invoice():
    payload = pm.document_payload(doc(), CTX)
    assert payload["Type"] == "ACCREC"
    assert payload["InvoiceNumber"] == "INV/2026/00007"
    assert payload["Reference"] == "PO 12"
    assert payload["Contact"] == {"ContactID": "c-1"}
    assert (payload["Date"], payload["DueDate"], payload["Status"]) == ("2026-10-03", "2026-11-02", "AUTHORISED")
    assert payload["LineAmountTypes"] == "Exclusive"
    assert "CurrencyRate" not in payload
    first, second = payload["LineItems"]
    assert first == {"Description": "Consulting", "Quantity": 2.0, "UnitAmount": 150.0, "AccountCode": "200",
                     "TaxType": "OUTPUT", "DiscountRate": 10.0, "Tracking": [{"Name": "Region", "Option": "North"}]}
    assert second["TaxType"] == "BASEXCLUDED"  # no tax in Odoo: the organisation's "no tax" type, not the account's
    assert second["Tracking"] == [{"Name": "Region", "Option": "North"}, {"Name": "Team", "Option": "Red"}]
    assert pm.token_of(payload.get("Url"), payload.get("Reference"), "odoo:ab12cd34:7")
    assert not pm.token_of(payload.get("Url"), payload.get("Reference"), "odoo:ab12cd34:70")


def test_vendor_bill_number_is_the_vendor_reference():
    payload = pm.document_payload(doc("in_invoice", ref="SUPP-991", payment_reference="pay me"), CTX)
    assert (payload["Type"], payload["InvoiceNumber"], payload["Reference"]) == ("ACCPAY", "SUPP-991", "pay me")


def test_credit_notes_carry_the_token_in_the_reference():
    payload = pm.document_payload(doc("out_refund", name="RINV/2026/00001", due_date=None), CTX)
    assert (payload["Type"], payload["CreditNoteNumber"]) == ("ACCRECCREDIT", "RINV/2026/00001")
    assert payload["Reference"] == "PO 12 [odoo:ab12cd34:7]"
    assert "Url" not in payload and "DueDate" not in payload
    assert pm.token_of(payload.get("Url"), payload.get("Reference"), "odoo:ab12cd34:7")
    bill_credit = pm.document_payload(doc("in_refund", ref="SC-1", payment_reference=False), CTX)
    assert (bill_credit["Type"], bill_credit["CreditNoteNumber"], bill_credit["Reference"]) == (
        "ACCPAYCREDIT", "SC-1", "[odoo:ab12cd34:7]")


def test_foreign_currency_and_draft():
    payload = pm.document_payload(doc(currency="USD", rate=0.6543219), dict(CTX, status="DRAFT"))
    assert (payload["CurrencyCode"], payload["CurrencyRate"], payload["Status"]) == ("USD", 0.654322, "DRAFT")


def test_tax_included():
    lines = [{"name": "Box", "quantity": 3, "price_unit": 11.0, "discount": 0, "account_id": 1, "tax_ids": [11]}]
    assert pm.document_payload(doc(lines=lines), CTX)["LineAmountTypes"] == "Inclusive"


def test_refused_before_sending_with_every_reason():
    lines = [
        {"name": "a", "quantity": 1, "price_unit": 1, "account_id": 3, "tax_ids": [10, 11]},
        {"name": "b", "quantity": 1, "price_unit": 1, "account_id": 1, "tax_ids": [12],
         "analytic_distribution": {"99": 100.0}},
        {"name": "c", "quantity": 1, "price_unit": 1, "account_id": 1, "tax_ids": [],
         "analytic_distribution": {"50": 60.0, "51": 40.0}},
    ]
    with pytest.raises(pm.Unpublishable) as caught:
        pm.document_payload(doc(lines=lines, currency="EUR", contact_id=None), CTX)
    message = caught.value.message
    for words in ("the Odoo account Unmapped Sales has no Xero account — map it",
                  "tax Odd tax has no Xero tax rate mapped",
                  "analytic account Unmapped Project has no Xero tracking option mapped",
                  "more than one tax", "mixes prices with tax included", "split between analytic accounts",
                  "currency EUR is not added", "not a Xero contact yet"):
        assert words in message


def test_contact_payload_where_and_match():
    partner = {"name": "  Acme   Pty ", "email": "Bills@Acme.test", "vat": "51 824 753 556", "phone": "02 1234",
               "street": "1 George St", "city": "Sydney", "country_code": "AU"}
    contact = pm.contact_payload(partner, "cid")
    assert contact["Name"] == "Acme Pty" and contact["ContactID"] == "cid"
    assert contact["Addresses"][0] == {"AddressType": "POBOX", "AddressLine1": "1 George St", "City": "Sydney",
                                       "Country": "AU"}
    where = pm.contact_where([partner, {"name": 'Say "hi"'}])
    assert where == ('TaxNumber=="51 824 753 556" OR TaxNumber=="51824753556" OR EmailAddress=="Bills@Acme.test" '
                     'OR Name=="Acme Pty" '
                     'OR Name=="Say \\"hi\\""')
    by_name, by_mail, by_vat = records.read_page("contacts", [
        {"ContactID": "n", "Name": "ACME PTY"},
        {"ContactID": "m", "Name": "Other", "EmailAddress": "bills@acme.test"},
        {"ContactID": "v", "Name": "Third", "TaxNumber": "51824753556"}]).records
    assert pm.match_contact(partner, [by_name, by_mail, by_vat]) == (by_vat, "tax number")
    assert pm.match_contact(partner, [by_name, by_mail]) == (by_mail, "e-mail")
    assert pm.match_contact(partner, [by_name]) == (by_name, "name")
    assert pm.match_contact({"name": "Nobody"}, [by_name]) == (None, None)
    assert pm.duplicate_name(["The contact name Acme is already assigned to another contact. The contact name "
                              "must be unique across all active contacts."])


def test_totals_and_comparison():
    payload = pm.document_payload(doc(), CTX)
    totals = pm.xero_totals(payload, {"OUTPUT": 10.0})
    assert totals == {"SubTotal": Decimal("303.33"), "TotalTax": Decimal("27.00"), "Total": Decimal("330.33")}
    odoo = {"subtotal": 303.33, "tax": 27.0, "total": 330.33,
            "lines": [{"description": "Consulting", "amount": 270.0, "tax": 27.0},
                      {"description": "Travel", "amount": 33.33, "tax": 0.0}]}
    reply = {"SubTotal": 303.33, "TotalTax": 27.0, "Total": 330.33,
             "LineItems": [{"LineAmount": 270.0, "TaxAmount": 27.0}, {"LineAmount": 33.33, "TaxAmount": 0.0}]}
    assert pm.compare_totals(odoo, checked(reply)) == []
    reply["LineItems"][1]["LineAmount"], reply["SubTotal"], reply["Total"] = 33.34, 303.34, 330.34
    assert pm.compare_totals(odoo, checked(reply)) == [
        "sub-total: Odoo 303.33, Xero 303.34", "total: Odoo 330.33, Xero 330.34",
        "line 2 (Travel): Odoo 33.33 tax 0.00, Xero 33.34 tax 0.00"]


def test_inclusive_line_totals():
    amount, net, tax = pm.xero_line_totals({"Quantity": 3, "UnitAmount": 11.0}, 10.0, "Inclusive")
    assert (amount, net, tax) == (Decimal("33.00"), Decimal("30.00"), Decimal("3.00"))


def test_directions():
    assert pm.publishes("both") and pm.publishes("publish") and not pm.publishes("pull")
    assert pm.pulls("pull") and pm.pulls("both") and not pm.pulls("publish")


# ---------------------------------------------------------------------------- attachments
@given(st.text(max_size=400), st.sampled_from(["pdf", "PNG", "jpg", "xlsx"]))
def test_attachment_names_are_kept_as_xero_keeps_them(stem, ext):
    name = pm.attachment_name(f"{stem}.{ext}")
    assert len(name) <= 255
    assert "/" not in name and "\\" not in name
    assert name.endswith(f".{ext}")
    assert pm.attachment_problem(name, 10) is None


def test_files_xero_would_refuse_are_named_with_the_reason():
    assert "Xero does not take .exe files" in pm.attachment_problem("setup.exe", 10)
    assert "no extension" in pm.attachment_problem("README", 10)
    assert "empty" in pm.attachment_problem("scan.pdf", 0)
    assert "10.0 MB; Xero takes files up to 10 MB" in pm.attachment_problem(
        "scan.pdf", 10 * 1024 * 1024 + 1)
    assert pm.attachment_problem("scan.pdf", 10 * 1024 * 1024) is None


def test_attachments_are_read_at_the_page_edge():
    page = records.read_page("attachments", [
        {"AttachmentID": "5a500c1a-5a02-48de-939e-1d234fd170d4", "FileName": "scan.jpg", "Url": "https://x",
         "MimeType": "image/jpeg", "ContentLength": 12},
        {"AttachmentID": "not an id", "FileName": "bad.pdf"},
    ])
    assert [(a.xero_id, a.file_name, a.content_length) for a in page.records] == [
        ("5a500c1a-5a02-48de-939e-1d234fd170d4", "scan.jpg", 12)]
    assert len(page.unreadable) == 1
