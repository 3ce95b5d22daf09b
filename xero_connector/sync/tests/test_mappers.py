"""Mappers are pure: checked records in, Odoo values out, no database."""

from decimal import Decimal

import pytest

from xero_connector.sync import records
from xero_connector.sync.mappers import pull as pull_mappers


class FakeResolver:
    def partner(self, contact_id):
        if contact_id != "c1":
            raise pull_mappers.Unmapped("unknown_contact", "unknown")
        return 7

    def currency(self, code):
        return {"AUD": 1, "USD": 2}[code]

    def account(self, code):
        if code not in {"200", "400"}:
            raise pull_mappers.Unmapped("unmapped_account", code)
        return int(code)

    def tax(self, tax_type, use):
        return {"OUTPUT": 10, "INPUT": 20}.get(tax_type)

    def analytic(self, tracking):
        return {"5": 100.0} if tracking else {}

    def product(self, item_code):
        return {"SPADE-1": 8}.get(item_code)


INVOICE = {
    "InvoiceID": "i1", "Type": "ACCREC", "InvoiceNumber": "INV-1", "Reference": "PO 9",
    "Contact": {"ContactID": "c1"}, "CurrencyCode": "USD", "CurrencyRate": 0.75,
    "DateString": "2026-03-31T00:00:00", "DueDateString": "2026-04-30T00:00:00",
    "Status": "AUTHORISED", "LineAmountTypes": "Exclusive",
    "UpdatedDateUTC": "/Date(1774915200000+0000)/",
    "LineItems": [
        {"Description": "Pots", "Quantity": 2, "UnitAmount": 10, "AccountCode": "200",
         "TaxType": "OUTPUT", "Tracking": [{"Name": "Region", "Option": "North"}]},
        {"Description": "Soil", "Quantity": 1, "UnitAmount": 5, "AccountCode": "200",
         "TaxType": "OUTPUT", "DiscountRate": 10},
    ],
}


def checked(kind, item):
    record = records.read_one(kind, item)
    assert not isinstance(record, records.Unreadable), record
    return record


def test_invoice_values():
    vals = pull_mappers.document_values(checked("invoices", INVOICE), FakeResolver())
    assert vals["move_type"] == "out_invoice"
    assert (vals["partner_id"], vals["currency_id"], vals["invoice_currency_rate"]) == (7, 2, 0.75)
    assert str(vals["invoice_date"]) == "2026-03-31"
    assert str(vals["invoice_date_due"]) == "2026-04-30"
    assert (vals["xero_number"], vals["ref"]) == ("INV-1", "PO 9")
    assert str(vals["xero_updated"]) == "2026-03-31 00:00:00"
    first, second = (line[2] for line in vals["invoice_line_ids"])
    assert (first["quantity"], first["price_unit"], first["account_id"]) == (2.0, 10.0, 200)
    assert first["tax_ids"] == [(6, 0, [10])]
    assert first["analytic_distribution"] == {"5": 100.0}
    assert second["discount"] == 10.0
    assert "analytic_distribution" not in second


@pytest.mark.parametrize(("xero_type", "move_type"), pull_mappers.MOVE_TYPES.items())
def test_bill_and_credit_note_types(xero_type, move_type):
    kind = "credit_notes" if "CREDIT" in xero_type else "invoices"
    item = dict(INVOICE, Type=xero_type, CreditNoteID="n1")
    assert pull_mappers.document_values(checked(kind, item), FakeResolver())["move_type"] == move_type


def test_inclusive_line_takes_the_tax_out_exactly():
    item = dict(INVOICE, LineAmountTypes="Inclusive", LineItems=[
        {"Description": "Tea", "Quantity": 3, "UnitAmount": "11.00", "LineAmount": "33.00",
         "TaxAmount": "3.00", "AccountCode": "200", "TaxType": "OUTPUT"}])
    line = pull_mappers.document_values(checked("invoices", item), FakeResolver())["invoice_line_ids"][0][2]
    assert line["price_unit"] == 10.0


def test_unmapped_stops_the_whole_document():
    bad = dict(INVOICE, LineItems=[dict(INVOICE["LineItems"][0], AccountCode="999")])
    with pytest.raises(pull_mappers.Unmapped) as caught:
        pull_mappers.document_values(checked("invoices", bad), FakeResolver())
    assert caught.value.code == "unmapped_account"


@pytest.mark.parametrize(("status", "state"), [
    ("DRAFT", "draft"), ("SUBMITTED", "draft"), ("AUTHORISED", "posted"), ("PAID", "posted"),
    ("VOIDED", "cancel"), ("DELETED", "cancel")])
def test_status_to_state(status, state):
    assert pull_mappers.target_state(checked("invoices", dict(INVOICE, Status=status))) == state


def test_contact_and_names():
    assert pull_mappers.normalise_name("  ACME   Pty. Ltd ") == "acme pty ltd"
    assert pull_mappers.normalise_tax_number("GB 123-456 789") == "GB123456789"
    contact = checked("contacts", {
        "ContactID": "c", "Name": "Acme", "EmailAddress": "A@b.c", "TaxNumber": "123",
        "ContactStatus": "ARCHIVED",
        "Addresses": [{"AddressType": "POBOX", "AddressLine1": "1 Road", "City": "Leeds", "Country": "GB"}],
        "Phones": [{"PhoneType": "DEFAULT", "PhoneNumber": "555", "PhoneAreaCode": "02"}],
    })
    vals = pull_mappers.partner_values(contact, {"GB": 3})
    assert (vals["country_id"], vals["vat"], vals["phone"], vals["city"]) == (3, "123", "02 555", "Leeds")
    binding = pull_mappers.contact_binding(contact)
    assert (binding["email"], binding["status"]) == ("a@b.c", "ARCHIVED")


def test_reference_bindings():
    account = checked("accounts", {"AccountID": "a1", "Code": "200", "Name": "Sales", "Type": "REVENUE",
                                   "Status": "ACTIVE", "UpdatedDateUTC": "2026-01-02T03:04:05"})
    assert pull_mappers.account_binding(account)["code"] == "200"
    rate = checked("tax_rates", {"TaxType": "OUTPUT", "Name": "GST on Income", "EffectiveRate": "10.0000",
                                 "CanApplyToRevenue": "true", "Status": "ACTIVE"})
    vals = pull_mappers.tax_rate_binding(rate)
    assert (vals["rate"], vals["for_sales"], vals["for_purchases"]) == (10.0, True, False)
    category = checked("tracking", {"TrackingCategoryID": "t1", "Name": "Region", "Status": "ACTIVE",
                                    "Options": [{"TrackingOptionID": "o1", "Name": "North"}]})
    assert pull_mappers.tracking_option_binding(category.options[0])["name"] == "North"
    assert Decimal("10") == rate.effective_rate


def test_rows_quote_and_keep_unreadable_json():
    bad = records.read_one("contacts", {"ContactID": "c9", "Name": 'say "hi"\x00', "UpdatedDateUTC": 5})
    row = pull_mappers.row("Contacts", bad, "unreadable", "why")
    assert row.startswith('"Contacts","c9","say ""hi""",')
    assert '\\u0000' not in row and "\x00" not in row
    assert row.rstrip().endswith('"UpdatedDateUTC"": 5}",""')  # no amount
