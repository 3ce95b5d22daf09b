"""The accountant's first hour: screens that answer, count and tell the truth."""

import base64
import csv
import io
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_documents import T0, DocumentsCase
from .test_sync_engine import account


@tagged("post_install", "-at_install")
class TestFirstHour(DocumentsCase):
    def test_test_connection_says_what_it_found(self):
        action = self.conn.action_test_connection()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("Connected to Fake Org Pty (Australia, AUD).", action["params"]["message"])
        self.assertEqual(self.conn.country_id, self.env.ref("base.au"))

    def test_connection_says_when_and_what(self):
        self.conn.last_sync = fields.Datetime.now() - timedelta(minutes=2)
        self.assertRegex(self.conn.last_sync_label, r"^Last sync \d\d:\d\d \(2 min ago\)$")
        self.assertTrue(self.conn.last_sync_full)
        self.run_job("full")
        html = str(self.conn.synced_html)
        self.assertIn("Chart of accounts", html)
        self.assertIn("2 of 2 mapped", html)
        self.assertIn("4 in Odoo", html)  # i1, i2, i3 and the credit note
        self.assertTrue(self.conn.next_sync)
        self.assertIn("calls today", self.conn.calls_label)

    def test_connect_wizard_asks_and_lists_what_is_connected(self):
        wizard = self.env["xero.connect.wizard"].create({})
        self.assertFalse(wizard.company_mode)
        self.assertIn("Fake Org", wizard.connected_html)
        with self.assertRaises(UserError):
            wizard.action_connect()

    def test_pulled_documents_speak_xero(self):
        job = self.run_job("full")
        move = self.moves()["i1"]
        self.assertEqual(move.xero_status_label, "Awaiting payment")
        self.assertTrue(move.xero_pulled)
        self.assertIn(f"Imported from Xero by {job.name}.", move.message_ids.mapped("body")[-1])
        self.assertIn(move, self.env["account.move"].search([("xero_number", "=", "INV-1")]))

    def test_run_again_opens_the_new_job(self):
        job = self.run_job("contacts")
        action = job.action_retry()
        self.assertEqual(action["res_model"], "xero.sync.job")
        self.assertNotEqual(action["res_id"], job.id)

    def test_the_cockpit_shows_every_company_the_user_may_access(self):
        other = self.env["res.company"].create({"name": "Client Two"})
        self.env["xero.connection"].create({"name": "Client Two Org", "tenant_id": "t-two",
                                            "company_id": other.id})
        self.xero_admin.company_ids |= other
        # only the firm's company ticked in the switcher: both organisations still on the dashboard
        conns = self.env["xero.connection"].with_user(self.xero_admin).with_context(
            allowed_company_ids=[self.company.id]).search([])
        self.assertEqual(set(conns.mapped("name")), {"Fake Org", "Client Two Org"})

    def test_counts_add_up_with_an_archived_account(self):
        """An archived Xero account is read, has nothing to map, and is counted as archived:
        what was read and where the list stands add up on the job, its log and its data file."""
        old = account("a9", "999", "Old Suspense XQ", "CURRLIAB")
        old["Status"] = "ARCHIVED"
        self.fake.data["Accounts"].append(old)
        job = self.run_job("reference")
        self.assertIn("Accounts: 3 read, 2 matched, 1 archived", job.summary)
        self.assertIn("Tax rates: 2 read", job.summary)
        counts = job.step_counts["accounts"]
        read = sum(counts.get(o, 0) for o in ("created", "updated", "unchanged", "skipped", "pending", "unreadable"))
        self.assertEqual(read, counts["matched"] + counts["to map"] + counts["archived"])
        # the log's last line adds up too, every outcome named
        last = job.log.strip().splitlines()[-1]
        listed = sum(c.get("created", 0) for c in job.step_counts.values() if "matched" in c or "to map" in c)
        self.assertTrue(listed)
        self.assertIn(f"Finished: {job.count_fetched} fetched = {job.count_created - listed} created + {listed} new "
                      "in the mapping lists + ", last)  # as the summary says them: matched or to map, not created
        self.assertEqual(job.count_fetched, sum(job[f"count_{o}"] for o in (
            "created", "updated", "unchanged", "skipped", "pending", "unreadable")))
        # the data file has one row per account read, the archived one saying so
        rows = list(csv.DictReader(io.StringIO(base64.b64decode(job.data_file).decode())))
        accounts = [r for r in rows if r["entity"] == "Accounts"]
        self.assertEqual(len(accounts), read)
        archived = next(r for r in accounts if r["xero_id"] == "a9")
        self.assertEqual(archived["detail"], "archived in Xero: nothing to map")
        # each row says where it stands in the summary's words, never "created" for a new mapping row
        self.assertEqual(sorted(r["outcome"] for r in accounts), ["archived", "matched", "matched"])

        # the next run reads only what changed in Xero, and says where the whole list stands
        renamed = account("a3", "400", "Renamed Expenses XQ", "EXPENSE", updated=T0 + 60000)
        self.fake.data["Accounts"] = [a for a in self.fake.data["Accounts"] if a["AccountID"] != "a3"] + [renamed]
        again = self.run_job("reference")
        self.assertIn("Accounts: 1 read (3 in all: 2 matched, 1 archived)", again.summary)
