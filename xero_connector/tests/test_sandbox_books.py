"""Books agree against the live sandbox: an Australian organisation synced into Odoo, then each
kind of difference planted (at the sandbox and in Odoo) and found with its reason; agreement
after the fix and a sync; the spreadsheet read back; a connection without the reports scope."""

import base64
import io
import time
from datetime import date
from unittest.mock import patch

import requests
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_sandbox_flow import WALLABY
from .test_sandbox_publish import SandboxPublishCase
from .test_sandbox_sync import SandboxSyncCase

SCOPES = ["offline_access", "accounting.settings", "accounting.contacts", "accounting.invoices",
          "accounting.payments", "accounting.manualjournals", "accounting.reports.trialbalance.read"]


@tagged("post_install", "-at_install")
class TestSandboxBooks(SandboxSyncCase):

    def grant_with(self, scopes):
        grant = self.sandbox.grant([WALLABY], scopes)
        return self.env["xero.token"].sudo().create(self.env["xero.token"]._values_from({
            "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
            "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split(),
        }))

    def synced(self, scopes=SCOPES):
        company = self.env["xero.connection"]._company_for(
            {"tenantId": WALLABY, "tenantName": "Wallaby Wholesale Pty"}, self.grant_with(scopes))
        grant = self.grant_with(scopes)
        conn = self.env["xero.connection"].create({"name": "Wallaby", "tenant_id": WALLABY,
                                                   "company_id": company.id})
        conn.sudo().write({"token_id": grant.id, "state": "active", "granted_scopes": grant.scope})
        conn.action_test_connection()
        self.sync_with_accounts(conn)
        return conn

    def lines(self, run):
        return {(line.section, line.name): line for line in run.line_ids}

    def xero_put(self, path, body, scopes=("accounting.invoices", "accounting.payments")):
        token = self.sandbox.grant([WALLABY], list(scopes))["access_token"]
        reply = requests.put(f"{self.sandbox.url}/api.xro/2.0/{path}", json=body, timeout=30, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": WALLABY, "Accept": "application/json"})
        self.assertEqual(reply.status_code, 200, reply.text)
        return reply.json()

    def sandbox_today(self):
        return date.fromisoformat(self.sandbox.admin("GET", "/__sandbox__/state")["now"][:10])

    def reasons(self, run, section):
        return {line.name: line.reason for line in run.line_ids if line.section == section}

    def drift_activities(self, conn):
        kind = self.env.ref("xero_connector.mail_activity_books_differ")
        return conn.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def test_each_difference_found_with_its_reason_then_agreement(self):
        conn = self.synced()
        day = self.sandbox_today()
        Run = self.env["xero.books.run"]
        # Xero's manual journals (depreciation, a wages accrual) come with the documents: the books agree
        run = Run._check(conn, day)
        self.assertEqual(run.state, "agree", [(ln.section, ln.name, ln.difference, ln.reason) for ln in run.line_ids])
        self.assertLessEqual(run.api_calls, 5)
        self.assertGreater(run.document_count, 0)
        self.assertFalse(self.drift_activities(conn))
        self.assertEqual(conn.books_label, f"Books agree as of {day.strftime('%d %b %Y')}")

        contact, new, synced, only, depreciation, depreciation_account = self.plant(conn, day, run)
        run = Run._check(conn, day)
        self.check_planted(run, contact, synced, only)
        self.assertEqual(len(self.drift_activities(conn)), 1)
        self.assertEqual(conn.books_label, f"{run.difference_count} differences")
        run = Run._check(conn, day)
        self.assertEqual(len(self.drift_activities(conn)), 1, "one activity per drift, not one per run")
        self.check_spreadsheet(run)

        # the fix: the mapping back, the Odoo-only invoice cancelled, a sync; the journals voided in Xero
        # meanwhile cancel their entries at that sync, so the books still agree
        token = self.sandbox.grant([WALLABY], ["accounting.manualjournals.read"])["access_token"]
        journals = requests.get(f"{self.sandbox.url}/api.xro/2.0/ManualJournals", timeout=30, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": WALLABY, "Accept": "application/json"},
        ).json()["ManualJournals"]
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/records/ManualJournals", json={
            "items": [dict(j, Status="VOIDED") for j in journals]})
        depreciation.account_id = depreciation_account
        only.button_draft()
        only.button_cancel()
        job = self.run_job(conn, "documents")
        self.assertIn(job.state, ("done", "warning"), job.log)
        run = Run._check(conn, day)
        self.assertEqual(run.state, "agree", [(ln.section, ln.name, ln.difference, ln.reason) for ln in run.line_ids])
        self.assertFalse(self.drift_activities(conn), "closed when the books agree again")
        self.assertEqual(conn.books_label, f"Books agree as of {day.strftime('%d %b %Y')}")
        # lines within 0.05 (a foreign-currency document converted by each side its own way) are
        # listed, and the books still agree, saying so
        run.rounding_count = 2
        self.assertEqual(conn.books_label, f"Books agree as of {day.strftime('%d %b %Y')} (2 rounding lines)")

    def plant(self, conn, day, run):
        """At the sandbox: a new invoice (then waiting in Odoo), a payment of a synced one. In
        Odoo: an invoice booked only in Odoo, an account left unmapped."""
        contact = self.env["xero.contact"].search([("connection_id", "=", conn.id), ("partner_id", "!=", False)])[0]
        new = self.xero_put("Invoices", {"Invoices": [{
            "Type": "ACCREC", "Contact": {"ContactID": contact.xero_id}, "Date": day.isoformat(),
            "DueDate": day.isoformat(), "Status": "AUTHORISED", "LineAmountTypes": "Exclusive",
            "LineItems": [{"Description": "Planted", "Quantity": 1, "UnitAmount": 200, "AccountCode": "200",
                           "TaxType": "OUTPUT"}]}]})["Invoices"][0]
        self.env["xero.pending.item"]._raise_for(conn, "invoices", new["InvoiceID"], new["InvoiceNumber"],
                                                 "unmapped_account", "planted", "{}", None)
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 120})
        synced = self.env["account.move"].search([
            ("xero_connection_id", "=", conn.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
            ("amount_residual", ">", 10), ("invoice_date", ">=", run.date_from)], limit=1)
        self.xero_put("Payments", {"Payments": [{"Invoice": {"InvoiceID": synced.xero_id}, "Account": {"Code": "090"},
                                                 "Date": day.isoformat(), "Amount": 10}]})
        # planted in Odoo: an invoice booked only in Odoo, an account left unmapped
        income = self.env["xero.account"].search([("connection_id", "=", conn.id), ("code", "=", "200")]).account_id
        only = self.env["account.move"].create({
            "move_type": "out_invoice", "company_id": conn.company_id.id, "invoice_date": day,
            "partner_id": self.env["res.partner"].create({"name": "Odoo Only Customer"}).id,
            "invoice_line_ids": [(0, 0, {"name": "Odoo only", "quantity": 1, "price_unit": 55,
                                         "account_id": income.id, "tax_ids": [(6, 0, [])]})]})
        only.action_post()
        depreciation = self.env["xero.account"].search([("connection_id", "=", conn.id), ("code", "=", "416")])
        depreciation_account = depreciation.account_id
        depreciation.account_id = False
        return contact, new, synced, only, depreciation, depreciation_account

    def check_planted(self, run, contact, synced, only):
        documents = {line.name: line for line in run.line_ids if line.section == "documents"}
        by_reason = {line.reason: line for line in documents.values()}
        self.assertEqual(set(by_reason), {"pending_item", "changed_in_xero", "only_in_odoo"}, documents)
        self.assertEqual(by_reason["pending_item"].xero_amount, 220.0)
        self.assertFalse(by_reason["pending_item"].in_odoo)
        changed = by_reason["changed_in_xero"]
        self.assertEqual((changed.move_id, changed.detail, changed.difference), (synced, "amount due", 10.0))
        self.assertIn("redirecturl=/AccountsReceivable/View.aspx%3FInvoiceID%3D" + synced.xero_id, changed.xero_url)
        self.assertEqual((by_reason["only_in_odoo"].move_id, by_reason["only_in_odoo"].odoo_amount), (only, 55.0))
        self.assertEqual(by_reason["only_in_odoo"].action_open_entries()["res_id"], only.id)
        accounts = {line.name: line for line in run.line_ids if line.section == "accounts"}
        self.assertEqual(accounts["Depreciation (416)"].reason, "unmapped_account")
        receivable = next(line for line in accounts.values() if line.account_id.account_type == "asset_receivable")
        self.assertEqual(receivable.difference, 55.0 - 220.0 + 10.0)
        self.assertEqual(receivable.reason, "pending_item")  # the documents waiting explain it
        drill = receivable.action_open_entries()
        self.assertEqual(self.env["account.move.line"].search(drill["domain"]).account_id, receivable.account_id)
        contacts = {line.name: line for line in run.line_ids if line.section == "contacts"}
        self.assertEqual(contacts[contact.name].difference, -220.0 + (10.0 if synced.partner_id == contact.partner_id
                                                                      else 0.0))

    def check_spreadsheet(self, run):
        """One sheet per section, amounts as numbers, the header row frozen."""
        documents = run.line_ids.filtered(lambda ln: ln.section == "documents")
        openpyxl = self.openpyxl()
        download = run.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(int(download["url"].split("/")[-1].split("?")[0]))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertEqual(book.sheetnames, ["Trial balance", "Documents", "Contact balances"])
        sheet = book["Documents"]
        self.assertEqual(sheet.freeze_panes, "A2")
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), len(documents))
        self.assertIn(220.0, [row[2] for row in rows])
        self.assertTrue(all(isinstance(row[3], float | int) for row in rows))

    def openpyxl(self):
        try:
            import openpyxl  # noqa: PLC0415 (only this test reads spreadsheets)
        except ImportError:
            self.skipTest("openpyxl is not installed")
        return openpyxl

    def test_spend_and_receive_money_in_xero_is_booked_only_in_xero(self):
        """Bank lines planted in Xero (spend and receive money, which the connector does not bring
        into Odoo; its manual journals it does) move Xero's trial balance: each account
        they touch differs with the truthful reason, read only when an account differs (an
        agreeing check makes no such call)."""
        conn = self.synced([*SCOPES, "accounting.banktransactions.read"])
        day = self.sandbox_today()
        Run = self.env["xero.books.run"]
        mark = max(c["seq"] for c in self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": WALLABY}))
        run = Run._check(conn, day)
        self.assertEqual(run.state, "agree", [(ln.section, ln.name, ln.difference, ln.reason) for ln in run.line_ids])
        calls = self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": WALLABY, "after": mark})
        self.assertNotIn("/api.xro/2.0/BankTransactions", [c["path"] for c in calls[:run.api_calls]])

        planted = f"/__sandbox__/tenants/{WALLABY}/banktransactions"
        self.sandbox.admin("POST", planted, json={"reconcile": "all"})  # the seeded payments, as a bank feed does
        self.sandbox.admin("POST", planted, json={"items": [
            {"bank": "090", "type": "SPEND", "amount": 45.5, "date": day.isoformat(), "account": "404"},
            {"bank": "090", "type": "RECEIVE", "amount": 100, "date": day.isoformat(), "account": "200",
             "reconciled": True}]})
        mark = max(c["seq"] for c in self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": WALLABY}))
        run = Run._check(conn, day)
        self.assertEqual(run.state, "differ")
        # client health, run with it, counts the waiting bank line from the books check's read
        paths = [c["path"] for c in self.sandbox.admin("GET", "/__sandbox__/calls",
                                                       params={"tenant": WALLABY, "after": mark})]
        self.assertEqual(paths.count("/api.xro/2.0/BankTransactions"), 1, paths)
        self.assertEqual(conn.health_check_id.unreconciled_count, 1)
        self.assertFalse(run.line_ids.filtered(lambda ln: ln.section != "accounts"), "documents and contacts agree")
        bindings = self.env["xero.account"].search([("connection_id", "=", conn.id),
                                                    ("code", "in", ("090", "404", "200"))])
        lines = {ln.account_id: ln for ln in run.line_ids}
        expected = {"090": -54.5, "404": -45.5, "200": 100.0}  # Odoo less Xero
        for binding in bindings:
            line = lines.get(binding.account_id)
            self.assertTrue(line, (binding.code, [(ln.name, ln.difference) for ln in run.line_ids]))
            self.assertEqual((line.reason, line.difference), ("only_in_xero", expected[binding.code]), binding.code)
            self.assertIn("Booked in Xero by spend and receive money (lines: ", line.detail)
        self.assertEqual(len(run.line_ids), 3, [(ln.name, ln.difference, ln.reason) for ln in run.line_ids])

    def test_without_the_reports_scope_the_rest_runs_and_after_a_scheduled_sync(self):
        self.assertIn("accounting.reports.trialbalance.read", self.env["xero.connection"]._scopes())
        conn = self.synced([s for s in SCOPES if not s.startswith("accounting.reports")])
        conn.books_check_after_sync = True
        job = self.env["xero.sync.job"]._enqueue(conn, "documents", "schedule")
        self.env["xero.sync.job"]._run_next(conn)
        self.assertIn(job.state, ("done", "warning"), job.log)
        run = self.env["xero.books.run"].search([("connection_id", "=", conn.id)])
        self.assertEqual((len(run), run.trigger), (1, "schedule"))
        self.assertIn("Trial balance not compared", run.not_checked)
        self.assertIn("Reconnect", run.not_checked)
        self.assertFalse(run.line_ids.filtered(lambda ln: ln.section == "accounts"))
        self.assertGreater(run.document_count, 0)
        self.assertEqual(run.state, "agree")
        # its calls count in the organisation's day, as the sync's do
        usage = self.env["xero.usage"].search([("connection_id", "=", conn.id)])
        self.assertGreaterEqual(usage.calls, job.api_calls + run.api_calls)
        # a scheduled run of changes checks again only when it brought something new: a quiet
        # poll cannot have moved the books apart, and quiet stays nearly free
        quiet = self.env["xero.sync.job"]._enqueue(conn, "changes", "schedule")
        self.env["xero.sync.job"]._run_next(conn)
        self.assertTrue(quiet._is_quiet(), quiet.log)
        self.assertEqual(self.env["xero.books.run"].search_count([("connection_id", "=", conn.id)]), 1)
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 5})
        contact = self.env["xero.contact"].search([("connection_id", "=", conn.id)], limit=1)
        token = self.sandbox.grant([WALLABY], ["accounting.contacts"])["access_token"]
        requests.post(f"{self.sandbox.url}/api.xro/2.0/Contacts", timeout=30, json={
            "Contacts": [{"ContactID": contact.xero_id, "Name": "Renamed For The Check Pty"}]}, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": WALLABY}).raise_for_status()
        news = self.env["xero.sync.job"]._enqueue(conn, "changes", "schedule")
        self.env["xero.sync.job"]._run_next(conn)
        self.assertEqual(news.count_updated, 1, news.log)
        runs = self.env["xero.books.run"].search([("connection_id", "=", conn.id)])
        self.assertEqual((len(runs), set(runs.mapped("trigger"))), (2, {"schedule"}))
        # the screens: the check's form and lists, the button on the organisation
        for model, kinds in (("xero.books.run", ["form", "list"]), ("xero.books.line", ["list", "pivot", "search"])):
            views = self.env[model].get_views([(False, kind) for kind in kinds])["views"]
            self.assertEqual(set(views), set(kinds))
        form = self.env["xero.connection"].get_views([(False, "form"), (False, "kanban")])["views"]
        self.assertIn("action_check_books", form["form"]["arch"])
        self.assertIn("books_label", form["kanban"]["arch"])
        # Xero unreachable: the check says so, nothing else changes
        with patch.object(type(conn), "_xero", side_effect=UserError("Xero is not reachable")):
            failed = self.env["xero.books.run"]._check(conn)
        self.assertEqual((failed.state, failed.error), ("failed", "Xero is not reachable"))
        self.assertEqual(conn.books_label, "Books not checked")


@tagged("post_install", "-at_install")
class TestSandboxBooksPublished(SandboxPublishCase):
    """A document published from Odoo: present in Xero with the same figures, then changed in
    Odoo after publishing (found with that reason), then published again (agrees)."""

    def document_lines(self, run, move):
        return run.line_ids.filtered(lambda ln: ln.section == "documents" and ln.move_id == move)

    def test_changed_in_odoo_after_publishing(self):
        move = self.document()
        self.publish(move)
        self.assert_same_as_odoo(move)
        Run = self.env["xero.books.run"]
        day = date.fromisoformat(self.sandbox.admin("GET", "/__sandbox__/state")["now"][:10])
        run = Run._check(self.conn, day, move.invoice_date)
        self.assertFalse(self.document_lines(run, move))
        if self.company.currency_id.name != "AUD":  # the test company's books are not in Xero's currency
            self.assertIn("Xero keeps the books in AUD", run.not_checked)
            self.assertFalse(run.line_ids.filtered(lambda ln: ln.section in ("accounts", "contacts")))
        move.button_draft()
        move.invoice_line_ids[0].price_unit = 150.0
        move.action_post()
        line = self.document_lines(Run._check(self.conn, day, move.invoice_date), move)
        self.assertEqual((line.reason, line.detail), ("changed_in_odoo", "total"), line.read())
        self.assertEqual(line.odoo_amount, move.amount_total)
        self.publish(move)
        self.assertFalse(self.document_lines(Run._check(self.conn, day, move.invoice_date), move))
