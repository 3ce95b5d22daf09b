"""Purchase orders under fault injection (issue 27; the core's suite is
xero_connector/tests/test_sandbox_faults.py): Odoo's transaction failing after the connector's
hook queues nothing and leaves Xero unchanged; a worker dying at each step of sending a new
order or its change (cancelled: deleted in Xero), then the restart and one run, leaves exactly
one Xero purchase order per Odoo order, agreeing with it."""

from datetime import date

from odoo.addons.xero_connector.tests.fault_injection import KILLS, FaultInjection, LaterFailure
from odoo.addons.xero_connector.tests.test_sandbox_publish import SandboxPublishCase
from odoo.addons.xero_connector_purchase.sync.export_purchase_orders import PurchaseOrderPublisher
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPurchaseOrderFaults(FaultInjection, SandboxPublishCase):

    def setUp(self):
        super().setUp()
        self.sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 100000, "app_minute": 100000,
                                                                "day": 100000})
        self.conn.write({"direction_purchase_orders": "both", "publish_when": "post"})
        self.product = self.env["product.product"].with_company(self.company).create({
            "name": "Printer paper", "purchase_method": "purchase", "type": "consu",
            "property_account_expense_id": self.expense.id})

    def order(self):
        return self.env["purchase.order"].with_company(self.company).create({
            "partner_id": self.vendor.id, "company_id": self.company.id, "date_planned": date(2026, 10, 20),
            "order_line": [(0, 0, {"product_id": self.product.id, "name": "Paper, A4", "product_qty": 3,
                                   "price_unit": 123.45, "taxes_id": [(6, 0, self.purchase_tax.ids)]})]})

    def copies(self, po):
        token = po._xero_publish_token()
        return [o for o in self.xero_api("GET", "PurchaseOrders")["PurchaseOrders"]
                if (o.get("Reference") or "").endswith(f"[{token}]")]

    def assert_agrees(self, po, status):
        copies = self.copies(po)
        self.assertEqual(len(copies), 1, f"{po.name}: {len(copies)} copies in Xero")
        self.assertEqual((po.xero_publish_state, po.xero_id), ("published", copies[0]["PurchaseOrderID"]),
                         po.xero_publish_error)
        self.assertEqual((copies[0]["Status"], copies[0]["Total"]), (status, po.amount_total))
        self.assertFalse(self.open_jobs())

    def test_a_failed_transaction_after_the_hook_queues_nothing(self):
        po = self.order()
        jobs = self.env["xero.sync.job"].search([])
        writes = len(self.put_calls())
        with self.assertRaises(LaterFailure), self.env.cr.savepoint():
            po.button_confirm()
            raise LaterFailure()
        self.env.invalidate_all()
        self.assertEqual(self.env["xero.sync.job"].search([]), jobs)
        self.run_jobs()
        self.assertEqual(len(self.put_calls()), writes)
        self.assertFalse(po.xero_id)

    def test_killed_at_every_step_of_sending_an_order_and_its_change(self):
        for kill in KILLS:
            with self.subTest(kill=kill), self.example() as durable:
                po = self.order()
                po.button_confirm()
                with self.fault(PurchaseOrderPublisher, kill) as state:
                    self.run_killed(durable)
                self.assertTrue(state["fired"])
                self.restart()
                self.assert_agrees(po, "AUTHORISED")
                po.button_cancel()  # its change: deleted in Xero
                with self.fault(PurchaseOrderPublisher, kill) as state:
                    self.run_killed(durable)
                self.assertTrue(state["fired"])
                self.restart()
                self.assert_agrees(po, "DELETED")
