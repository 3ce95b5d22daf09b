"""A firm's administrator works in the firm's own company, which has no Xero organisation:
whatever they open from the dashboard (a card's links, a pending item's Fix, a job) shows that
client's company, and the firm-wide lists show every company they may work in."""

import ast
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from .fake_xero import FakeXero
from .test_documents import books, invoice
from .test_sync_engine import account


def firm_and_client(cls):
    """The firm's own company (no Xero organisation) where the administrator lands; a client
    company with a synced organisation: booked invoices, one waiting for an unmapped Xero
    account, one Odoo invoice Xero refused."""
    env = cls.env
    admin = env.ref("base.user_admin")
    cls.client_company = env.ref("base.main_company")  # the one with a chart of accounts
    cls.client_company.name = "Kauri Clients Ltd"
    cls.firm = env["res.company"].create({"name": "Firm HQ Ltd"})
    admin.write({"company_ids": [(4, cls.firm.id)], "company_id": cls.firm.id,
                 "action_id": env.ref("xero_connector.action_xero_connection").id})
    cls.conn = env["xero.connection"].create({
        "name": "Kauri Client Org", "tenant_id": "tenant-kauri-firm", "country_code": "NZ",
        "company_id": cls.client_company.id, "direction_sales": "both"})
    cls.conn.sudo().state = "active"
    data = books(env, cls.client_company)
    data["Accounts"].append(account("a9", "990", "Mystery Xero Costs XQ", "EXPENSE"))
    data["Invoices"].append(invoice("i9", "INV-9", lines=[
        {"Description": "Odd", "Quantity": 1, "UnitAmount": 10, "AccountCode": "990", "TaxType": "OUTPUT"}]))
    fake = FakeXero(data)
    with patch.object(type(env["xero.connection"]), "_xero", lambda conn: fake):
        env["xero.sync.job"]._enqueue(cls.conn, "full", "manual")
        env["xero.sync.job"]._run_next(cls.conn)
    cls.item = env["xero.pending.item"].search([("connection_id", "=", cls.conn.id),
                                                ("reason_code", "=", "unmapped_account")])
    assert len(cls.item) == 1, cls.item
    partner = env["res.partner"].create({"name": "Refused Customer XQ"})
    cls.refused = env["account.move"].create({
        "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": "2026-10-03",
        "company_id": cls.client_company.id,
        "invoice_line_ids": [(0, 0, {"name": "Work", "quantity": 1, "price_unit": 100.0, "tax_ids": False})]})
    cls.refused.action_post()
    cls.refused.sudo().write({"xero_publish_state": "error",
                              "xero_publish_error": "The period is locked in Xero XQ"})
    cls.admin = admin


@tagged("post_install", "-at_install")
class TestFirmScreens(HttpCase):
    """The actions themselves, read as the administrator in the firm's own company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        firm_and_client(cls)

    def as_admin(self, model):
        return self.env[model].with_user(self.admin).with_context(allowed_company_ids=[self.firm.id])

    def records(self, action):
        """What the screen lists: its domain in the companies its context allows."""
        ctx = action.get("context") or {}
        env = self.env(user=self.admin, context={"allowed_company_ids": ctx.get("allowed_company_ids",
                                                                                [self.firm.id])})
        domain = action.get("domain") or []
        return env[action["res_model"]].search(ast.literal_eval(domain) if isinstance(domain, str) else domain)

    def test_firm_wide_lists_every_company_grouped(self):
        Act = self.as_admin("ir.actions.act_window")
        for xmlid, model, group in (
                ("action_xero_publish_errors", "account.move", "by_company"),
                ("action_xero_pending_item", "xero.pending.item", "group_connection"),
                ("action_xero_sync_job", "xero.sync.job", "group_connection"),
                ("action_xero_account", "xero.account", "group_connection")):
            action = Act._for_xml_id(f"xero_connector.{xmlid}")
            ctx = action["context"]
            self.assertEqual(ctx["allowed_company_ids"][0], self.firm.id, xmlid)  # the switcher's first
            self.assertIn(self.client_company.id, ctx["allowed_company_ids"], xmlid)
            self.assertEqual(ctx["xero_company_ids"], ctx["allowed_company_ids"], xmlid)
            self.assertEqual(ctx[f"search_default_{group}"], 1, xmlid)
            self.assertNotIn("xero_firm_wide", ctx, xmlid)
            self.assertEqual(action["res_model"], model)
        errors = self.records(Act._for_xml_id("xero_connector.action_xero_publish_errors"))
        self.assertEqual(errors, self.refused)
        unmapped = self.records(Act._for_xml_id("xero_connector.action_xero_account")).filtered(
            lambda b: not b.account_id)
        self.assertIn("990", unmapped.mapped("code"))
        # a Xero user working in one company: nothing to group
        one = new_test_user(self.env, "xero_one_company", groups="base.group_user,xero_connector.group_xero_user",
                            company_id=self.client_company.id, company_ids=[(6, 0, self.client_company.ids)])
        ctx = self.env(user=one)["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_pending_item")
        self.assertEqual(ctx["context"]["allowed_company_ids"], [self.client_company.id])
        self.assertNotIn("search_default_group_connection", ctx["context"])

    def test_card_links_open_the_client_company(self):
        conn = self.as_admin("xero.connection").browse(self.conn.id)
        errors = conn.action_open_publish_errors()
        self.assertEqual(errors["context"]["allowed_company_ids"], [self.client_company.id])
        self.assertEqual(self.records(errors), self.refused)
        self.assertIn(self.item, self.records(conn.action_open_pending()))
        report = conn.action_client_reports()
        self.assertEqual(report["context"]["allowed_company_ids"], [self.client_company.id])
        self.assertEqual(report["context"]["xero_company_ids"], [self.client_company.id])
        self.assertTrue(self.env["account.move.line"].with_context(
            allowed_company_ids=[self.client_company.id]).search_count(report["domain"]))
        postings = conn.action_open_failed_postings()
        self.assertEqual(postings["context"]["allowed_company_ids"], [self.client_company.id])
        jobs = conn.action_open_jobs()
        self.assertEqual(jobs["context"]["allowed_company_ids"], [self.client_company.id])

    def test_pending_item_fix_from_the_firm_company(self):
        """'Map the Account' finds the unmapped account of the item's company, not 'Nothing left
        to map', though only the firm's company is ticked."""
        item = self.as_admin("xero.pending.item").browse(self.item.id)
        action = item.action_fix()
        self.assertEqual(action["res_model"], "xero.account")
        self.assertEqual(action["context"]["allowed_company_ids"], [self.client_company.id])
        self.assertEqual(self.records(action).mapped("code"), ["990"])
        # its lines name the client's account and tax, not bare codes
        lines = str(item.lines_html)
        self.assertIn("990 Mystery Xero Costs XQ", lines)
        self.assertIn("OUTPUT (Sales 15)", lines)

    def test_empty_report_says_why(self):
        other = self.env["xero.connection"].create({
            "name": "Empty Client XQ", "tenant_id": "tenant-empty-xq", "company_id": self.firm.id})
        help_html = other.with_user(self.admin)._client_report_help()
        self.assertIn("Nothing is booked in Firm HQ Ltd yet", help_html)
        self.assertIn("Sync Now", help_html)

    def test_tour_dashboard_to_client_screens(self):
        """In Chromium, the firm's company ticked: a card's publishing error, its Profit and
        Loss, a pending item's Map the Account, the mappings and Publishing Errors menus."""
        self.start_tour("/odoo", "xero_firm_client_screens_tour", login="admin")
