"""'Void in Xero and reset' follows Odoo's commit (sync/publish/outbox.py, JournalVoider): Xero's
lock dates are checked first; Odoo's reset and the "to void in Xero" mark commit together; the
outbox job voids the manual journals after the commit, 50 to a POST; a refusal shows Xero's
words on the entry, with Retry; a lost reply is adopted, never voided twice."""

from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..xero_client import XeroClient
from .test_sandbox_flow import WALLABY
from .test_sandbox_journals import SandboxJournalCase
from .test_sandbox_outbox import LaterFailure
from .test_sandbox_publish import WorkerKilled


@tagged("post_install", "-at_install")
class TestSandboxJournalVoids(SandboxJournalCase):

    def posted(self, *days):
        moves = self.env["account.move"].concat(*[self.entry(day, 100.0 + i) for i, day in enumerate(days)])
        self.conn.action_post_journals(cutoff_date=date(2026, 10, 31))
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(set(moves.mapped("xero_post_state")), {"posted"}, moves.mapped("xero_post_error"))
        return moves

    def calls(self):
        return self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": WALLABY})

    def void_writes(self, since):
        return [c for c in self.calls()[since:] if c["method"] in ("PUT", "POST") and "ManualJournals" in c["path"]]

    def status_at_xero(self, journal_id):
        found = [j for j in self.journals_at_xero() if j["ManualJournalID"] == journal_id]
        self.assertEqual(len(found), 1)
        return found[0]["Status"]

    def run_jobs(self, turns=5):
        Job = self.env["xero.sync.job"]
        for _turn in range(turns):
            if not Job.search_count([("connection_id", "=", self.conn.id), ("state", "in", ("queued", "running"))]):
                return
            Job._run_next(self.conn)

    def outbox_jobs(self):
        return self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id), ("kind", "=", "outbox")])

    def set_lock(self, day):
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/organisation", json={"PeriodLockDate": day})

    def test_failed_transaction_leaves_xero_untouched(self):
        move = self.posted(date(2026, 10, 3))
        journal_id = move.xero_journal_id
        before = len(self.calls())
        with self.assertRaises(LaterFailure), self.env.cr.savepoint():
            move.action_xero_void_and_reset()
            raise LaterFailure()
        self.env.invalidate_all()
        self.assertEqual((move.state, move.xero_post_state, move.xero_journal_id), ("posted", "posted", journal_id))
        self.assertFalse(move.xero_void_state)
        self.assertFalse(self.outbox_jobs())
        self.run_jobs()
        self.assertFalse(self.void_writes(before))
        self.assertEqual(self.status_at_xero(journal_id), "POSTED")

    def test_reset_commits_the_mark_and_one_run_voids_in_one_call(self):
        moves = self.posted(date(2026, 10, 3), date(2026, 10, 4), date(2026, 10, 5))
        journal_ids = moves.mapped("xero_journal_id")
        before = len(self.calls())
        moves.action_xero_void_and_reset()
        self.assertEqual(moves.mapped("state"), ["draft"] * 3)
        self.assertEqual(moves.mapped("xero_void_state"), ["to_void"] * 3)
        self.assertEqual(moves.mapped("xero_void_journal_id"), journal_ids)
        self.assertFalse(any(moves.mapped("xero_journal_id")))
        self.assertFalse(self.void_writes(before), "Xero is not written from the user's request")
        self.assertEqual(self.outbox_jobs().mapped("state"), ["queued"])
        self.run_jobs()
        self.assertEqual(moves.mapped("xero_void_state"), ["voided"] * 3, moves.mapped("xero_void_error"))
        self.assertEqual([self.status_at_xero(j) for j in journal_ids], ["VOIDED"] * 3)
        self.assertEqual(len(self.void_writes(before)), 1, "one POST for the batch")
        self.assertIn("voided", "".join(moves[0].message_ids.mapped("body")))
        # posted again: a new journal in Xero, the voided one stays voided
        moves[0].action_post()
        self.conn.action_post_journals(cutoff_date=date(2026, 10, 31))
        self.run_jobs()
        self.assertEqual(moves[0].xero_post_state, "posted", moves[0].xero_post_error)
        self.assertNotEqual(moves[0].xero_journal_id, journal_ids[0])
        self.assertEqual(self.status_at_xero(moves[0].xero_journal_id), "POSTED")

    def test_refused_before_odoo_changes_when_xero_is_locked(self):
        move = self.posted(date(2026, 10, 3))
        self.set_lock("2026-10-15")
        with self.assertRaisesRegex(UserError, "lock date"):
            move.action_xero_void_and_reset()
        self.assertEqual((move.state, move.xero_post_state), ("posted", "posted"))
        self.assertFalse(move.xero_void_state)

    def test_refused_when_told_shows_xeros_words_and_retries(self):
        move = self.posted(date(2026, 10, 3))
        journal_id = move.xero_journal_id
        move.action_xero_void_and_reset()
        self.set_lock("2026-10-15")  # Xero changed after Odoo checked
        self.run_jobs()
        self.assertEqual((move.state, move.xero_void_state), ("draft", "error"))
        self.assertTrue(move.xero_void_error.startswith("Xero refused: "), move.xero_void_error)
        self.assertIn("lock date", move.xero_void_error)
        self.assertEqual(self.status_at_xero(journal_id), "POSTED")
        self.set_lock(None)
        move.action_xero_void_retry()
        self.run_jobs()
        self.assertEqual(move.xero_void_state, "voided", move.xero_void_error)
        self.assertEqual(self.status_at_xero(journal_id), "VOIDED")

    def test_refusal_is_in_publishing_errors_and_retried_from_there(self):
        move = self.posted(date(2026, 10, 3))
        move.action_xero_void_and_reset()
        self.set_lock("2026-10-15")
        self.run_jobs()
        self.assertEqual(move.xero_void_state, "error")
        conn = move._xero_post_connection()
        errors = self.env["account.move"].search(conn.action_open_publish_errors()["domain"])
        self.assertIn(move, errors)
        self.assertGreaterEqual(conn.publish_error_count, 1)
        self.set_lock(None)
        errors.filtered(lambda m: m == move).action_xero_publish_retry()
        self.run_jobs()
        self.assertEqual(move.xero_void_state, "voided", move.xero_void_error)
        self.assertNotIn(move, self.env["account.move"].search(conn.action_open_publish_errors()["domain"]))

    def test_lost_reply_voids_exactly_once(self):
        move = self.posted(date(2026, 10, 3))
        journal_id = move.xero_journal_id
        move.action_xero_void_and_reset()
        real_save = XeroClient.save_batch

        def save_then_die(client, collection, elements, *args, **kwargs):
            results = real_save(client, collection, elements, *args, **kwargs)
            if collection == "ManualJournals":
                raise WorkerKilled()
            return results

        before = len(self.calls())
        killed = False
        with patch.object(XeroClient, "save_batch", save_then_die):
            try:  # a dead worker's commits stay
                self.run_jobs()
            except WorkerKilled:
                killed = True
        self.assertTrue(killed)
        self.assertEqual(move.xero_void_state, "sending")
        self.assertEqual(self.status_at_xero(journal_id), "VOIDED")
        self.run_jobs()  # the scheduler resumes the dead worker's job
        self.assertEqual(move.xero_void_state, "voided", move.xero_void_error)
        self.assertEqual(len(self.void_writes(before)), 1, "adopted, not voided twice")
