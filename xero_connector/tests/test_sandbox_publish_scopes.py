"""A publishing option whose Xero scope the connection lacks holds only its own kind of record
(issue 27): Products and Items set to publish made every publish job fail with "Xero refused
access", an invoice published meanwhile stayed unpublished, and reconnecting could not help since
the scope was never asked for. Against the sandbox, with a grant that may only read settings
(Xero's items are settings: writing them needs accounting.settings)."""

import time
from datetime import date
from unittest.mock import patch

from odoo.tests import tagged

from .test_sandbox_publish import SandboxPublishCase

LIMITED = ["offline_access", "accounting.settings.read", "accounting.contacts", "accounting.invoices",
           "accounting.payments", "accounting.manualjournals"]


@tagged("post_install", "-at_install")
class TestSandboxPublishScopes(SandboxPublishCase):

    def grant(self, tenant, scopes=LIMITED):
        grant = self.sandbox.grant([tenant], scopes)
        return self.env["xero.token"].sudo().create(self.env["xero.token"]._values_from({
            "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
            "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split(),
        }))

    def setUp(self):
        super().setUp()
        self.rake = self.env["product.product"].create({
            "name": "Leaf rake", "default_code": "RAKE-9", "list_price": 12.35,
            "property_account_income_id": self.income.id, "property_account_expense_id": self.expense.id})
        self.invoice = self.document(day=date(2026, 10, 5))

    def binding(self):
        return self.env["xero.product.binding"].search([("connection_id", "=", self.conn.id),
                                                        ("product_id", "=", self.rake.id)])

    def items_at_xero(self):
        return [i for i in self.xero(self.tenant, "Items") if i.get("Code") == "RAKE-9"]

    def assert_only_items_held(self, job):
        self.assertNotEqual(job.state, "failed", job.log)
        self.assertEqual(self.invoice.xero_publish_state, "published", self.invoice.xero_publish_error)
        self.assert_same_as_odoo(self.invoice)
        binding = self.binding()
        self.assertEqual(binding.publish_state, "error")
        self.assertIn("grant", binding.publish_error)
        self.assertIn("held", job.log)
        self.assertFalse(self.items_at_xero())

    def test_the_notice_says_to_reconnect_and_the_consent_asks_for_the_scope(self):
        self.assertFalse(self.conn.publish_scope_notice)
        self.assertNotIn("accounting.settings", self.conn._scopes(self.conn))
        self.conn.direction_products = "publish"
        self.assertIn("reconnect to grant Xero access to items", self.conn.publish_scope_notice)
        scopes = self.conn._scopes(self.conn)
        self.assertIn("accounting.settings", scopes)
        self.assertNotIn("accounting.settings.read", scopes)
        # granted at the next consent: the notice goes
        self.conn.sudo().token_id = self.grant(self.tenant, LIMITED + ["accounting.settings"])
        self.assertFalse(self.conn.publish_scope_notice)

    def test_missing_scope_holds_only_items_not_the_job(self):
        self.conn.direction_products = "publish"
        job = self.publish(self.invoice)
        self.assert_only_items_held(job)
        self.assertIn("reconnect the organisation to grant Xero access to items", self.binding().publish_error)
        calls = self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": self.tenant})
        self.assertFalse([c for c in calls if c["path"].endswith("/Items") and c["method"] in ("PUT", "POST")])

    def test_xero_refusing_access_holds_only_items_not_the_job(self):
        """The grant is not known to lack the scope (older grants record none): Xero's 403 holds
        the items, and the invoice still publishes."""
        self.conn.direction_products = "publish"
        with patch.object(type(self.conn), "_grants", lambda conn, feature: True):
            job = self.publish(self.invoice)
        self.assert_only_items_held(job)
        self.assertIn("Xero refused access", self.binding().publish_error)

    def test_once_reconnected_with_the_scope_the_items_go(self):
        self.conn.direction_products = "publish"
        self.publish(self.invoice)
        self.assertEqual(self.binding().publish_state, "error")
        self.conn.sudo().token_id = self.grant(self.tenant, LIMITED + ["accounting.settings"])
        job = self.publish()
        self.assertNotEqual(job.state, "failed", job.log)
        self.assertEqual(self.binding().publish_state, "published", self.binding().publish_error)
        self.assertEqual(len(self.items_at_xero()), 1)
