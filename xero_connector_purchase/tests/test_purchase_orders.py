"""Purchase orders published to the live Xero sandbox (strict: every exchange checked against
Xero's OpenAPI file): a confirmed order lands in Xero equal to the cent, billing and cancelling
follow, publishing again sends nothing, and a deletion made in Xero comes back to Odoo."""

from datetime import date

from odoo.addons.xero_connector.tests.test_sandbox_publish import SandboxPublishCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPurchaseOrdersInXero(SandboxPublishCase):

    def setUp(self):
        super().setUp()
        self.conn.write({"direction_purchase_orders": "both", "publish_when": "post"})
        self.product = self.env["product.product"].with_company(self.company).create({
            "name": "Printer paper", "purchase_method": "purchase", "type": "consu",
            "property_account_expense_id": self.expense.id,
        })

    def order(self, lines=None, **extra):
        return self.env["purchase.order"].with_company(self.company).create({
            "partner_id": self.vendor.id, "partner_ref": "VENDOR-Q-17", "company_id": self.company.id,
            "date_planned": date(2026, 10, 20),
            "order_line": [(0, 0, {
                "product_id": self.product.id, "name": name, "product_qty": qty, "price_unit": price,
                "discount": discount, "taxes_id": [(6, 0, self.purchase_tax.ids if taxed else [])],
            }) for name, qty, price, discount, taxed in (lines or [
                ("Paper, A4", 3, 123.45, 10.0, True), ("Freight", 1, 33.33, 0.0, False)])],
            **extra,
        })

    def in_xero(self, po):
        return self.xero_api("GET", f"PurchaseOrders/{po.xero_id}")["PurchaseOrders"][0]

    def change_in_xero(self, po, status):
        self.xero_api("POST", f"PurchaseOrders/{po.xero_id}", json={"PurchaseOrders": [{"Status": status}]})

    def test_confirmed_order_in_xero_to_the_cent_then_billed(self):
        po = self.order()
        po.button_confirm()
        self.run_jobs()
        self.assertEqual(po.xero_publish_state, "published", po.xero_publish_error)
        found = self.in_xero(po)
        self.assertEqual((found["SubTotal"], found["TotalTax"], found["Total"]),
                         (po.amount_untaxed, po.amount_tax, po.amount_total))
        self.assertEqual((found["Status"], found["PurchaseOrderNumber"], found["CurrencyCode"]),
                         ("AUTHORISED", po.name, po.currency_id.name))
        lines = po.order_line
        self.assertEqual([(ln["LineAmount"], ln["TaxAmount"], ln["AccountCode"], ln["TaxType"])
                          for ln in found["LineItems"]],
                         [(round(ln.price_subtotal, 2), round(ln.price_total - ln.price_subtotal, 2), "400", tax)
                          for ln, tax in zip(lines, ("INPUT", "BASEXCLUDED"), strict=True)])
        self.assertTrue(found["Reference"].startswith("VENDOR-Q-17 ["))
        self.assertEqual((po.xero_status, po.xero_number), ("AUTHORISED", po.name))
        self.assertTrue(any("Published to Xero as" in str(m.body) for m in po.message_ids))

        # publishing again sends nothing
        writes = len(self.put_calls())
        po.action_publish_to_xero()
        self.run_jobs()
        self.assertEqual(len(self.put_calls()), writes)

        # billed in full: BILLED in Xero
        po.action_create_invoice()
        bill = po.invoice_ids
        bill.invoice_date = date(2026, 10, 5)
        bill.action_post()
        self.assertEqual(po.invoice_status, "invoiced")
        self.run_jobs()
        self.assertEqual(self.in_xero(po)["Status"], "BILLED")
        self.assertEqual((po.xero_status, po.xero_publish_state), ("BILLED", "published"))

    def test_cancelled_order_deleted_in_xero_and_deletion_in_xero_cancels(self):
        first, second = self.order(), self.order([("Toner", 2, 80.0, 0.0, True)])
        (first | second).button_confirm()
        self.run_jobs()
        self.assertEqual((first | second).mapped("xero_status"), ["AUTHORISED", "AUTHORISED"])
        first.button_cancel()
        self.run_jobs()
        self.assertEqual(self.in_xero(first)["Status"], "DELETED")
        self.assertEqual(first.xero_status, "DELETED")

        # deleted in Xero: the next run of the connection's order job cancels it here
        self.change_in_xero(second, "DELETED")
        self.run_job(self.conn, "purchase_orders")
        self.assertEqual(second.state, "cancel")
        self.assertEqual(second.xero_status, "DELETED")
        self.assertTrue(any("Deleted in Xero" in str(m.body) for m in second.message_ids))

    def test_foreign_currency_and_tracking_and_one_refused_order_fails_alone(self):
        plan = self.env["account.analytic.plan"].create({"name": "Publishing State"})
        nsw = self.env["account.analytic.account"].create({"name": "NSW", "plan_id": plan.id,
                                                           "company_id": self.company.id})
        self.env["xero.tracking.option"].search([("connection_id", "=", self.conn.id), ("name", "=", "NSW"),
                                                 ("category_id.name", "=", "State")]).analytic_account_id = nsw
        nzd = self.env.ref("base.NZD")
        nzd.active = True
        self.env["res.currency.rate"].create({"currency_id": nzd.id, "company_id": self.company.id,
                                              "name": date(2026, 1, 1), "company_rate": 1.6543})
        good = self.order(currency_id=nzd.id)
        good.order_line[0].analytic_distribution = {str(nsw.id): 100.0}
        unmapped = self.env["account.account"].create({"name": "Unmapped costs", "code": "699001",
                                                       "account_type": "expense"})
        odd = self.env["product.product"].with_company(self.company).create({
            "name": "Odd item", "purchase_method": "purchase", "property_account_expense_id": unmapped.id})
        bad = self.order()
        bad.order_line[0].product_id = odd
        (good | bad).button_confirm()
        self.run_jobs()
        self.assertEqual(good.xero_publish_state, "published", good.xero_publish_error)
        found = self.in_xero(good)
        self.assertEqual((found["CurrencyCode"], found["CurrencyRate"], found["Total"]),
                         ("NZD", round(good.currency_rate, 6), good.amount_total))
        self.assertEqual(found["LineItems"][0]["Tracking"][0]["Option"], "NSW")
        self.assertEqual(bad.xero_publish_state, "unsent")  # nothing went to Xero: not "Xero Refused"
        self.assertIn("the Odoo account Unmapped costs (699001) has no Xero account — map it", bad.xero_publish_error)
        self.assertFalse(bad.xero_id)
        job = self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id),
                                                ("kind", "=", "purchase_orders")], order="id desc", limit=1)
        self.assertIn("sent to Xero = 1 accepted + 0 refused; 1 not sent (fix them in Odoo)", job.log)
        # counted with the documents' publishing errors, and opened from the count
        self.conn.invalidate_recordset(["publish_error_count"])
        self.assertEqual(self.conn.publish_error_count, 1)
        action = self.conn.action_open_publish_errors()
        self.assertEqual(action["res_model"], "purchase.order")
        self.assertEqual(self.env["purchase.order"].search(action["domain"]), bad)

    def test_not_sent_when_the_organisation_does_not_publish_orders(self):
        self.conn.direction_purchase_orders = "none"
        po = self.order()
        po.button_confirm()
        self.run_jobs()
        self.assertFalse(po.xero_id)
        self.assertFalse(self.env["xero.sync.job"].search([("kind", "=", "purchase_orders")]))
