"""Quotations published to the live Xero sandbox (strict: every exchange checked against Xero's
OpenAPI file): a quotation lands in Xero as a quote equal to the cent, confirming and invoicing
follow, publishing again sends nothing, and Xero's acceptance or refusal comes back to Odoo."""

from datetime import date

from odoo.addons.xero_connector.tests.test_sandbox_publish import SandboxPublishCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestQuotesInXero(SandboxPublishCase):

    def setUp(self):
        super().setUp()
        self.conn.write({"direction_quotes": "both", "publish_when": "post"})
        self.product = self.env["product.product"].with_company(self.company).create({
            "name": "Consulting day", "type": "service", "invoice_policy": "order",
            "property_account_income_id": self.income.id,
        })

    def quotation(self, lines=None, **extra):
        return self.env["sale.order"].with_company(self.company).create({
            "partner_id": self.customer.id, "client_order_ref": "CUSTOMER-PO-9", "company_id": self.company.id,
            "validity_date": date(2026, 12, 31),
            "order_line": [(0, 0, {
                "product_id": self.product.id, "name": name, "product_uom_qty": qty, "price_unit": price,
                "discount": discount, "tax_id": [(6, 0, self.sale_tax.ids if taxed else [])],
            }) for name, qty, price, discount, taxed in (lines or [
                ("Consulting", 3, 123.45, 10.0, True), ("Travel", 1, 33.33, 0.0, False)])],
            **extra,
        })

    def in_xero(self, order):
        return self.xero_api("GET", f"Quotes/{order.xero_id}")["Quotes"][0]

    def change_in_xero(self, order, status):
        quote = self.in_xero(order)
        self.xero_api("POST", "Quotes", json={"Quotes": [{k: quote[k] for k in (
            "QuoteID", "Contact", "Date", "LineItems", "LineAmountTypes")} | {"Status": status}]})

    def test_quotation_in_xero_to_the_cent_then_accepted_and_invoiced(self):
        order = self.quotation()
        order.action_quotation_sent()
        self.run_jobs()
        self.assertEqual(order.xero_publish_state, "published", order.xero_publish_error)
        found = self.in_xero(order)
        self.assertEqual((found["SubTotal"], found["TotalTax"], found["Total"]),
                         (order.amount_untaxed, order.amount_tax, order.amount_total))
        self.assertEqual((found["Status"], found["QuoteNumber"], found["CurrencyCode"], found["LineAmountTypes"]),
                         ("SENT", order.name, order.currency_id.name, "EXCLUSIVE"))
        self.assertEqual([(ln["LineAmount"], ln["TaxAmount"], ln["AccountCode"], ln["TaxType"])
                          for ln in found["LineItems"]],
                         [(round(ln.price_subtotal, 2), round(ln.price_total - ln.price_subtotal, 2), "200", tax)
                          for ln, tax in zip(order.order_line, ("OUTPUT", "BASEXCLUDED"), strict=True)])
        self.assertTrue(found["Reference"].startswith("CUSTOMER-PO-9 ["))

        # publishing again sends nothing
        writes = len(self.put_calls())
        order.action_publish_to_xero()
        self.run_jobs()
        self.assertEqual(len(self.put_calls()), writes)

        order.action_confirm()
        self.run_jobs()
        self.assertEqual((self.in_xero(order)["Status"], order.xero_status), ("ACCEPTED", "ACCEPTED"))

        invoice = order._create_invoices()
        invoice.invoice_date = date(2026, 10, 5)
        invoice.action_post()
        self.assertEqual(order.invoice_status, "invoiced")
        self.run_jobs()
        self.assertEqual((self.in_xero(order)["Status"], order.xero_status), ("INVOICED", "INVOICED"))

    def test_confirmed_at_once_goes_sent_then_accepted_and_cancelled_declines(self):
        order = self.quotation([("Workshop", 2, 99.99, 0.0, True)])
        order.action_confirm()
        self.run_jobs()
        self.assertEqual(self.in_xero(order)["Status"], "ACCEPTED")
        self.assertEqual(order.xero_publish_state, "published", order.xero_publish_error)
        other = self.quotation([("Audit", 1, 500.0, 5.0, True)])
        other.action_quotation_sent()
        self.run_jobs()
        other._action_cancel()
        self.run_jobs()
        self.assertEqual((self.in_xero(other)["Status"], other.xero_status), ("DECLINED", "DECLINED"))

    def test_quotation_emailed_goes_too_and_draft_by_hand(self):
        emailed, draft = self.quotation(), self.quotation([("Workshop", 1, 50.0, 0.0, True)])
        emailed.with_context(mark_so_as_sent=True).message_post(body="Your quotation")
        self.assertEqual(emailed.state, "sent")
        self.run_jobs()
        self.assertEqual(self.in_xero(emailed)["Status"], "SENT")
        self.assertFalse(draft.xero_id)  # a draft goes by hand only
        draft.action_publish_to_xero()
        self.run_jobs()
        self.assertEqual((self.in_xero(draft)["Status"], draft.xero_status), ("DRAFT", "DRAFT"))

    def test_acceptance_and_refusal_in_xero_come_back(self):
        accepted, declined = self.quotation(), self.quotation([("Audit", 1, 500.0, 5.0, True)])
        (accepted | declined).action_quotation_sent()
        self.run_jobs()
        self.change_in_xero(accepted, "ACCEPTED")
        self.change_in_xero(declined, "DECLINED")
        self.run_job(self.conn, "quotes")
        self.assertEqual((accepted.state, accepted.xero_status), ("sale", "ACCEPTED"))
        self.assertEqual((declined.state, declined.xero_status), ("cancel", "DECLINED"))
        self.assertTrue(any("Accepted in Xero" in str(m.body) for m in accepted.message_ids))
        # nothing goes back to Xero: its copies are already where Odoo is now
        writes = len(self.put_calls())
        self.run_jobs()
        self.run_job(self.conn, "quotes")
        self.assertEqual(len(self.put_calls()), writes)
