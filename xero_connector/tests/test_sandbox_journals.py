"""Journal posting against the live Xero sandbox: period close posts once, Xero's lock date
and unmapped accounts fail only their entries (in plain words), a reply lost to a timeout is
adopted instead of sent twice, and what lands in Xero equals the entries in Odoo."""

import dataclasses
import time
from datetime import date
from unittest.mock import patch

import requests
from odoo.tests import tagged

from .test_sandbox_flow import WALLABY
from .test_sandbox_sync import SandboxSyncCase


class SandboxJournalCase(SandboxSyncCase):
    """An organisation whose general journal is posted to Xero as manual journals."""

    def setUp(self):
        super().setUp()
        self.conn = self.connect(WALLABY)
        job = self.run_job(self.conn, "reference")
        self.assertIn(job.state, ("done", "warning"), job.log)
        Account = self.env["account.account"]
        mine = [("company_ids", "in", self.conn.company_id.id)]
        self.revenue = Account.search(mine + [("account_type", "=", "income")], limit=1)
        self.receivable = Account.search(mine + [("account_type", "=", "asset_current")], limit=1)
        self.unmapped = Account.search(mine + [("account_type", "=", "expense")], limit=1)
        bindings = self.env["xero.account"].search([("connection_id", "=", self.conn.id)])
        bindings.filtered(lambda b: b.account_id in (self.revenue | self.receivable | self.unmapped)).account_id = False
        bindings.filtered(lambda b: b.code == "200").account_id = self.revenue
        bindings.filtered(lambda b: b.code == "610").account_id = self.receivable
        # Odoo says "Location / Up North", Xero says "State / NSW": the mapping links them
        plan = self.env["account.analytic.plan"].create({"name": "Location"})
        self.north = self.env["account.analytic.account"].create({"name": "Up North", "plan_id": plan.id})
        option = self.env["xero.tracking.option"].search([("connection_id", "=", self.conn.id), ("name", "=", "NSW")])
        option.analytic_account_id = self.north
        self.journal = self.env["account.journal"].search(
            [("company_id", "=", self.conn.company_id.id), ("type", "=", "general")], limit=1)
        self.conn.write({"post_journal_ids": [(6, 0, self.journal.ids)], "post_mode": "period_close"})

    def entry(self, day, amount=100.0, account=None):
        move = self.env["account.move"].create({
            "journal_id": self.journal.id, "date": day, "ref": f"Accrual {day}",
            "line_ids": [
                (0, 0, {"account_id": self.receivable.id, "debit": amount, "name": "Debit side"}),
                (0, 0, {"account_id": (account or self.revenue).id, "credit": amount, "name": "Credit side",
                        "analytic_distribution": {str(self.north.id): 100}}),
            ],
        })
        move.action_post()
        return move

    def journals_at_xero(self, token=None):
        grant = self.sandbox.grant([WALLABY], ["accounting.manualjournals.read"])["access_token"]
        params = {"where": f'Narration.Contains("{token}")'} if token else {}
        reply = requests.get(f"{self.sandbox.url}/api.xro/2.0/ManualJournals", params=params, timeout=30, headers={
            "Authorization": f"Bearer {grant}", "Xero-tenant-id": WALLABY, "Accept": "application/json"})
        reply.raise_for_status()
        return [j for j in reply.json()["ManualJournals"] if "[odoo:" in j["Narration"]]

    def assert_same_as_odoo(self, move):
        found = self.journals_at_xero(move._xero_post_token())
        self.assertEqual(len(found), 1, move.name)
        journal = found[0]
        self.assertEqual(journal["ManualJournalID"], move.xero_journal_id)
        self.assertEqual(journal["Status"], "POSTED")
        codes = {self.receivable.id: "610", self.revenue.id: "200"}
        expected = sorted((codes[ln.account_id.id], round(ln.balance, 2)) for ln in move.line_ids)
        self.assertEqual(sorted((ln["AccountCode"], ln["LineAmount"]) for ln in journal["JournalLines"]), expected)
        tracked = [ln for ln in journal["JournalLines"] if ln["AccountCode"] == "200"]
        self.assertEqual([(t["Name"], t["Option"]) for t in tracked[0]["Tracking"]], [("State", "NSW")])


@tagged("post_install", "-at_install")
class TestSandboxJournals(SandboxJournalCase):

    def test_period_close_posts_that_period_once(self):
        first, second = self.entry(date(2026, 10, 10)), self.entry(date(2026, 10, 20), 55.5)
        later = self.entry(date(2026, 11, 5))
        self.conn.company_id.write({"fiscalyear_lock_date": date(2026, 10, 31)})
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual((first | second).mapped("xero_post_state"), ["posted", "posted"])
        self.assertFalse(later.xero_post_state)
        self.assertEqual(len(self.journals_at_xero()), 2)
        for move in first | second:
            self.assert_same_as_odoo(move)
        # closing again posts nothing
        self.conn.action_post_journals(cutoff_date=date(2026, 10, 31))
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(len(self.journals_at_xero()), 2)

    def test_xero_lock_date_and_unmapped_account_fail_only_their_entries(self):
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/organisation",
                           json={"PeriodLockDate": "2026-10-15"})
        locked = self.entry(date(2026, 10, 10))
        good = self.entry(date(2026, 10, 20))
        unmapped = self.entry(date(2026, 10, 21), account=self.unmapped)
        self.conn.action_post_journals(cutoff_date=date(2026, 10, 31))
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(good.xero_post_state, "posted")
        self.assert_same_as_odoo(good)
        self.assertEqual((locked.xero_post_state, unmapped.xero_post_state), ("error", "error"))
        self.assertIn("cannot be before the period lock date, currently set at 15-Oct-2026", locked.xero_post_error)
        self.assertRegex(unmapped.xero_post_error, r"^Not sent: the Odoo account .* has no Xero account — map it$")
        self.assertEqual(len(self.journals_at_xero()), 1)

    def test_reply_lost_to_a_timeout_is_adopted_not_resent(self):
        moves = self.entry(date(2026, 10, 3)) | self.entry(date(2026, 10, 4), 42.0)
        real_config = type(self.conn)._xero_config

        def impatient(conn):
            return dataclasses.replace(real_config(conn), timeout=1.0)

        # Xero takes the batch but answers after the client has given up (Odoo's test mode
        # raises any HTTP timeout under 10 s to 10 s, hence the long hang)
        self.sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "hang", "path": "ManualJournals",
                                                                "seconds": 12})
        with patch.object(type(self.conn), "_xero_config", impatient):
            self.conn.action_post_journals(cutoff_date=date(2026, 10, 31))
            self.env["xero.sync.job"]._run_next(self.conn)
        # looked for at once: still being saved (the usual case), or found if the machine was slow
        # enough for Xero to finish first; either way never sent again
        states = set(moves.mapped("xero_post_state"))
        self.assertTrue(states == {"posted"} or "posted" not in states, states)
        # the sandbox finishes the request the client abandoned (later on a busy machine)
        for _wait in range(30):
            if len(self.journals_at_xero()) == 2:
                break
            time.sleep(1)
        self.assertEqual(len(self.journals_at_xero()), 2)
        self.conn.action_post_journals(cutoff_date=date(2026, 10, 31))
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(moves.mapped("xero_post_state"), ["posted", "posted"])
        self.assertEqual(len(self.journals_at_xero()), 2)  # adopted, not sent again
        for move in moves:
            self.assert_same_as_odoo(move)
