import base64
import logging
import shutil
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from .fake_xero import FakeXero
from .test_sync_engine import contact

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """The screens in a real headless Chromium (Odoo's tour runner)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not (shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")):
            _logger.warning("Chromium is not installed: the Xero browser tours are skipped")
        new_test_user(cls.env, "xero_tour_user", password="xero_tour_user",  # noqa: S106
                      groups="base.group_user,xero_connector.group_xero_user")
        cls.conn = cls.env["xero.connection"].create({
            "name": "Tour Org", "tenant_id": "tenant-tour", "country_code": "AU", "short_code": "!tour",
        })
        cls.conn.sudo().state = "active"
        Partner = cls.env["res.partner"]
        Partner.create({"name": "Gamma"})
        Partner.create({"name": "GAMMA "})
        Partner.create({"name": "Gamma Two"})
        fake = FakeXero({"Contacts": [contact("c1", "Alpha"), contact("c3", "Gamma")]})
        with patch.object(type(cls.env["xero.connection"]), "_xero", lambda conn: fake):
            cls.job = cls.env["xero.sync.job"]._enqueue(cls.conn, "contacts", "manual")
            cls.env["xero.sync.job"]._run_next(cls.conn)
        assert cls.job.state == "warning", cls.job.log
        assert base64.b64decode(cls.job.data_file)

    def test_admin_tour(self):
        self.start_tour("/odoo", "xero_admin_tour", login="admin")
        item = self.env["xero.pending.item"].search([("connection_id", "=", self.conn.id)])
        self.assertEqual(item.state, "resolved")
        self.assertEqual(item.partner_id.name, "Gamma Two")

    def test_user_tour(self):
        self.start_tour("/odoo", "xero_user_tour", login="xero_tour_user")

    def test_client_list_tour(self):
        self.conn.sudo().write({"xero_name": "Tour Org", "last_sync": self.job.finished_at})
        self.conn._sync_cron()
        firm = self.env["xero.connection"].create({"name": "Tour Firm", "is_firm": True, "tenant_id": "tenant-firm"})
        self.start_tour("/odoo", "xero_client_list_tour", login="admin")
        self.assertEqual(self.conn.name, "Smith Family Trust")
        self.assertEqual(self.conn.xero_name, "Tour Org")
        self.assertFalse(self.conn.active)
        self.assertFalse(self.conn.cron_id.active)
        self.assertTrue(firm.active)
        self.assertTrue(self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id)]))

    def test_customer_names_tour(self):
        self.env["ir.config_parameter"].sudo().set_param("xero_connector.customer_name_mapping", "True")
        alpha = self.env["res.partner"].create({"name": "Alpha Holdings"})
        fake = FakeXero({"Contacts": [contact("c7", "Alpha Pty", updated=1775001600000)]})
        with patch.object(type(self.env["xero.connection"]), "_xero", lambda conn: fake):
            self.env["xero.sync.job"]._enqueue(self.conn, "contacts", "manual")
            self.env["xero.sync.job"]._run_next(self.conn)
        row = self.env["xero.customer.name"].search([("xero_name", "=", "Alpha Pty")])
        self.assertTrue(row and not row.partner_id)
        self.start_tour("/odoo", "xero_customer_names_tour", login="admin")
        self.assertEqual(row.partner_id, alpha)

    def test_first_hour_tour(self):
        self.conn.sudo().last_sync = self.job.finished_at
        fake = FakeXero()
        with patch.object(type(self.env["xero.connection"]), "_xero", lambda conn: fake):
            self.start_tour("/odoo", "xero_first_hour_tour", login="admin")
        self.assertEqual(self.conn.country_id.code, "AU")


@tagged("post_install", "-at_install")
class TestPublishTours(HttpCase):
    """Publishing in a real headless Chromium: the button on an invoice, Retry on Publishing Errors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.conn = cls.env["xero.connection"].create({
            "name": "Publishing Tour Org", "tenant_id": "tenant-publish-tour", "country_code": "AU",
            "direction_sales": "both",
        })
        cls.conn.sudo().state = "active"
        partner = cls.env["res.partner"].create({"name": "Tour Customer"})
        cls.invoices = cls.env["account.move"].create([{
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": "2026-10-03",
            "invoice_line_ids": [(0, 0, {"name": "Work", "quantity": 1, "price_unit": 100.0, "tax_ids": False})],
        } for _i in range(2)])
        cls.invoices.action_post()

    def test_publish_from_the_invoice(self):
        self.start_tour(f"/odoo/action-account.action_move_out_invoice_type/{self.invoices[0].id}",
                        "xero_publish_tour", login="admin")
        job = self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id), ("kind", "=", "publish")])
        self.assertEqual(job.move_ids, self.invoices[0])

    def test_publish_many_from_the_list(self):
        invoices = self.invoices.filtered(lambda m: m.partner_id.name == "Tour Customer")
        self.start_tour("/odoo/action-account.action_move_out_invoice_type",
                        "xero_publish_list_tour", login="admin")
        job = self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id), ("kind", "=", "publish")])
        self.assertEqual(job.move_ids, invoices)

    def test_retry_from_publishing_errors(self):
        refused = self.invoices[1]
        refused.sudo().write({"xero_publish_state": "error", "xero_publish_error": (
            "The document date cannot be before the period lock date, currently set at 30-Sep-2026")})
        self.start_tour("/odoo/action-xero_connector.action_xero_publish_errors", "xero_publish_errors_tour",
                        login="admin")
        job = self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id), ("kind", "=", "publish")])
        self.assertEqual(job.move_ids, refused)
