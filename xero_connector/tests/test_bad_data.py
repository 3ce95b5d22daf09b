"""Bad data from Xero never stops a sync, and no job is ever stuck."""

import base64
from unittest.mock import patch

from odoo.tests import tagged

from ..sync import steps
from .test_documents import T0, DocumentsCase, invoice

COUNTED = ("created", "updated", "unchanged", "skipped", "pending", "unreadable")


def adds_up(job):
    return job.count_fetched == sum(job[f"count_{k}"] for k in COUNTED)


@tagged("post_install", "-at_install")
class TestBadRecords(DocumentsCase):
    """The four records that stopped organisations, and friends, in one page."""

    def spoil(self):
        data = self.fake.data
        no_type = invoice("i6", "INV-6")
        del no_type["Type"]
        data["Invoices"] += [
            no_type,
            invoice("i7", "INV-7", DateString="0000-00-00"),
            invoice("i8", "INV-8\x00", Reference="PO \x00 7", Status="SOMETHING_NEW"),
            invoice("i9", "INV-9", LineItems=[{"Description": "Huge", "UnitAmount": 1e20,
                                               "AccountCode": "200"}]),
            invoice("i1", "INV-1"),  # the same record twice in one page
            "not a record",
        ]
        data["Payments"].append({"PaymentID": "p2", "Amount": 5, "Status": "AUTHORISED",
                                 "Invoice": {"InvoiceID": "i1"}, "UpdatedDateUTC": 1774915200})
        data["Contacts"].append({"ContactID": "c3", "Name": "Null\x00 Byte Ltd"})

    def test_one_bad_record_never_stops_the_page(self):
        self.spoil()
        job = self.run_job("full")
        self.assertEqual(job.state, "warning", job.log)
        self.assertTrue(adds_up(job), job.log)
        self.assertEqual(job.count_unreadable, 6)  # i6, i7, i8, i9, the string, p2
        # counts per kind of record, in words, on the job and its log's last lines
        self.assertIn("Invoices and bills: 3 booked, 2 skipped, 1 waiting, 5 unreadable", job.summary)
        self.assertIn("Accounts: 2 read, 2 matched", job.summary)
        self.assertIn("Payments: 1 booked, 1 unreadable", job.summary)
        self.assertIn(job.summary, job.log)
        self.assertIn(f"{job.count_fetched} fetched = ", job.log)
        moves = self.moves()
        self.assertIn("i1", moves)
        self.assertNotIn("i6", moves)
        self.assertEqual(len(self.env["account.payment"].search([("xero_id", "=", "p1")])), 1)
        # the NUL went, the contact is booked
        partner = self.env["xero.contact"].search([("xero_id", "=", "c3")]).partner_id
        self.assertEqual(partner.name, "Null Byte Ltd")
        items = self.env["xero.pending.item"].search([("reason_code", "=", "unreadable")])
        reasons = {i.xero_id: i.reason for i in items}
        self.assertIn("Type is missing", reasons["i6"])
        self.assertIn("DateString '0000-00-00' is not a date", reasons["i7"])
        self.assertIn("Status has a value the connector does not know", reasons["i8"])
        self.assertIn("beyond any amount", reasons["i9"])
        self.assertIn("UpdatedDateUTC expected a date, got a number", reasons["p2"])
        self.assertNotIn("\x00", items.filtered(lambda i: i.xero_id == "i8").raw_data["InvoiceNumber"])
        # the data file keeps the record Xero sent, cleaned
        self.assertIn(b"not a record", base64.b64decode(job.data_file_csv))

    def test_healthy_again_heals_and_clears(self):
        self.spoil()
        self.run_job("full")
        # Xero sends the same records healthy: nothing changed in Xero, so only asking for
        # the unreadable records again brings them
        data = self.fake.data
        data["Invoices"] = [i for i in data["Invoices"] if isinstance(i, dict) and i.get("InvoiceID") not in
                            ("i6", "i7", "i8", "i9")] + [
            invoice(i, f"INV-{i[1]}") for i in ("i6", "i7", "i8", "i9")]
        data["Invoices"] = [i for i in data["Invoices"] if isinstance(i, dict)]
        data["Payments"][-1]["UpdatedDateUTC"] = f"/Date({T0}+0000)/"
        job = self.run_job("full")
        self.assertTrue(adds_up(job), job.log)
        self.assertEqual(job.count_unreadable, 0, job.log)
        moves = self.moves()
        for xid in ("i6", "i7", "i8", "i9"):
            self.assertIn(xid, moves)
        self.assertFalse(self.env["xero.pending.item"].search([
            ("reason_code", "=", "unreadable"), ("state", "=", "open"), ("xero_id", "not like", "no-id-%")]))
        self.assertEqual(len(self.env["account.move"].search([("xero_id", "=", "i1")])), 1)


@tagged("post_install", "-at_install")
class TestNoJobIsStuck(DocumentsCase):
    def boom_at(self, step):
        cls = steps.get(step)

        def boom(*_a, **_k):
            raise RuntimeError(f"injected at {step}")
        return patch.object(cls, "import_records", boom)

    def test_an_exception_at_any_step_fails_the_job_and_the_next_run_resumes(self):
        for step in steps.steps_for("full"):
            with self.subTest(step=step), self.boom_at(step):
                job = self.run_job("full")
                self.assertEqual(job.state, "failed")
                self.assertIn(f"injected at {step}", job.log)
                self.assertIn("Traceback", job.log)
                self.assertTrue(self.conn.next_sync)
                self.assertFalse(self.conn.sync_paused)
            # the lock was released: the next run takes the connection and finishes
            job = self.run_job("full")
            self.assertIn(job.state, ("done", "warning"), job.log)

    def test_three_identical_failures_pause_with_one_activity_until_resume(self):
        with self.boom_at("contacts"):
            for _run in range(3):
                job = self.run_job("full")
                self.assertEqual(job.state, "failed")
        self.assertTrue(self.conn.sync_paused)
        self.assertFalse(self.conn.next_sync, "a paused organisation is not scheduled")
        self.assertIn("injected at contacts", self.conn.pause_reason)
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.assertEqual(len(self.conn.activity_ids.filtered(lambda a: a.activity_type_id == todo)), 1)
        # the scheduler leaves a paused organisation alone; other organisations are not held
        self.env["xero.sync.job"]._cron_process(self.conn.id)
        self.conn.action_resume()
        self.assertFalse(self.conn.sync_paused)
        self.assertTrue(self.conn.next_sync)
        self.env["xero.sync.job"]._run_next(self.conn)
        last = self.conn.last_job_id
        self.assertIn(last.state, ("done", "warning"), last.log)
        self.assertFalse(self.conn.activity_ids)
        self.assertEqual(self.conn.failure_count, 0)

    def test_different_failures_do_not_pause(self):
        for step in ("contacts", "invoices", "contacts"):
            with self.boom_at(step):
                self.run_job("full")
        self.assertFalse(self.conn.sync_paused)


@tagged("post_install", "-at_install")
class TestJobRetention(DocumentsCase):
    def test_idle_runs_kept_briefly_and_the_latest_always(self):
        first = self.run_job("full")
        self.assertFalse(first.found_nothing)
        idle = [self.run_job("full") for _run in range(3)]
        self.assertTrue(all(j.found_nothing for j in idle), [j.summary for j in idle])
        self.assertEqual(idle[0].summary, "Nothing new in Xero.")
        self.env.cr.execute("UPDATE xero_sync_job SET create_date = now() - interval '2 days' WHERE id IN %s",
                            [tuple(j.id for j in [first, *idle])])
        self.env["xero.sync.job"].invalidate_model(["create_date"])
        self.assertEqual(self.env["xero.sync.job"]._cron_clean_jobs(), 2)
        self.assertTrue(first.exists())       # found something: kept for the retention period
        self.assertTrue(idle[-1].exists())    # the latest job of the organisation stays
        self.assertFalse(idle[0].exists() or idle[1].exists())
        # the periods are settings
        self.env["res.config.settings"].create({"xero_job_retention_days": 1}).execute()
        self.assertEqual(self.env["xero.sync.job"]._cron_clean_jobs(), 1)
        self.assertFalse(first.exists())
        self.assertTrue(idle[-1].exists())
