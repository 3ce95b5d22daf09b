from odoo.tests import BaseCase, tagged

from ..sync import mappers


class FakeResolver:
    def partner(self, contact_id):
        if contact_id != "c1":
            raise mappers.Unmapped("unknown_contact", "unknown")
        return 7

    def currency(self, code):
        return {"AUD": 1, "USD": 2}[code]

    def account(self, code):
        if code not in {"200", "400"}:
            raise mappers.Unmapped("unmapped_account", code)
        return int(code)

    def tax(self, tax_type, use):
        return {"OUTPUT": 10, "INPUT": 20}.get(tax_type)

    def analytic(self, tracking):
        return {"5": 100.0} if tracking else {}


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


@tagged("post_install", "-at_install")
class TestMappers(BaseCase):
    def test_invoice_values(self):
        vals = mappers.document_values(INVOICE, FakeResolver())
        self.assertEqual(vals["move_type"], "out_invoice")
        self.assertEqual(vals["partner_id"], 7)
        self.assertEqual(vals["currency_id"], 2)
        self.assertEqual(vals["invoice_currency_rate"], 0.75)
        self.assertEqual(str(vals["invoice_date"]), "2026-03-31")
        self.assertEqual(vals["xero_number"], "INV-1")
        self.assertEqual(vals["ref"], "PO 9")
        first, second = (line[2] for line in vals["invoice_line_ids"])
        self.assertEqual((first["quantity"], first["price_unit"], first["account_id"]), (2.0, 10.0, 200))
        self.assertEqual(first["tax_ids"], [(6, 0, [10])])
        self.assertEqual(first["analytic_distribution"], {"5": 100.0})
        self.assertEqual(second["discount"], 10.0)
        self.assertNotIn("analytic_distribution", second)

    def test_bill_and_credit_note_types(self):
        for xero_type, move_type in mappers.MOVE_TYPES.items():
            vals = mappers.document_values(dict(INVOICE, Type=xero_type), FakeResolver())
            self.assertEqual(vals["move_type"], move_type)

    def test_unmapped_stops_the_whole_document(self):
        bad = dict(INVOICE, LineItems=[dict(INVOICE["LineItems"][0], AccountCode="999")])
        with self.assertRaises(mappers.Unmapped) as ctx:
            mappers.document_values(bad, FakeResolver())
        self.assertEqual(ctx.exception.code, "unmapped_account")

    def test_status_to_state(self):
        self.assertEqual(mappers.target_state({"Status": "DRAFT"}), "draft")
        self.assertEqual(mappers.target_state({"Status": "SUBMITTED"}), "draft")
        self.assertEqual(mappers.target_state({"Status": "AUTHORISED"}), "posted")
        self.assertEqual(mappers.target_state({"Status": "PAID"}), "posted")
        self.assertEqual(mappers.target_state({"Status": "VOIDED"}), "cancel")

    def test_contact_and_names(self):
        self.assertEqual(mappers.normalise_name("  ACME   Pty. Ltd "), "acme pty ltd")
        self.assertEqual(mappers.normalise_tax_number("GB 123-456 789"), "GB123456789")
        vals = mappers.partner_values({
            "ContactID": "c", "Name": "Acme", "EmailAddress": "a@b.c", "TaxNumber": "123",
            "Addresses": [{"AddressType": "POBOX", "AddressLine1": "1 Road", "City": "Leeds",
                           "Country": "GB"}],
        }, {"GB": 3})
        self.assertEqual(vals["country_id"], 3)
        self.assertEqual(vals["vat"], "123")
