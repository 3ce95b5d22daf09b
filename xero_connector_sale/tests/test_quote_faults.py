"""Quotes under fault injection (issue 27; the core's suite is
xero_connector/tests/test_sandbox_faults.py): Odoo's transaction failing after the connector's
hook queues nothing and leaves Xero unchanged; a worker dying at each step of sending a new
quote or its change (confirmed in Odoo: accepted in Xero), then the restart and one run, leaves
exactly one Xero quote per Odoo quotation, agreeing with it."""

from datetime import date

from odoo.addons.xero_connector.tests.fault_injection import KILLS, FaultInjection, LaterFailure
from odoo.addons.xero_connector.tests.test_sandbox_publish import SandboxPublishCase
from odoo.addons.xero_connector_sale.sync.export_quotes import QuotePublisher
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestQuoteFaults(FaultInjection, SandboxPublishCase):

    def setUp(self):
        super().setUp()
        self.sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 100000, "app_minute": 100000,
                                                                "day": 100000})
        self.conn.write({"direction_quotes": "both", "publish_when": "post"})
        self.product = self.env["product.product"].with_company(self.company).create({
            "name": "Consulting day", "type": "service", "invoice_policy": "order",
            "property_account_income_id": self.income.id})

    def quotation(self):
        return self.env["sale.order"].with_company(self.company).create({
            "partner_id": self.customer.id, "company_id": self.company.id, "validity_date": date(2026, 12, 31),
            "order_line": [(0, 0, {"product_id": self.product.id, "name": "Consulting", "product_uom_qty": 3,
                                   "price_unit": 123.45, "tax_id": [(6, 0, self.sale_tax.ids)]})]})

    def assert_agrees(self, order, status):
        token = order._xero_publish_token()
        copies = [q for q in self.xero_api("GET", "Quotes")["Quotes"]
                  if (q.get("Reference") or "").endswith(f"[{token}]")]
        self.assertEqual(len(copies), 1, f"{order.name}: {len(copies)} copies in Xero")
        self.assertEqual((order.xero_publish_state, order.xero_id), ("published", copies[0]["QuoteID"]),
                         order.xero_publish_error)
        self.assertEqual((copies[0]["Status"], copies[0]["Total"]), (status, order.amount_total))
        self.assertFalse(self.open_jobs())

    def test_a_failed_transaction_after_the_hook_queues_nothing(self):
        order = self.quotation()
        jobs = self.env["xero.sync.job"].search([])
        writes = len(self.put_calls())
        with self.assertRaises(LaterFailure), self.env.cr.savepoint():
            order.action_quotation_sent()
            raise LaterFailure()
        self.env.invalidate_all()
        self.assertEqual(self.env["xero.sync.job"].search([]), jobs)
        self.run_jobs()
        self.assertEqual(len(self.put_calls()), writes)
        self.assertFalse(order.xero_id)

    def test_killed_at_every_step_of_sending_a_quote_and_its_change(self):
        for kill in KILLS:
            with self.subTest(kill=kill), self.example() as durable:
                order = self.quotation()
                order.action_quotation_sent()
                with self.fault(QuotePublisher, kill) as state:
                    self.run_killed(durable)
                self.assertTrue(state["fired"])
                self.restart()
                self.assert_agrees(order, "SENT")
                order.action_confirm()  # its change: accepted in Xero
                with self.fault(QuotePublisher, kill) as state:
                    self.run_killed(durable)
                self.assertTrue(state["fired"])
                self.restart()
                self.assert_agrees(order, "ACCEPTED")
