"""Against a sandbox that spoils its replies (several seeds): every job ends done or done with
warnings, every record Xero sent is accounted for, nothing is booked twice; with spoiling off,
the next sync heals the records and clears their pending items."""

import base64

from odoo.tests import tagged

from .test_sandbox_flow import WALLABY
from .test_sandbox_sync import SandboxSyncCase

OUTCOMES = ("created", "updated", "unchanged", "skipped", "pending", "unreadable")
SEEDS = (11, 23, 42)


@tagged("post_install", "-at_install")
class TestSpoiledSandbox(SandboxSyncCase):

    def sync(self, conn):
        jobs = [self.run_job(conn, kind) for kind in ("reference", "contacts", "documents")]
        for job in jobs:
            self.assertIn(job.state, ("done", "warning"), job.log)
            self.assertEqual(job.count_fetched, sum(job[f"count_{o}"] for o in OUTCOMES), job.log)
        return jobs

    def open_unreadable(self, conn):
        return self.env["xero.pending.item"].search([
            ("connection_id", "=", conn.id), ("state", "=", "open"), ("reason_code", "=", "unreadable")])

    def test_spoiled_replies_then_healed(self):
        company = self.env["xero.connection"]._company_for(
            {"tenantId": WALLABY, "tenantName": "Wallaby Wholesale Pty"}, self.grant(WALLABY))
        for seed in SEEDS:
            self.sandbox.reset()
            conn = self.connect(WALLABY, company)
            with self.subTest(seed=seed):
                self.sandbox.admin("POST", "/__sandbox__/generate", json={
                    "tenant": "wallaby", "invoices": 40, "contacts": 10})
                clean_jobs = [self.run_job(conn, "reference")]  # then map the accounts as a person would
                self.env["xero.account"].search([("connection_id", "=", conn.id), ("account_id", "=", False)]
                                                ).action_create_odoo_accounts()
                self.sandbox.admin("POST", "/__sandbox__/spoil", json={"tenant": "wallaby", "seed": seed,
                                                                        "odds": 0.25})
                spoiled_jobs = self.sync(conn)
                spoiled = self.open_unreadable(conn)
                self.assertTrue(spoiled, "a quarter of the records were spoiled")
                self.assert_booked_once(conn)

                self.sandbox.admin("POST", "/__sandbox__/spoil", json={"off": True})
                healing = self.sync(conn)
                left = self.open_unreadable(conn)
                jobs = clean_jobs + spoiled_jobs + healing
                self.assertFalse(left, self.story(jobs, left[:1].xero_id, left.mapped("reason")))
                self.assert_booked_once(conn)
                # every document Xero holds is booked, or waits for a person with its reason
                moves = self.env["account.move"].search([("xero_connection_id", "=", conn.id)])
                waiting = self.env["xero.pending.item"].search([
                    ("connection_id", "=", conn.id), ("state", "=", "open"),
                    ("xero_type", "in", ("invoices", "credit_notes"))])
                held = set(moves.mapped("xero_id")) | set(waiting.mapped("xero_id"))
                for doc in self.xero(WALLABY, "Invoices") + self.xero(WALLABY, "CreditNotes"):
                    xid = doc.get("InvoiceID") or doc.get("CreditNoteID")
                    if doc["Status"] not in ("VOIDED", "DELETED"):
                        self.assertIn(xid, held, self.story(jobs, xid, doc))
            conn.unlink()

    @staticmethod
    def story(jobs, xero_id, *facts):
        """What the jobs' data files say of one record: the failure message of a spoiled run."""
        rows = [line for job in jobs for line in base64.b64decode(job.data_file_csv or b"").decode().splitlines()
                if xero_id and xero_id in line]
        return "\n".join(map(str, facts + tuple(rows)))

    def assert_booked_once(self, conn):
        for model in ("account.move", "account.payment"):
            records = self.env[model].search([("xero_connection_id", "=", conn.id)])
            self.assertEqual(len(records), len(set(records.mapped("xero_id"))), model)
        partners = self.env["xero.contact"].search([("connection_id", "=", conn.id)]).partner_id
        self.assertEqual(len(partners), len(set(partners.ids)))
