import base64
import logging
import shutil
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from ..const import PARAM_CLIENT_SECRET, PARAM_WEBHOOK_KEY
from ..sync.steps import conflict_reason
from ..xero_client.errors import XeroForbiddenError
from .fake_xero import FakeXero
from .test_documents import books
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
        self.assertFalse(self.conn.next_sync)
        self.assertTrue(firm.active)
        self.assertTrue(self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id)]))

    def test_payroll_tour(self):
        """Settings > Check payroll and fixed assets, the statuses on the card and form, and
        Disconnect Payroll as an administrator; a Xero user sees the statuses without the buttons."""
        self.conn.sudo().granted_scopes = "accounting.settings.read assets.read payroll.settings.read"
        fake = FakeXero()

        def assets_not_set_up():
            raise XeroForbiddenError("Fixed assets are not set up for this organisation", 403)

        fake.get_asset_settings = assets_not_set_up
        fake.get_payroll_settings = lambda country: {"Settings": {}}
        with patch.object(type(self.env["xero.connection"]), "_xero", lambda conn: fake):
            self.start_tour("/odoo/settings#xero_payroll_assets", "xero_payroll_settings_tour", login="admin")
            self.assertEqual((self.conn.payroll_status, self.conn.assets_status), ("connected", "not_connected"))
            self.start_tour("/odoo/action-xero_connector.action_xero_connection", "xero_payroll_tour",
                            login="admin")
            self.assertTrue(self.conn.payroll_disconnected)
            self.start_tour("/odoo/action-xero_connector.action_xero_connection", "xero_payroll_user_tour",
                            login="xero_tour_user")

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


@tagged("post_install", "-at_install")
class TestFirmTours(HttpCase):
    """The administrator of a firm with several companies, in Chromium, only the firm's own
    company ticked: the dashboard they land on, a sync followed live, the posting preview and
    the missing-journal message, a pulled invoice, the settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.env.ref("base.user_admin")
        cls.firm = admin.company_id
        cls.firm.name = "Firm HQ Ltd"
        cls.client_company = cls.env["res.company"].create({"name": "Kauri Clients Ltd"})
        admin.write({"company_ids": [(4, cls.client_company.id)],
                     "action_id": cls.env.ref("xero_connector.action_xero_connection").id})
        Connection = cls.env["xero.connection"]
        cls.conn = Connection.create({"name": "Firm Org", "tenant_id": "tenant-firm", "country_code": "AU",
                                      "short_code": "!FirmQ", "company_id": cls.firm.id})
        cls.client = Connection.create({"name": "Kauri Client Org", "tenant_id": "tenant-kauri",
                                        "country_code": "NZ", "company_id": cls.client_company.id})
        (cls.conn | cls.client).sudo().write({"state": "active"})
        Account = cls.env["account.account"]
        mine = [("company_ids", "in", cls.firm.id)]
        Account.search(mine + [("account_type", "=", "expense")], limit=1).name = "Office Rent XQ"
        cls.fakes = {"tenant-firm": FakeXero(books(cls.env, cls.firm)), "tenant-kauri": FakeXero(
            {"Contacts": [contact("k1", "Kauri Cafe"), contact("k2", "Totara Tools")]})}
        with cls.fake_xero():
            Job = cls.env["xero.sync.job"]
            Job._enqueue(cls.conn, "full", "manual")
            Job._run_next(cls.conn)
        cls.invoice = cls.env["account.move"].search([("xero_id", "=", "i1")])
        assert cls.invoice.xero_pulled and cls.invoice.xero_number == "INV-1"
        assert cls.conn.pending_count == 1 and cls.conn.last_sync

        # Journal posting: the firm's miscellaneous journal, one entry ready, one blocked (its
        # debit account has no Xero account)
        bindings = cls.env["xero.account"].search([("connection_id", "=", cls.conn.id)])
        rent, sales = (bindings.filtered(lambda b, c=code: b.code == c).account_id for code in ("400", "200"))
        assert rent and sales
        unmapped = Account.search(mine + [("account_type", "=", "asset_current"),
                                          ("id", "not in", bindings.account_id.ids)], limit=1)
        journal = cls.env["account.journal"].search([("company_id", "=", cls.firm.id), ("type", "=", "general")],
                                                    limit=1)
        cls.conn.post_journal_ids = journal
        entries = cls.env["account.move"].create([{
            "journal_id": journal.id, "ref": ref, "line_ids": [
                (0, 0, {"account_id": debit.id, "debit": amount, "name": ref}),
                (0, 0, {"account_id": sales.id, "credit": amount, "name": ref})],
        } for ref, debit, amount in (("Office rent", rent, 1000.0), ("Accrued interest", unmapped, 75.0))])
        entries.action_post()

    @classmethod
    def fake_xero(cls):
        return patch.object(type(cls.env["xero.connection"]), "_xero", lambda conn: cls.fakes[conn.tenant_id])

    def test_landing_card_figures_and_live_sync(self):
        with self.fake_xero():
            self.start_tour("/odoo", "xero_firm_landing_tour", login="admin")
        # the run followed live, then Run Again's new job
        jobs = self.env["xero.sync.job"].search([("connection_id", "=", self.client.id)])
        self.assertEqual(jobs.mapped("state"), ["queued", "done"], jobs[-1:].log)
        self.assertEqual(len(self.env["xero.contact"].search([("connection_id", "=", self.client.id)])), 2)

    def test_posting_preview_and_missing_journals(self):
        self.start_tour("/odoo/action-xero_connector.action_xero_connection", "xero_firm_posting_tour",
                        login="admin")

    def test_pulled_invoice_number_and_banner(self):
        self.start_tour("/odoo/action-account.action_move_out_invoice_type", "xero_pulled_invoice_tour",
                        login="admin")

    def test_settings_open_at_xero_secrets_set_not_shown(self):
        icp = self.env["ir.config_parameter"].sudo()
        icp.set_param(PARAM_CLIENT_SECRET, "s3cr3t-client")
        icp.set_param(PARAM_WEBHOOK_KEY, "s3cr3t-hook")
        self.start_tour("/odoo/action-xero_connector.action_xero_connection", "xero_settings_tour", login="admin")
        self.assertEqual(icp.get_param(PARAM_CLIENT_SECRET), "s3cr3t-client")


@tagged("post_install", "-at_install")
class TestConflictTour(HttpCase):
    """A contact edited on both sides, resolved in Chromium: both versions shown, Xero's kept."""

    def test_resolve_a_conflict(self):
        conn = self.env["xero.connection"].create({
            "name": "Conflict Tour Org", "tenant_id": "tenant-conflict-tour", "country_code": "AU",
            "direction_contacts": "both",
        })
        conn.sudo().state = "active"
        partner = self.env["res.partner"].create({"name": "Harbour Supplies", "email": "odoo@harbour.example"})
        self.env["xero.contact"].create({"connection_id": conn.id, "xero_id": "c-harbour", "name": "Harbour Supplies",
                                         "partner_id": partner.id})
        item = self.env["xero.pending.item"]._raise_for(
            conn, "contacts", "c-harbour", "Harbour Supplies", "conflict", conflict_reason(self.env),
            contact("c-harbour", "Harbour Supplies", EmailAddress="xero@harbour.example"), False)
        self.start_tour("/odoo/action-xero_connector.action_xero_pending_item", "xero_conflict_tour", login="admin")
        self.assertEqual((item.state, partner.email), ("resolved", "xero@harbour.example"))
