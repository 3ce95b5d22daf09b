from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import XeroFakeCase
from .test_sync_engine import account, contact

T0 = 1774915200000  # 2026-03-31


def invoice(iid, number, contact_id="c1", type_="ACCREC", status="AUTHORISED", updated=T0,
            currency="USD", rate=None, lines=None, **kw):
    doc = {
        "InvoiceID": iid, "InvoiceNumber": number, "Type": type_, "Status": status,
        "Contact": {"ContactID": contact_id}, "CurrencyCode": currency,
        "DateString": "2026-03-15T00:00:00", "DueDateString": "2026-04-15T00:00:00",
        "LineAmountTypes": "Exclusive", "UpdatedDateUTC": f"/Date({updated}+0000)/",
        "LineItems": lines or [
            {"Description": "Widgets", "Quantity": 2, "UnitAmount": 50, "AccountCode": "200",
             "TaxType": "OUTPUT", "Tracking": [{"Name": "Region", "Option": "North",
                                                 "TrackingOptionID": "o1"}]},
            {"Description": "Service", "Quantity": 1, "UnitAmount": 100, "AccountCode": "200",
             "TaxType": "OUTPUT"},
        ],
        **kw,
    }
    if rate:
        doc["CurrencyRate"] = rate
    return doc


def books(env, company):
    """A Xero organisation's lists and documents whose accounts and taxes match `company`'s:
    invoices (one in EUR, one of an unknown contact, one voided), a draft bill, a credit
    note and a payment."""
    sales = env["account.account"].search(
        [("company_ids", "in", company.id), ("account_type", "=", "income")], limit=1,
    )
    expense = env["account.account"].search(
        [("company_ids", "in", company.id), ("account_type", "=", "expense")], limit=1,
    )
    env.ref("base.EUR").active = True
    return {
        "Accounts": [account("a1", "200", sales.name), account("a3", "400", expense.name, "EXPENSE")],
        "TaxRates": [
            {"TaxType": "OUTPUT", "Name": "Sales 15", "EffectiveRate": 15.0, "Status": "ACTIVE",
             "CanApplyToRevenue": True},
            {"TaxType": "INPUT", "Name": "Purchase 15", "EffectiveRate": 15.0, "Status": "ACTIVE",
             "CanApplyToExpenses": True},
        ],
        "TrackingCategories": [{"TrackingCategoryID": "t1", "Name": "Region", "Status": "ACTIVE",
                                "Options": [{"TrackingOptionID": "o1", "Name": "North",
                                             "Status": "ACTIVE"}]}],
        "Contacts": [contact("c1", "Alpha Pty"), contact("c2", "Beta Supplies")],
        "Invoices": [
            invoice("i1", "INV-1"),
            invoice("i2", "INV-2", currency="EUR", rate=0.9),
            invoice("i3", "BILL-1", contact_id="c2", type_="ACCPAY", status="DRAFT", lines=[
                {"Description": "Paper", "Quantity": 1, "UnitAmount": 30, "AccountCode": "400",
                 "TaxType": "INPUT"},
            ]),
            invoice("i4", "INV-4", contact_id="c9"),
            invoice("i5", "INV-5", status="VOIDED"),
        ],
        "CreditNotes": [{
            "CreditNoteID": "cn1", "CreditNoteNumber": "CN-1", "Type": "ACCRECCREDIT",
            "Status": "AUTHORISED", "Contact": {"ContactID": "c1"}, "CurrencyCode": "USD",
            "DateString": "2026-03-20T00:00:00", "LineAmountTypes": "Exclusive",
            "UpdatedDateUTC": f"/Date({T0}+0000)/",
            "LineItems": [{"Description": "Refund", "Quantity": 1, "UnitAmount": 20,
                           "AccountCode": "200", "TaxType": "OUTPUT"}],
        }],
        "Payments": [{
            "PaymentID": "p1", "Amount": 100.0, "Date": "/Date(1775001600000+0000)/",
            "Status": "AUTHORISED", "PaymentType": "ACCRECPAYMENT",
            "Invoice": {"InvoiceID": "i1"}, "UpdatedDateUTC": f"/Date({T0}+0000)/",
        }],
    }


class DocumentsCase(XeroFakeCase):
    """An organisation with mapped lists, contacts, invoices, a bill, a credit note, a payment."""

    def setUp(self):
        super().setUp()
        self.fake.data = books(self.env, self.company)
        self.fake.page_size = 10

    def moves(self):
        return {m.xero_id: m for m in self.env["account.move"].search(
            [("xero_connection_id", "=", self.conn.id)])}


@tagged("post_install", "-at_install")
class TestDocuments(DocumentsCase):
    def test_documents_statuses_currency_tracking_payments(self):
        job = self.run_job()
        self.assertEqual(job.state, "warning", job.log)
        moves = self.moves()
        self.assertEqual(set(moves), {"i1", "i2", "i3", "cn1"})
        inv = moves["i1"]
        self.assertEqual((inv.move_type, inv.state, inv.xero_number), ("out_invoice", "posted", "INV-1"))
        self.assertAlmostEqual(inv.amount_untaxed, 200.0)
        self.assertAlmostEqual(inv.amount_tax, 30.0)
        tracked = inv.invoice_line_ids.filtered(lambda ln: ln.name == "Widgets")
        north = self.env["xero.tracking.option"].search([("xero_id", "=", "o1")]).analytic_account_id
        self.assertEqual(tracked.analytic_distribution, {str(north.id): 100.0})
        self.assertEqual(inv.payment_state, "partial")
        self.assertAlmostEqual(inv.amount_residual, 130.0)
        eur = moves["i2"]
        self.assertEqual(eur.currency_id.name, "EUR")
        self.assertAlmostEqual(eur.invoice_currency_rate, 0.9)
        self.assertEqual((moves["i3"].move_type, moves["i3"].state), ("in_invoice", "draft"))
        self.assertEqual((moves["cn1"].move_type, moves["cn1"].state), ("out_refund", "posted"))
        pending = self.env["xero.pending.item"].search([("connection_id", "=", self.conn.id)])
        self.assertEqual(pending.mapped("xero_id"), ["i4"])
        self.assertEqual(pending.reason_code, "unknown_contact")
        self.assertIn("c9", pending.reason)

        # the missing contact appears in Xero: the next run books INV-4 and clears the item
        self.fake.data["Contacts"].append(contact("c9", "Late Contact", updated=T0 + 1000))
        again = self.run_job()
        self.assertEqual(again.state, "done", again.log)
        self.assertIn("i4", self.moves())
        self.assertEqual(pending.state, "resolved")
        # no duplicates after re-runs
        self.assertEqual(len(self.moves()), 5)
        self.assertEqual(
            self.env["account.payment"].search_count([("xero_connection_id", "=", self.conn.id)]), 1,
        )

    def test_void_after_posting_and_conflict(self):
        self.run_job()
        moves = self.moves()
        self.fake.data["Invoices"][1] = invoice("i2", "INV-2", currency="EUR", rate=0.9,
                                                status="VOIDED", updated=T0 + 5000)
        # edited in Odoo, then changed again in Xero: Odoo's version is kept, a person decides
        moves["i3"].write({"ref": "edited in Odoo"})
        self.fake.data["Invoices"][2] = invoice("i3", "BILL-1", contact_id="c2", type_="ACCPAY",
                                                status="DRAFT", updated=T0 + 5000, lines=[
            {"Description": "Paper", "Quantity": 2, "UnitAmount": 30, "AccountCode": "400",
             "TaxType": "INPUT"},
        ])
        job = self.run_job("documents")
        self.assertEqual(moves["i2"].state, "cancel")
        self.assertEqual(moves["i3"].ref, "edited in Odoo")
        conflict = self.env["xero.pending.item"].search([("xero_id", "=", "i3")])
        self.assertEqual(conflict.reason_code, "conflict")
        self.assertGreaterEqual(job.count_pending, 1)
        self.assertIn("edited in Odoo", conflict.conflict_html)  # both versions, field by field
        # pulled only: Odoo does not change Xero's copy; Xero's version is written in Odoo
        with self.assertRaisesRegex(UserError, "only pulls"):
            conflict.action_keep_odoo()
        conflict.action_keep_xero()
        self.assertEqual((conflict.state, moves["i3"].ref, moves["i3"].state), ("resolved", "BILL-1", "draft"))
        self.assertEqual(moves["i3"].invoice_line_ids.mapped("name"), ["Paper"])
        self.run_job("documents")
        self.assertEqual(conflict.state, "resolved")

    def test_paid_in_xero_keeps_reconciliation(self):
        self.run_job()
        inv = self.moves()["i1"]
        self.assertEqual(inv.payment_state, "partial")
        # Xero marks the invoice changed when a payment lands: no rewrite, no unreconcile
        self.fake.data["Invoices"][0] = dict(self.fake.data["Invoices"][0],
                                             UpdatedDateUTC=f"/Date({T0 + 7000}+0000)/")
        job = self.run_job("documents")
        self.assertEqual(inv.payment_state, "partial", job.log)
        self.assertFalse(self.env["xero.pending.item"].search([("xero_id", "=", "i1")]))

    def test_update_from_xero_rewrites_lines(self):
        self.run_job()
        self.fake.data["Invoices"][0] = invoice("i1", "INV-1", updated=T0 + 9000, lines=[
            {"Description": "Widgets", "Quantity": 3, "UnitAmount": 50, "AccountCode": "200",
             "TaxType": "OUTPUT"},
        ])
        self.fake.data["Payments"] = []
        job = self.run_job("documents")
        inv = self.moves()["i1"]
        self.assertEqual(job.count_updated, 1, job.log)
        self.assertAlmostEqual(inv.amount_untaxed, 150.0)
        self.assertEqual(inv.state, "posted")
