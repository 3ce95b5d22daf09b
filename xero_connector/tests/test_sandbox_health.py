"""Client health against the live sandbox: each condition planted at the sandbox (bank lines
and payments waiting for reconciliation, a lock date moved backwards, a document changed after close, a
draft, an overdue invoice) and found, then cleared after the fix; a connection without the bank
scopes says which checks it cannot run and the rest still runs; the books check runs it too."""

import time
from datetime import date, timedelta
from unittest.mock import patch

import requests
from odoo.tests import tagged

from ..xero_client import XeroClient
from .test_sandbox_flow import WALLABY
from .test_sandbox_sync import SandboxSyncCase

SCOPES = ["offline_access", "accounting.settings", "accounting.contacts", "accounting.invoices",
          "accounting.payments", "accounting.manualjournals", "accounting.reports.banksummary.read",
          "accounting.banktransactions.read"]


@tagged("post_install", "-at_install")
class TestSandboxHealth(SandboxSyncCase):

    def connected(self, scopes=SCOPES):
        grant = self.sandbox.grant([WALLABY], scopes)
        token = self.env["xero.token"].sudo().create(self.env["xero.token"]._values_from({
            "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
            "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split()}))
        conn = self.env["xero.connection"].create({"name": "Wallaby", "tenant_id": WALLABY,
                                                   "company_id": self.env.company.id})
        conn.sudo().write({"token_id": token.id, "state": "active", "granted_scopes": token.scope})
        return conn

    def api(self, method, path, **kwargs):
        token = self.sandbox.grant([WALLABY], ["accounting.invoices", "accounting.contacts",
                                               "accounting.payments"])["access_token"]
        reply = requests.request(method, f"{self.sandbox.url}/api.xro/2.0/{path}", timeout=30, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": WALLABY, "Accept": "application/json"}, **kwargs)
        self.assertEqual(reply.status_code, 200, reply.text)
        return reply.json()

    def organisation(self, **values):
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/organisation", json=values)

    def today(self):
        return date.fromisoformat(self.sandbox.admin("GET", "/__sandbox__/state")["now"][:10])

    def invoice(self, day, due, status="AUTHORISED", kind="ACCREC"):
        contact = self.api("GET", "Contacts")["Contacts"][0]["ContactID"]
        return self.api("PUT", "Invoices", json={"Invoices": [{
            "Type": kind, "Contact": {"ContactID": contact}, "Date": day.isoformat(), "DueDate": due.isoformat(),
            "Status": status, "LineAmountTypes": "NoTax", "LineItems": [
                {"Description": "Planted", "Quantity": 1, "UnitAmount": 80, "AccountCode": "200"}]}]})["Invoices"][0]

    def reconcile_all(self):
        """Every bank line and payment matched with the bank statement, as a bank feed leaves them."""
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/banktransactions", json={"reconcile": "all"})

    def pay(self, invoice, bank, amount, day):
        """A payment in Xero, not reconciled with the bank statement (Xero's default)."""
        return self.api("PUT", "Payments", json={"Payments": [{
            "Invoice": {"InvoiceID": invoice["InvoiceID"]}, "Account": {"Code": bank}, "Amount": amount,
            "Date": day.isoformat()}]})["Payments"][0]

    def test_each_condition_found_then_cleared_after_the_fix(self):
        day = self.today()
        self.reconcile_all()
        old = self.invoice(day - timedelta(days=40), day - timedelta(days=30))
        self.organisation(PeriodLockDate=(day - timedelta(days=20)).isoformat())
        conn = self.connected()
        Check = self.env["xero.health.check"]
        first = Check._check(conn)
        self.assertNotEqual(first.state, "failed", first.error)
        self.assertFalse(first.not_checked)
        self.assertEqual((first.unreconciled_count, first.changed_count), (0, 0))
        self.assertFalse(first.reopened_from)
        self.assertEqual(first.period_lock_date, day - timedelta(days=20))
        self.assertLessEqual(first.api_calls, 6)
        drafts, overdue = first.draft_count, first.overdue_receivable_count
        self.assertGreaterEqual(overdue, 1, "the planted invoice is past its due date")
        banks = first.line_ids.filtered(lambda ln: ln.kind == "bank")
        self.assertIn("Business Bank Account", banks.mapped("name"))

        self.plant(day, old)
        check = Check._check(conn)
        self.check_found(conn, check, day, old, drafts, overdue)
        self.fix_and_check_again(conn, day, old)

    def plant(self, day, old):
        """Three bank lines waiting (one more reconciled) and two payments (a customer's on the
        business account, a bill's on the savings account), the period reopened, a document in it
        changed, a draft, an overdue invoice."""
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/banktransactions", json={"items": [
            {"bank": "090", "type": "SPEND", "amount": 30, "date": day.isoformat(), "reference": "Fuel"},
            {"bank": "090", "type": "SPEND", "amount": 20, "date": day.isoformat()},
            {"bank": "090", "type": "RECEIVE", "amount": 5, "date": day.isoformat()},
            {"bank": "090", "type": "RECEIVE", "amount": 500, "date": day.isoformat(), "reconciled": True}]})
        self.pay(old, "090", 12, day)
        self.pay(self.invoice(day, day + timedelta(days=30), kind="ACCPAY"), "091", 7, day)
        self.organisation(PeriodLockDate=(day - timedelta(days=50)).isoformat())
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 120})
        self.api("POST", f"Invoices/{old['InvoiceID']}", json={"Invoices": [{"Reference": "changed after close"}]})
        self.invoice(day, day + timedelta(days=10), status="DRAFT")
        self.invoice(day - timedelta(days=10), day - timedelta(days=3))

    def check_found(self, conn, check, day, old, drafts, overdue):
        self.assertEqual(check.state, "attention")
        self.assertEqual(check.unreconciled_count, 5)
        bank = check.line_ids.filtered(lambda ln: ln.kind == "bank" and ln.name == "Business Bank Account")
        self.assertEqual((bank.unreconciled_count, bank.unreconciled_amount), (4, -33.0))  # -30 -20 +5 +12
        self.assertEqual(bank.statement_balance, bank.ledger_balance + 33.0)
        self.assertEqual(bank.detail, "4 bank lines to reconcile (1 of them payments)")
        savings = check.line_ids.filtered(lambda ln: ln.kind == "bank" and ln.name == "Business Savings Account")
        self.assertEqual((savings.unreconciled_count, savings.unreconciled_amount), (1, -7.0), "a bill paid: out")
        self.assertIn("/Bank/", bank.xero_url)
        self.assertEqual(check.reopened_from, day - timedelta(days=20))
        changed = check.line_ids.filtered(lambda ln: ln.kind == "changed")
        self.assertEqual(changed.mapped("xero_id"), [old["InvoiceID"]])
        self.assertEqual(changed.document_date, day - timedelta(days=40))
        self.assertIn("AccountsReceivable/View.aspx", changed.xero_url)
        self.assertEqual(check.draft_count, drafts + 1)
        self.assertEqual(check.overdue_receivable_count, overdue + 1)
        # the dashboard: its words, filters and order
        self.assertIn("Closed period reopened (was locked to", conn.health_label)
        self.assertIn("5 bank lines to reconcile", conn.health_label)
        self.assertIn("1 changed after close", conn.health_label)
        Conn = self.env["xero.connection"]
        for domain in ([("health_unreconciled", ">", 0)], [("health_changed", ">", 0)],
                       [("health_reopened", "=", True)], [("health_attention", ">", 0)]):
            self.assertIn(conn, Conn.search(domain), domain)
        self.assertIn("moved backwards", "".join(conn.message_ids.mapped("body")))
        self.assertEqual(Conn.search([("id", "in", conn.ids)], order="health_attention desc"), conn)

    def fix_and_check_again(self, conn, day, old):
        """The bank reconciled (its lines and the payments), the period closed again, the change
        reviewed: all clear."""
        Conn, Check = self.env["xero.connection"], self.env["xero.health.check"]
        self.reconcile_all()
        self.organisation(PeriodLockDate=(day - timedelta(days=20)).isoformat())
        self.assertTrue(conn.health_changed)
        conn.action_health_reviewed()
        check = conn.health_check_id
        self.assertEqual((check.unreconciled_count, check.changed_count), (0, 0))
        self.assertFalse(check.reopened_from)
        self.assertFalse(Conn.search([("id", "=", conn.id), ("health_attention", ">", 0)]))
        self.assertNotIn("reopened", conn.health_label)
        # a later change in the closed period is found again
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 120})
        self.organisation(PeriodLockDate=(day - timedelta(days=50)).isoformat())
        self.api("POST", f"Invoices/{old['InvoiceID']}", json={"Invoices": [{"Reference": "again"}]})
        self.organisation(PeriodLockDate=(day - timedelta(days=20)).isoformat())
        check = Check._check(conn)
        self.assertEqual(check.changed_count, 1)
        self.assertFalse(check.reopened_from, "reopened and closed again between two checks: not seen")

    def test_without_the_bank_scopes_the_rest_runs_and_the_books_check_runs_it(self):
        self.assertIn("accounting.reports.banksummary.read", self.env["xero.connection"]._scopes())
        self.assertIn("accounting.banktransactions.read", self.env["xero.connection"]._scopes())
        conn = self.connected([s for s in SCOPES if not s.startswith(("accounting.reports", "accounting.bank"))])
        check = self.env["xero.health.check"]._check(conn)
        self.assertNotEqual(check.state, "failed", check.error)
        self.assertIn("Bank balances: not checked", check.not_checked)
        self.assertIn("Bank lines to reconcile: not checked", check.not_checked)
        self.assertIn("Reconnect", check.not_checked)
        self.assertIn("some checks need a reconnect", conn.health_label)
        self.assertFalse(check.line_ids.filtered(lambda ln: ln.kind == "bank"))
        self.assertGreater(check.overdue_receivable_count + check.draft_count, 0, "the documents still counted")
        run = self.env["xero.books.run"]._check(conn)
        self.assertTrue(run)
        self.assertEqual(len(self.env["xero.health.check"].search([("connection_id", "=", conn.id)])), 2)
        # the screens
        for model, kinds in (("xero.health.check", ["form", "list"]), ("xero.health.line", ["list"])):
            views = self.env[model].get_views([(False, kind) for kind in kinds])["views"]
            self.assertEqual(set(views), set(kinds))
        views = self.env["xero.connection"].get_views([(False, "form"), (False, "kanban"), (False, "list"),
                                                        (False, "search")])["views"]
        self.assertIn("action_check_health", views["form"]["arch"])
        self.assertIn("health_label", views["kanban"]["arch"])
        self.assertIn("health_unreconciled", views["list"]["arch"])
        self.assertIn("lock_reopened", views["search"]["arch"])

    def calls(self, after=0):
        return self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": WALLABY, "after": after})

    def test_with_the_books_check_health_reads_no_document_of_its_own(self):
        """The books check and client health together: health counts drafts and overdue from the
        books check's read of the documents and takes its organisation, so the documents and the
        organisation are read once; on its own health reads them itself, with the same counts."""
        day = self.today()
        self.invoice(day - timedelta(days=40), day - timedelta(days=30))
        self.invoice(day - timedelta(days=900), day - timedelta(days=870), status="DRAFT")  # outside the period
        conn = self.connected([*SCOPES, "accounting.reports.trialbalance.read"])
        mark = max([c["seq"] for c in self.calls()] or [0])
        alone = self.env["xero.health.check"]._check(conn)
        paths = [c["path"] for c in self.calls(mark)]
        self.assertIn("/api.xro/2.0/Invoices", paths, "on its own health reads the documents")
        self.assertEqual(len(paths), alone.api_calls)

        mark = max(c["seq"] for c in self.calls())
        run = self.env["xero.books.run"]._check(conn)
        health = conn.health_check_id
        self.assertNotEqual(health, alone)
        self.assertNotEqual(run.state, "failed", run.error)
        paths = [c["path"] for c in self.calls(mark)]
        self.assertEqual(len(paths), run.api_calls + health.api_calls, paths)
        for path in ("/api.xro/2.0/Organisation", "/api.xro/2.0/Invoices", "/api.xro/2.0/CreditNotes"):
            self.assertEqual(paths.count(path), 1, (path, paths))
        self.assertEqual(health.api_calls, 3, "the bank summary, the bank lines and the payments only")
        self.assertEqual((health.draft_count, health.overdue_receivable_count, health.overdue_receivable_amount,
                          health.overdue_payable_count, health.overdue_payable_amount),
                         (alone.draft_count, alone.overdue_receivable_count, alone.overdue_receivable_amount,
                          alone.overdue_payable_count, alone.overdue_payable_amount))
        self.assertGreaterEqual(health.overdue_receivable_count, 1)
        self.assertGreaterEqual(health.draft_count, 3, "the seeded drafts and the planted one, whatever their date")
        self.assertEqual(health.period_lock_date, alone.period_lock_date)

    def test_a_bank_summary_of_an_unexpected_shape_is_named_and_the_rest_runs(self):
        conn = self.connected()
        self.reconcile_all()
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/banktransactions", json={"items": [
            {"bank": "090", "amount": 12, "date": self.today().isoformat()}]})
        real_get = XeroClient.get

        def get(client, path, params=None, modified_since=None):
            if path == "Reports/BankSummary":  # a section lost, as a changed report could come
                return {"Reports": [{"Rows": [{"RowType": "Header", "Cells": []}]}]}
            return real_get(client, path, params=params, modified_since=modified_since)

        with patch.object(XeroClient, "get", get):
            check = self.env["xero.health.check"]._check(conn)
        problem = check.line_ids.filtered(lambda ln: ln.kind == "not_checked")
        self.assertEqual((problem.name, problem.detail), ("Bank balances", "The bank summary came without a section."))
        self.assertEqual(check.unreconciled_count, 1, "the bank lines still counted")
        self.assertEqual(check.state, "attention")
