"""Publishing Odoo invoices, bills and credit notes to the live Xero sandbox: what lands in
Xero equals Odoo to the cent, contacts are adopted rather than duplicated, publishing again
sends nothing, a pull afterwards books nothing twice, and one refused document fails alone."""

from datetime import date

from odoo.tests import tagged

from ..sync import mappers
from .test_sandbox_flow import WALLABY
from .test_sandbox_sync import SandboxSyncCase


class SandboxPublishCase(SandboxSyncCase):
    tenant = WALLABY
    sales_tax_type, purchase_tax_type = "OUTPUT", "INPUT"

    def setUp(self):
        super().setUp()
        self.conn = self.connect(self.tenant)
        job = self.run_job(self.conn, "reference")
        self.assertIn(job.state, ("done", "warning"), job.log)
        self.conn.write({"direction_contacts": "both", "direction_sales": "both", "direction_purchases": "both"})
        self.company = self.conn.company_id
        self.assertEqual(self.company.tax_calculation_rounding_method, "round_per_line")
        Account = self.env["account.account"]
        mine = [("company_ids", "in", self.company.id)]
        self.income = Account.search(mine + [("account_type", "=", "income")], limit=1)
        self.expense = Account.search(mine + [("account_type", "=", "expense")], limit=1)
        bindings = self.env["xero.account"].search([("connection_id", "=", self.conn.id)])
        bindings.filtered(lambda b: b.account_id in (self.income | self.expense)).account_id = False
        bindings.filtered(lambda b: b.code == "200").account_id = self.income
        bindings.filtered(lambda b: b.code == "400").account_id = self.expense
        Tax = self.env["account.tax"]
        self.sale_tax = Tax.create({"name": "Test sales tax 10%", "amount": 10.0, "type_tax_use": "sale",
                                    "company_id": self.company.id})
        self.purchase_tax = Tax.create({"name": "Test purchase tax 10%", "amount": 10.0,
                                        "type_tax_use": "purchase", "company_id": self.company.id})
        rates = self.env["xero.tax.rate"].search([("connection_id", "=", self.conn.id)])
        rates.filtered(lambda r: r.xero_id == self.sales_tax_type).sale_tax_id = self.sale_tax
        rates.filtered(lambda r: r.xero_id == self.purchase_tax_type).purchase_tax_id = self.purchase_tax
        self.customer = self.env["res.partner"].create({
            "name": "Publishing Test Customer Pty", "email": "accounts@publishing-test.example.com"})
        self.vendor = self.env["res.partner"].create({"name": "Publishing Test Vendor Pty"})

    def document(self, move_type="out_invoice", partner=None, lines=None, day=date(2026, 10, 3), **extra):
        purchase = move_type.startswith("in_")
        move = self.env["account.move"].create({
            "move_type": move_type, "partner_id": (partner or (self.vendor if purchase else self.customer)).id,
            "invoice_date": day, "date": day, "company_id": self.company.id,
            "invoice_line_ids": [(0, 0, {
                "name": name, "quantity": qty, "price_unit": price, "discount": discount,
                "account_id": (self.expense if purchase else self.income).id,
                "tax_ids": [(6, 0, (self.purchase_tax if purchase else self.sale_tax).ids if taxed else [])],
            }) for name, qty, price, discount, taxed in (lines or [
                ("Consulting", 3, 123.45, 10.0, True), ("Travel", 1, 33.33, 0.0, False)])],
            **extra,
        })
        move.action_post()
        return move

    def publish(self, moves=None):
        jobs = self.conn._publish_jobs(moves)
        self.env["xero.sync.job"]._run_next(self.conn)
        return jobs

    def at_xero(self, move):
        collection = "CreditNotes" if move.move_type.endswith("refund") else "Invoices"
        found = [d for d in self.xero(self.tenant, collection) if mappers.document_id(d) == move.xero_id]
        self.assertEqual(len(found), 1, move.name)
        return found[0]

    def assert_same_as_odoo(self, move):
        self.assertEqual(move.xero_publish_state, "published", move.xero_publish_error)
        doc = self.at_xero(move)
        self.assertEqual((doc["SubTotal"], doc["TotalTax"], doc["Total"]),
                         (move.amount_untaxed, move.amount_tax, move.amount_total), move.name)
        self.assertEqual(doc["CurrencyCode"], move.currency_id.name)
        self.assertEqual(doc["Status"], "AUTHORISED")
        return doc

    def put_calls(self):
        calls = self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": self.tenant})
        return [c for c in calls if c["method"] in ("PUT", "POST")]


@tagged("post_install", "-at_install")
class TestSandboxPublish(SandboxPublishCase):

    def test_invoice_bill_credit_note_once_and_equal(self):
        invoice = self.document()
        bill = self.document("in_invoice", ref="SUP-7781")
        refund = self.document("out_refund", lines=[("Returned consulting", 1, 123.45, 0.0, True)])
        contacts_before = len(self.xero(self.tenant, "Contacts"))
        job = self.publish()
        self.assertEqual(job.state, "done", job.log)
        self.assertEqual(job.count_created, 3, job.log)
        self.assertEqual(job.kind, "publish")
        self.assertTrue(job.data_file)
        doc = self.assert_same_as_odoo(invoice)
        self.assertEqual((doc["Type"], doc["InvoiceNumber"]), ("ACCREC", invoice.name))
        bill_doc = self.assert_same_as_odoo(bill)
        self.assertEqual((bill_doc["Type"], bill_doc["InvoiceNumber"]), ("ACCPAY", "SUP-7781"))
        note = self.assert_same_as_odoo(refund)
        self.assertEqual(note["Type"], "ACCRECCREDIT")
        self.assertIn(refund._xero_publish_token(), note["Reference"])
        self.assertEqual(len(self.xero(self.tenant, "Contacts")), contacts_before + 2)
        self.assertEqual(invoice.xero_connection_id, self.conn)

        # publishing again sends nothing
        writes = len(self.put_calls())
        again = self.publish()
        self.assertEqual(again.count_created, 0, again.log)
        self.publish(invoice | bill | refund)
        self.assertEqual(len(self.put_calls()), writes)

        # the pull that follows books nothing twice
        for kind in ("contacts", "documents"):
            self.run_job(self.conn, kind)
        published = self.env["account.move"].search([("xero_id", "in", (invoice | bill | refund).mapped("xero_id"))])
        self.assertEqual(published, invoice | bill | refund)
        self.assertFalse(self.env["account.move"].search([
            ("company_id", "=", self.company.id), ("id", ">", refund.id),
            ("partner_id", "in", (self.customer | self.vendor).ids)]))
        self.assertEqual(published.mapped("xero_publish_state"), ["published"] * 3)
        self.assertEqual(published.mapped("state"), ["posted"] * 3)
        self.assertFalse(self.env["xero.pending.item"].search([
            ("connection_id", "=", self.conn.id), ("xero_id", "in", published.mapped("xero_id"))]))

    def test_existing_contact_adopted_not_duplicated(self):
        # Xero has "Bondi Corner Store" (tax number 12 345 678 901); Odoo spells it differently
        twin = self.env["res.partner"].create({"name": "Bondi Corner Store (Odoo)", "vat": "12 345 678 901"})
        same_name = self.env["res.partner"].create({"name": "fitzroy grocer"})
        same_mail = self.env["res.partner"].create({"name": "AH Provisions",
                                                    "email": "ZOE@ahprovisions.example.com.au"})
        contacts_before = len(self.xero(self.tenant, "Contacts"))
        docs = [self.document(partner=p) for p in (twin, same_name, same_mail)]
        job = self.publish()
        names = [self.assert_same_as_odoo(d)["Contact"]["Name"] for d in docs]
        self.assertEqual(names, ["Bondi Corner Store", "Fitzroy Grocer", "Adelaide Hills Provisions"], job.log)
        self.assertEqual(len(self.xero(self.tenant, "Contacts")), contacts_before)

    def test_one_refused_document_fails_alone(self):
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{self.tenant}/organisation",
                           json={"PeriodLockDate": "2026-09-30"})
        locked, good = self.document(day=date(2026, 9, 15)), self.document()
        job = self.publish(locked | good)
        self.assertEqual(job.state, "warning", job.log)
        self.assert_same_as_odoo(good)
        self.assertEqual(locked.xero_publish_state, "error")
        self.assertIn("cannot be before the period lock date, currently set at 30-Sep-2026", locked.xero_publish_error)
        self.assertFalse(locked.xero_id)
        self.assertTrue(any("Not published to Xero" in body for body in locked.message_ids.mapped("body")))
        self.assertEqual(self.conn.publish_error_count, 1)
        self.assertIn(locked, self.env["account.move"].search(self.conn.action_open_publish_errors()["domain"]))

    def test_refused_before_sending_when_odoo_knows_why(self):
        self.env["xero.account"].search([("connection_id", "=", self.conn.id), ("code", "=", "400")]).account_id = False
        bill = self.document("in_invoice", ref="SUP-1")
        writes = len(self.put_calls())
        self.publish(bill)
        self.assertEqual(bill.xero_publish_state, "error")
        self.assertIn("has no Xero account mapped", bill.xero_publish_error)
        self.assertEqual(len([c for c in self.put_calls()[writes:] if c["path"].endswith("Invoices")]), 0)
