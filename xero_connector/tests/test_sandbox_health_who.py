"""Who changed a document after close, against the live sandbox: a named Xero user edits an
invoice of the closed period and the health line says who and when (Xero's History, one call);
more changes than a check reads are told as not read; a history call that fails, or a connection
Xero does not let read it, leaves who unknown and the check still runs."""

from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged

from ..sync.books import history
from ..xero_client import XeroClient
from ..xero_client.errors import XeroForbiddenError
from .test_sandbox_flow import WALLABY
from .test_sandbox_health import TestSandboxHealth
from .test_sandbox_sync import SandboxSyncCase


@tagged("post_install", "-at_install")
class TestSandboxHealthWho(SandboxSyncCase):
    connected, api, organisation, today, invoice = (
        TestSandboxHealth.connected, TestSandboxHealth.api, TestSandboxHealth.organisation, TestSandboxHealth.today,
        TestSandboxHealth.invoice)

    def closed_with_two_invoices(self):
        """Two invoices dated 40 days ago, the books locked 20 days ago, a first check seeing it."""
        day = self.today()
        olds = [self.invoice(day - timedelta(days=40), day - timedelta(days=30)) for _n in range(2)]
        self.organisation(PeriodLockDate=(day - timedelta(days=20)).isoformat())
        conn = self.connected()
        first = self.env["xero.health.check"]._check(conn)
        self.assertNotEqual(first.state, "failed", first.error)
        self.assertEqual(first.changed_count, 0)
        return day, conn, olds

    def change(self, day, invoice, user, reference):
        """`user` reopens the period, edits the invoice and closes it again, a minute later."""
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 60})
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/user", json={"name": user})
        self.organisation(PeriodLockDate=(day - timedelta(days=50)).isoformat())
        self.api("POST", f"Invoices/{invoice['InvoiceID']}", json={"Invoices": [{"Reference": reference}]})
        self.organisation(PeriodLockDate=(day - timedelta(days=20)).isoformat())
        return self.api("GET", f"Invoices/{invoice['InvoiceID']}/History")["HistoryRecords"][0]

    def history_calls(self):
        return [c for c in self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": WALLABY})
                if c["path"].endswith("/History")]

    def test_the_line_says_who_and_when(self):
        day, conn, (old, other) = self.closed_with_two_invoices()
        edit = self.change(day, old, "Jo Bloggs", "changed after close")
        self.assertEqual((edit["Changes"], edit["User"]), ("Edited", "Jo Bloggs"))
        seen = len(self.history_calls())  # the test's own read above
        check = self.env["xero.health.check"]._check(conn)
        line = check.line_ids.filtered(lambda ln: ln.kind == "changed")
        self.assertEqual(line.xero_id, old["InvoiceID"])
        self.assertEqual(line.changed_by, "Jo Bloggs")
        self.assertEqual(line.change_summary, f"Edited: {edit['Details']}")
        self.assertIn("changed in Xero afterwards by Jo Bloggs", line.detail)
        self.assertEqual(line.changed_at.strftime("%Y-%m-%dT%H:%M:%S"), edit["DateUTCString"])
        self.assertEqual(len(self.history_calls()), seen + 1, "one history call for the one changed invoice")
        self.assertLessEqual(check.api_calls, 9, "organisation, bank 3, open documents, changes 3, history 1")
        # changed again by someone else before the change is reviewed: the latest change says who
        again = self.change(day, old, "Kim Lee", "again")
        line = self.env["xero.health.check"]._check(conn).line_ids.filtered(lambda ln: ln.kind == "changed")
        self.assertEqual((line.changed_by, line.change_summary), ("Kim Lee", f"Edited: {again['Details']}"))
        self.assertIn("last by Kim Lee (the latest of 2 changes after close)", line.detail)
        # the screens show it
        arch = self.env["xero.health.line"].get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn("changed_by", arch)
        self.assertIn("change_summary", arch)

    def test_more_changes_than_a_check_reads(self):
        day, conn, (old, other) = self.closed_with_two_invoices()
        self.change(day, old, "Jo Bloggs", "first")
        self.change(day, other, "Kim Lee", "second")
        with patch.object(history, "MAX_READS", 1):
            check = self.env["xero.health.check"]._check(conn)
        lines = check.line_ids.filtered(lambda ln: ln.kind == "changed")
        by_id = {ln.xero_id: ln for ln in lines}
        self.assertEqual(by_id[other["InvoiceID"]].changed_by, "Kim Lee", "the latest changed is read")
        self.assertEqual(by_id[old["InvoiceID"]].changed_by, "Not read (more than 1 changes)")
        self.assertIn("history of the 1 latest changes only", by_id[old["InvoiceID"]].detail)
        self.assertTrue(by_id[old["InvoiceID"]].changed_at, "when is still said")
        self.assertEqual(check.changed_count, 2)

    def test_a_failing_history_call_or_no_scope_leaves_who_unknown(self):
        day, conn, (old, other) = self.closed_with_two_invoices()
        self.change(day, old, "Jo Bloggs", "changed")
        self.sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "500", "count": 10, "path": "/History"})
        check = self.env["xero.health.check"]._check(conn)
        self.sandbox.admin("DELETE", "/__sandbox__/faults")
        self.assertEqual(check.state, "attention", check.error)
        line = check.line_ids.filtered(lambda ln: ln.kind == "changed")
        self.assertEqual(line.changed_by, "Unknown")
        self.assertIn("could not be read", line.detail)
        self.assertTrue(line.changed_at, "when is still said")
        self.assertGreaterEqual(check.overdue_receivable_count, 1, "the rest of the check ran")

        # a token that does not reach the history (real Xero asks accounting.transactions for it):
        # the same, said so, and one 403 is enough for the invoices
        self.change(day, other, "Kim Lee", "changed too")
        real_get = XeroClient.get

        def get(client, path, params=None, modified_since=None):
            if path.endswith("/History"):
                raise XeroForbiddenError("You are not permitted to access this resource", 403)
            return real_get(client, path, params=params, modified_since=modified_since)

        with patch.object(XeroClient, "get", get):
            check = self.env["xero.health.check"]._check(conn)
        lines = check.line_ids.filtered(lambda ln: ln.kind == "changed")
        self.assertEqual(len(lines), 2)
        self.assertEqual(set(lines.mapped("changed_by")), {"Unknown"})
        for line in lines:
            self.assertIn("does not let this connection read the document's history", line.detail)
