"""Xero's posted manual journals pulled into Odoo against the live sandbox: the seeded journals
booked once as journal entries, a second sync books nothing new, a journal Odoo posted to Xero
is not booked back, an unmapped account waits as a pending item, a void in Xero cancels the
entry, and a connection without the scope skips the step with a note."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import requests
from odoo.tests import tagged

from .test_sandbox_flow import KIWI, WALLABY
from .test_sandbox_journals import SandboxJournalCase
from .test_sandbox_sync import SandboxSyncCase


@tagged("post_install", "-at_install")
class TestSandboxManualJournals(SandboxJournalCase):

    def setUp(self):
        super().setUp()
        self.env["xero.account"].search([("connection_id", "=", self.conn.id), ("account_id", "=", False)]) \
            .action_create_odoo_accounts()
        for kind in ("contacts", "documents"):
            job = self.run_job(self.conn, kind)
            self.assertIn(job.state, ("done", "warning"), job.log)

    def pulled(self):
        return self.env["account.move"].search([
            ("xero_connection_id", "=", self.conn.id), ("move_type", "=", "entry"), ("xero_id", "!=", False)])

    def seeded(self):
        return [j for j in self.xero(WALLABY, "ManualJournals") if "[odoo:" not in j["Narration"]]

    def xero(self, tenant, path, **params):  # manual journals need their own scope
        token = self.sandbox.grant([tenant], ["accounting.manualjournals.read"])["access_token"]
        reply = requests.get(f"{self.sandbox.url}/api.xro/2.0/{path}", params=params, timeout=30, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": tenant, "Accept": "application/json"})
        reply.raise_for_status()
        return reply.json()[path]

    def test_seeded_journals_booked_once_then_nothing_new(self):
        seeded = self.seeded()
        self.assertEqual(len(seeded), 2)
        moves = self.pulled()
        self.assertEqual(sorted(moves.mapped("xero_id")), sorted(j["ManualJournalID"] for j in seeded))
        general = self.env["account.journal"].search(
            [("company_id", "=", self.conn.company_id.id), ("type", "=", "general")], order="sequence, id", limit=1)
        for move in moves:
            self.assertEqual((move.state, move.journal_id, move.xero_status), ("posted", general, "POSTED"))
            self.assertEqual(sorted(move.line_ids.mapped("balance")), [-350.0, 350.0])
        codes = {b.account_id: b.code for b in self.env["xero.account"].search([("connection_id", "=", self.conn.id)])}
        wages = moves.filtered(lambda m: m.ref == "Wages accrual")
        self.assertEqual({codes[ln.account_id]: ln.balance for ln in wages.line_ids}, {"477": 350.0, "800": -350.0})
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 120})
        job = self.run_job(self.conn, "documents")
        self.assertIn(job.state, ("done", "warning"), job.log)
        self.assertEqual(self.pulled(), moves, "a second sync books nothing new")
        self.assertNotIn("Manual journals: 2 booked", job.summary or "")
        # journal posting never sends a journal pulled from Xero back to it
        self.conn.action_post_journals(cutoff_date=date.today())
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertFalse(moves.filtered("xero_post_state"))
        self.assertEqual(len(self.seeded()), 2)

    def test_journal_posted_from_odoo_is_not_booked_back(self):
        move = self.entry(date(2026, 10, 10))
        self.conn.action_post_journals(cutoff_date=date(2026, 10, 31))
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(move.xero_post_state, "posted", move.xero_post_error)
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 120})
        job = self.run_job(self.conn, "documents")
        self.assertIn(job.state, ("done", "warning"), job.log)
        self.assertFalse(self.env["account.move"].search([
            ("xero_connection_id", "=", self.conn.id), ("xero_id", "=", move.xero_journal_id)]))
        self.assertEqual(len(self.pulled()), 2)

    def test_unmapped_account_waits_then_books_and_a_void_cancels(self):
        moves = self.pulled()
        depreciation = moves.filtered(lambda m: m.ref == "Depreciation for the month")
        depreciation.button_draft()
        depreciation.unlink()  # as if never booked: the next run brings it again
        binding = self.env["xero.account"].search([("connection_id", "=", self.conn.id), ("code", "=", "416")])
        account = binding.account_id
        binding.account_id = False
        self.env["xero.sync.cursor"]._get(self.conn, "manual_journals").modified_since = False  # read all again
        job = self.run_job(self.conn, "documents")
        self.assertIn(job.state, ("done", "warning"), job.log)
        items = self.env["xero.pending.item"].search([
            ("connection_id", "=", self.conn.id), ("xero_type", "=", "manual_journals"), ("state", "=", "open")])
        self.assertEqual(len(items), 1)
        self.assertEqual((items.reason_code, items.name, items.kind), (
            "unmapped_account", "Depreciation for the month", "journal"))
        self.assertIn("416", items.reason)
        self.assertEqual(len(self.pulled()), 1)
        binding.account_id = account
        job = self.run_job(self.conn, "documents")
        self.assertEqual(len(self.pulled()), 2, job.log)
        self.assertEqual(items.state, "resolved")
        # voided in Xero: the entry it booked is cancelled in Odoo
        journals = self.seeded()
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 120})
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/records/ManualJournals", json={
            "items": [dict(j, Status="VOIDED") for j in journals if j["Narration"] == "Wages accrual"]})
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 120})
        job = self.run_job(self.conn, "documents")
        self.assertIn(job.state, ("done", "warning"), job.log)
        wages = self.pulled().filtered(lambda m: m.ref == "Wages accrual")
        self.assertEqual((wages.state, wages.xero_status), ("cancel", "VOIDED"))
        self.assertEqual(len(self.pulled().filtered(lambda m: m.state == "posted")), 1)

    def test_without_the_scope_the_step_is_skipped_with_a_note(self):
        self.pulled().button_draft()
        self.pulled().unlink()
        self.env["xero.sync.cursor"]._get(self.conn, "manual_journals").modified_since = False  # read all again
        self.conn.token_id.sudo().scope = "offline_access accounting.settings accounting.contacts " \
                                          "accounting.invoices accounting.payments"
        job = self.run_job(self.conn, "documents")
        self.assertIn(job.state, ("done", "warning"), job.log)
        self.assertFalse(self.pulled())
        self.assertIn("Manual journals: not read", job.log)


@tagged("post_install", "-at_install")
class TestSandboxForeignPayments(SandboxSyncCase):
    """A payment Xero took in a foreign currency is booked in Odoo at Xero's rate of the payment
    (as Xero booked it to the bank account), not at Odoo's rate of the day: the bank agrees."""

    def test_foreign_payment_at_xeros_rate(self):
        conn = self.connect(KIWI)
        self.sync_with_accounts(conn)
        token = self.sandbox.grant([KIWI], ["accounting.payments.read"])["access_token"]
        reply = requests.get(f"{self.sandbox.url}/api.xro/2.0/Payments", timeout=30, headers={
            "Authorization": f"Bearer {token}", "Xero-tenant-id": KIWI, "Accept": "application/json"})
        reply.raise_for_status()
        rates = {p["PaymentID"]: p.get("CurrencyRate") for p in reply.json()["Payments"]}
        company = conn.company_id.currency_id
        foreign = self.env["account.payment"].search([("xero_id", "in", list(rates)),
                                                      ("currency_id", "!=", company.id)])
        self.assertTrue(foreign, "the seed pays a foreign invoice of Kiwi's")
        for payment in foreign:
            liquidity = payment.move_id.line_ids.filtered(
                lambda ln, p=payment: ln.account_id == p.outstanding_account_id)
            expected = (Decimal(str(payment.amount)) / Decimal(str(rates[payment.xero_id]))).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP)
            self.assertEqual(abs(liquidity.balance), float(expected), payment.name)
