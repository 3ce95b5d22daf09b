"""Writes to Xero follow Odoo's commit, never precede it (sync/publish/outbox.py): cancelling,
resetting to draft and unreconciling published documents and payments.

For each: (a) Odoo's transaction fails after the connector's hook ran -> Xero untouched;
(b) it commits -> the outbox row is there, one job run tells Xero, both sides agree;
(c) Xero refuses when told (it changed meanwhile) -> "Xero refused: <its words>" on the
record, Odoo otherwise unchanged, Retry works once Xero allows it; (d) the worker dies after
Xero stored the change, before the reply -> one more run, exactly one change in Xero;
(e) many documents -> one write call per 50, plus the bulk checks.
"""

import math
import os
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..const import PARAM_MINUTE_LIMIT
from ..xero_client import XeroClient
from .test_sandbox_payments import SandboxPaymentCase
from .test_sandbox_publish import WorkerKilled


class LaterFailure(Exception):
    """Something after the connector's hook fails Odoo's transaction (a constraint, a lock)."""


@tagged("post_install", "-at_install")
class TestSandboxOutbox(SandboxPaymentCase):

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(PARAM_MINUTE_LIMIT, 100000)

    # ------------------------------------------------------------------ helpers
    def calls(self):
        return self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": self.tenant})

    def writes(self, since=0, path=""):
        return [c for c in self.calls()[since:] if c["method"] in ("PUT", "POST") and path in c["path"]]

    def outbox_jobs(self):
        return self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id), ("kind", "=", "outbox")])

    def fails_after(self, action):
        """Run `action`, then fail the transaction, as a later override or constraint would."""
        with self.assertRaises(LaterFailure), self.env.cr.savepoint():
            action()
            raise LaterFailure()
        self.env.invalidate_all()

    def set_lock(self, day):
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{self.tenant}/organisation", json={"PeriodLockDate": day})

    def set_reconciled(self, link, value):
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{self.tenant}/records/Payments",
                           json={"items": [dict(self.at_xero_payment(link.xero_id), IsReconciled=value)]})

    def paid_and_published(self):
        journal = self.mapped_journal()
        move = self.document()
        self.publish(move)
        payment = self.pay(move, journal, amount=40.0)
        self.publish()
        link = self.links(payment)
        self.assertEqual(link.state, "published", link.error)
        return move, payment, link

    # ------------------------------------------------------------------ cancel
    def test_cancel_failed_transaction_leaves_xero_untouched(self):
        move = self.document()
        self.publish(move)
        before = len(self.calls())
        self.fails_after(move.button_cancel)
        self.assertEqual((move.state, move.xero_publish_state), ("posted", "published"))
        self.assertFalse(self.outbox_jobs())
        self.run_jobs()
        self.assertFalse(self.writes(before))
        self.assertEqual(self.at_xero(move)["Status"], "AUTHORISED")

    def test_cancel_commits_the_outbox_row_and_one_run_voids(self):
        move = self.document()
        self.publish(move)
        before = len(self.calls())
        move.button_cancel()
        self.assertEqual((move.state, move.xero_publish_state), ("cancel", "to_cancel"))
        self.assertFalse(self.writes(before), "Xero is not written from the user's request")
        self.assertEqual(self.at_xero(move)["Status"], "AUTHORISED")
        self.assertEqual(self.outbox_jobs().mapped("state"), ["queued"])
        self.run_jobs()
        self.assertEqual((move.state, move.xero_publish_state, move.xero_status), ("cancel", "cancelled", "VOIDED"))
        self.assertEqual(self.at_xero(move)["Status"], "VOIDED")
        self.assertEqual(len(self.writes(before, "Invoices")), 1)
        self.assertIn("Cancelled in Xero", "".join(move.message_ids.mapped("body")))

    def test_cancel_refused_by_xero_at_send_time_shows_its_words(self):
        move = self.document()
        self.publish(move)
        move.button_cancel()
        self.set_lock("2026-10-31")  # Xero changed after Odoo checked
        self.run_jobs()
        self.assertEqual((move.state, move.xero_publish_state), ("cancel", "error"))
        self.assertTrue(move.xero_publish_error.startswith("Xero refused: "), move.xero_publish_error)
        self.assertIn("lock date", move.xero_publish_error)
        self.assertEqual(self.at_xero(move)["Status"], "AUTHORISED")
        self.assertIn(move, self.env["account.move"].search([("xero_publish_state", "in", ("error", "mismatch"))]))
        self.assertGreaterEqual(self.conn.publish_error_count, 1)
        # way out 1: retry once Xero allows it
        self.set_lock(None)
        move.action_xero_publish_retry()
        self.run_jobs()
        self.assertEqual((move.xero_publish_state, self.at_xero(move)["Status"]), ("cancelled", "VOIDED"))

    def test_cancel_refused_then_undone_in_odoo(self):
        move = self.document()
        self.publish(move)
        move.button_cancel()
        self.set_lock("2026-10-31")
        self.run_jobs()
        self.assertEqual(move.xero_publish_state, "error")
        self.set_lock(None)
        move.button_draft()  # way out 2: keep it in Odoo too
        self.assertEqual((move.state, move.xero_publish_state), ("draft", "changed"))
        move.action_post()
        self.publish(move)
        self.assert_same_as_odoo(move)

    def test_cancel_lost_reply_voids_exactly_once(self):
        move = self.document()
        self.publish(move)
        move.button_cancel()
        real_save = XeroClient.save_batch

        def save_then_die(client, collection, elements, *args, **kwargs):
            results = real_save(client, collection, elements, *args, **kwargs)
            if any(e.get("Status") == "VOIDED" for e in elements):
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
        self.assertEqual(move.xero_publish_state, "sending")
        self.assertEqual(self.at_xero(move)["Status"], "VOIDED")
        self.run_jobs()  # the scheduler resumes the dead worker's job
        self.assertEqual(move.xero_publish_state, "cancelled", move.xero_publish_error)
        self.assertEqual(len(self.writes(before, "Invoices")), 1, "adopted, not voided twice")

    def test_cancel_refused_before_odoo_changes_when_xero_would_refuse(self):
        moves = self.document() | self.document()
        self.publish(moves)
        self.set_lock("2026-10-31")
        with self.assertRaisesRegex(UserError, "lock date") as refused:
            moves.button_cancel()
        self.assertIn(moves[0].display_name, str(refused.exception))
        self.assertIn(moves[1].display_name, str(refused.exception))
        self.assertEqual(moves.mapped("state"), ["posted", "posted"])
        self.assertEqual(moves.mapped("xero_publish_state"), ["published", "published"])

    def test_cancel_many_in_few_calls(self):
        count = int(os.environ.get("XERO_OUTBOX_DOCUMENTS", 60))
        line = [(0, 0, {"name": "Item", "quantity": 1, "price_unit": 10.0, "account_id": self.income.id,
                        "tax_ids": [(6, 0, self.sale_tax.ids)]})]
        moves = self.env["account.move"].with_company(self.company).create([{
            "move_type": "out_invoice", "partner_id": self.customer.id, "invoice_date": "2026-10-03",
            "invoice_line_ids": line} for _i in range(count)])
        moves.action_post()
        self.publish(moves)
        self.assertEqual(set(moves.mapped("xero_publish_state")), {"published"})
        before = len(self.calls())
        confirm = moves.action_xero_cancel_confirm()
        self.assertIn(moves[0].xero_number, confirm["context"]["default_message"])
        self.env["xero.cancel.confirm"].create({"move_ids": moves.ids}).action_confirm()
        checks = self.calls()[before:]
        self.assertEqual(len(checks), 1 + math.ceil(count / 50), [c["path"] for c in checks])  # org + IDs=
        self.assertFalse(self.writes(before))
        self.run_jobs()
        voids = self.writes(before, "Invoices")
        self.assertLessEqual(len(voids), math.ceil(count / 50))
        self.assertEqual(set(moves.mapped("xero_publish_state")), {"cancelled"})
        statuses = {d["InvoiceID"]: d["Status"] for d in self.xero(self.tenant, "Invoices")}
        self.assertEqual({statuses[m.xero_id] for m in moves}, {"VOIDED"})

    # ------------------------------------------------------------------ reset to draft
    def test_reset_failed_transaction_and_success(self):
        move = self.document()
        self.publish(move)
        before = len(self.calls())
        self.fails_after(move.button_draft)
        self.assertEqual((move.state, move.xero_publish_state), ("posted", "published"))
        move.button_draft()
        self.assertEqual((move.state, move.xero_publish_state), ("draft", "changed"))
        self.assertFalse(self.writes(before), "a reset tells Xero nothing: Xero keeps its copy")
        self.assertIn("Xero still shows", "".join(move.message_ids.mapped("body")))
        self.assertEqual(self.at_xero(move)["Status"], "AUTHORISED")
        self.run_jobs()
        self.assertFalse(self.writes(before))

    def test_reset_withdraws_a_cancellation_not_yet_sent(self):
        move = self.document()
        self.publish(move)
        before = len(self.calls())
        move.button_cancel()
        move.button_draft()
        self.assertEqual((move.state, move.xero_publish_state), ("draft", "changed"))
        self.run_jobs()
        self.assertFalse(self.writes(before, "Invoices"))
        self.assertEqual(self.at_xero(move)["Status"], "AUTHORISED")

    def test_voided_then_posted_again_is_shown_not_silently_different(self):
        move = self.document()
        self.publish(move)
        move.button_cancel()
        self.run_jobs()
        self.assertEqual(self.at_xero(move)["Status"], "VOIDED")
        move.button_draft()
        move.action_post()
        self.assertEqual((move.state, move.xero_publish_state), ("posted", "error"))
        self.assertIn("never un-voids", move.xero_publish_error)
        self.assertIn(move, self.env["account.move"].search([("xero_publish_state", "in", ("error", "mismatch"))]))

    # ------------------------------------------------------------------ unreconcile
    def test_unreconcile_failed_transaction_leaves_xero_untouched(self):
        _move, payment, link = self.paid_and_published()
        before = len(self.calls())
        self.fails_after(payment.action_draft)
        self.assertEqual((link.state, link.delete_state), ("published", False))
        self.run_jobs()
        self.assertFalse(self.writes(before))
        self.assertEqual(self.at_xero_payment(link.xero_id)["Status"], "AUTHORISED")

    def test_unreconcile_commits_the_outbox_row_and_one_run_deletes(self):
        move, payment, link = self.paid_and_published()
        before = len(self.calls())
        payment.action_draft()
        self.assertEqual(link.delete_state, "to_delete")
        self.assertFalse(self.writes(before))
        self.assertEqual(self.at_xero_payment(link.xero_id)["Status"], "AUTHORISED")
        self.run_jobs()
        self.assertEqual((link.state, link.delete_state), ("deleted", "deleted"))
        self.assertEqual(self.at_xero_payment(link.xero_id)["Status"], "DELETED")
        self.assertEqual(self.at_xero(move)["AmountDue"], move.amount_residual)
        self.assertEqual(len(self.writes(before, "Payments")), 1)

    def test_unreconcile_refused_by_xero_at_send_time_shows_its_words(self):
        _move, payment, link = self.paid_and_published()
        payment.action_draft()
        self.set_reconciled(link, True)  # reconciled with a bank line in Xero meanwhile
        self.run_jobs()
        self.assertEqual(link.delete_state, "error")
        self.assertTrue(link.delete_error.startswith("Xero refused: "), link.delete_error)
        self.assertIn("reconciled with a bank statement line", link.delete_error)
        self.assertEqual(payment.state, "draft")  # Odoo's change stays; the difference is shown
        self.set_reconciled(link, False)
        link.action_xero_retry_deletion()
        self.run_jobs()
        self.assertEqual(link.delete_state, "deleted", link.delete_error)
        self.assertEqual(self.at_xero_payment(link.xero_id)["Status"], "DELETED")

    def test_unreconcile_refused_before_odoo_changes(self):
        _move, payment, link = self.paid_and_published()
        self.set_reconciled(link, True)
        with self.assertRaisesRegex(UserError, "reconciled with a bank statement line"):
            payment.action_draft()
        self.assertEqual((link.state, link.delete_state), ("published", False))

    def test_unreconcile_lost_reply_deletes_exactly_once(self):
        _move, payment, link = self.paid_and_published()
        payment.action_draft()
        real_post = XeroClient.post

        def post_then_die(client, path, *args, **kwargs):
            result = real_post(client, path, *args, **kwargs)
            if path.startswith("Payments/"):
                raise WorkerKilled()
            return result

        before = len(self.calls())
        killed = False
        with patch.object(XeroClient, "post", post_then_die):
            try:
                self.run_jobs()
            except WorkerKilled:
                killed = True
        self.assertTrue(killed)
        self.assertEqual(link.delete_state, "sending")
        self.run_jobs()
        self.assertEqual(link.delete_state, "deleted", link.delete_error)
        self.assertEqual(len(self.writes(before, "Payments")), 1, "adopted, not deleted twice")

    def test_reconciled_again_before_xero_is_told_keeps_the_payment(self):
        move, payment, link = self.paid_and_published()
        before = len(self.calls())
        payment.action_draft()
        self.assertEqual(link.delete_state, "to_delete")
        payment.action_post()
        (payment.move_id.line_ids | move.line_ids).filtered(
            lambda ln: ln.account_id.account_type == "asset_receivable" and not ln.reconciled).reconcile()
        self.assertEqual((link.state, link.delete_state), ("published", False))
        self.run_jobs()
        self.publish()
        self.assertFalse(self.writes(before, "Payments"), "neither deleted nor sent twice")
        self.assertEqual(self.at_xero_payment(link.xero_id)["Status"], "AUTHORISED")
        self.assertEqual(self.links(payment), link)

    def test_cancel_with_a_published_payment_deletes_it_then_voids(self):
        move, _payment, link = self.paid_and_published()
        move.button_cancel()  # unreconciles (the payment's deletion waits) and cancels
        self.assertEqual((link.delete_state, move.xero_publish_state), ("to_delete", "to_cancel"))
        self.run_jobs()
        self.assertEqual((link.delete_state, move.xero_publish_state), ("deleted", "cancelled"),
                         (link.delete_error, move.xero_publish_error))
        self.assertEqual(self.at_xero(move)["Status"], "VOIDED")

    # ------------------------------------------------------------------ any sequence
    def test_any_sequence_of_cancel_reset_post_then_one_run_agrees(self):
        try:
            from hypothesis import HealthCheck, given, settings
            from hypothesis import strategies as st
        except ImportError:  # pragma: no cover
            self.skipTest("hypothesis is not installed")
        moves = self.document() | self.document() | self.document()
        self.publish(moves)
        alive = {m.id: True for m in moves}  # False once voided in Xero: a voided document stays voided

        @settings(max_examples=int(os.environ.get("XERO_PROPERTY_EXAMPLES", 8)), deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["cancel", "reset", "post"])), max_size=6))
        def check(steps):
            for index, what in steps:
                move = moves[index]
                if not alive[move.id]:
                    continue
                if what == "cancel" and move.state != "cancel":
                    move.button_cancel()
                elif what == "reset" and move.state != "draft":
                    move.button_draft()
                elif what == "post" and move.state == "draft":
                    move.action_post()
            self.run_jobs()
            self.publish(moves.filtered(lambda m: m.state == "posted"))
            for move in moves:
                doc = self.at_xero(move)
                if move.state == "cancel" and alive[move.id]:
                    self.assertEqual((move.xero_publish_state, doc["Status"]), ("cancelled", "VOIDED"), move.name)
                    alive[move.id] = False
                elif move.state == "posted":
                    self.assertEqual(move.xero_publish_state, "published", move.xero_publish_error)
                    self.assertEqual((doc["Status"], doc["Total"]), ("AUTHORISED", move.amount_total))
                elif move.state == "draft" and alive[move.id]:
                    self.assertEqual((move.xero_publish_state, doc["Status"]), ("changed", "AUTHORISED"))

        check()
