"""Quiet is nearly free: a day of an organisation where nothing changes, against the sandbox.

The scheduler's clock is moved by ageing the organisation's own records (its jobs' and checks'
dates) one tick at a time, as a day of Odoo's scheduler calling `_cron_process` every 15
minutes would see them; every call counted is a real call the sandbox answered. The day's
figures are logged (calls and bytes per organisation): quoted in docs/pulling.md.
"""

import logging

import requests
from odoo import fields
from odoo.tests import tagged

from ..const import PARAM_DAY_LIMIT, PARAM_MINUTE_LIMIT, PARAM_WEBHOOK_KEY, PARAM_WEBHOOK_SEEN
from .test_sandbox_flow import WALLABY
from .test_sandbox_sync import SandboxSyncCase

_logger = logging.getLogger(__name__)
TICK = 15  # minutes between two calls of the organisation's scheduled action


@tagged("post_install", "-at_install")
class TestQuietSchedule(SandboxSyncCase):

    def setUp(self):
        super().setUp()
        # a day in a few seconds: the minute limits would only slow the test down (calls are counted)
        self.sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 100000, "app_minute": 100000, "day": 100000})
        self.env["ir.config_parameter"].sudo().set_param(PARAM_MINUTE_LIMIT, 100000)
        self.conn = self.connect(WALLABY)
        self.conn.sync_interval = TICK
        self.jobs = self.env["xero.sync.job"]

    def age(self, minutes):
        """Everything the schedule looks at, `minutes` older: time passes."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE xero_sync_job SET create_date = create_date - %s * interval '1 minute' "
            "WHERE connection_id = %s", (minutes, self.conn.id))
        self.env.cr.execute(
            "UPDATE xero_connection SET products_checked_on = products_checked_on - %s * interval '1 minute' "
            "WHERE id = %s", (minutes, self.conn.id))
        self.env.invalidate_all()

    def tick(self):
        """One call of the organisation's scheduled action; the job it queued, if any."""
        before = self.jobs.search([("connection_id", "=", self.conn.id)], limit=1)
        self.jobs._cron_process(self.conn.id)
        while self.jobs._run_next(self.conn):
            pass
        job = self.jobs.search([("connection_id", "=", self.conn.id)], limit=1)
        return job if job != before else self.jobs

    def webhooks_on(self):
        icp = self.env["ir.config_parameter"].sudo()
        icp.set_param(PARAM_WEBHOOK_KEY, "sandbox-webhook-key")
        icp.set_param(PARAM_WEBHOOK_SEEN, fields.Datetime.to_string(fields.Datetime.now()))

    def quiet_days(self, days=2):
        """`days` days of ticks after a first full sync; (calls a day, bytes a day, jobs by kind)."""
        first = self.tick()
        self.assertEqual(first.kind, "full")
        self.assertIn(first.state, ("done", "warning"), first.log)
        start = self.api_calls(WALLABY)
        jobs = self.jobs
        for _tick in range(days * 24 * 60 // TICK):
            self.age(TICK)
            jobs |= self.tick()
        for job in jobs:
            self.assertIn(job.state, ("done", "warning"), job.log)
        kinds = {kind: len(jobs.filtered(lambda j, k=kind: j.kind == k)) for kind in set(jobs.mapped("kind"))}
        return (self.api_calls(WALLABY) - start) / days, sum(jobs.mapped("bytes_received")) / days, kinds

    def test_lists_are_read_once_a_day_and_changes_between(self):
        self.assertEqual(self.tick().kind, "full")
        self.age(TICK)
        job = self.tick()
        self.assertEqual(job.kind, "changes")
        self.assertEqual(job.api_calls, 4, job.log)  # contacts, invoices, credit notes, payments
        self.assertTrue(self.conn.last_checked)
        self.assertTrue(job.quiet, "nothing new: hidden from the Sync Jobs list unless asked for")
        self.assertEqual(self.conn.quiet_label, "Nothing new in Xero at the last run: checking every 30 minutes "
                                                 "until something changes")  # one run: no "1 runs"
        self.age(24 * 60)
        self.assertEqual(self.tick().kind, "full")

    def test_quiet_runs_stretch_the_wait_and_news_brings_it_back(self):
        self.tick()
        self.assertEqual(self.conn.quiet_runs, 0)  # the first sync booked the organisation
        self.age(TICK)
        self.tick()
        self.assertEqual((self.conn.quiet_runs, self.conn._quiet_interval()), (1, 30))
        self.age(TICK)
        self.assertFalse(self.tick(), "a quiet organisation waits 30 minutes, not 15")
        self.age(TICK)
        self.tick()
        self.assertEqual((self.conn.quiet_runs, self.conn._quiet_interval()), (2, 60))
        self.conn.quiet_runs = 9
        self.assertEqual(self.conn._quiet_interval(), 60)
        # a contact changed in Xero: the next run finds it and the interval is the organisation's again
        self._touch_contact(self.xero(WALLABY, "Contacts")[0])
        self.age(60)
        job = self.tick()
        self.assertEqual(job.kind, "changes")
        self.assertTrue(job.count_updated, job.log)
        self.assertEqual((self.conn.quiet_runs, self.conn._quiet_interval()), (0, TICK))
        self.conn.quiet_runs = 9
        self.webhooks_on()
        self.assertEqual(self.conn._quiet_interval(), 120)

    def _touch_contact(self, contact):
        """A change made in Xero: the contact's name, through Xero's own API."""
        token = self.sandbox.grant([WALLABY], ["accounting.contacts"])["access_token"]
        reply = requests.post(f"{self.sandbox.url}/api.xro/2.0/Contacts/{contact['ContactID']}", json={
            "Contacts": [{"ContactID": contact["ContactID"], "Name": contact["Name"] + " (renamed)"}]},
            timeout=30, headers={"Authorization": f"Bearer {token}", "Xero-tenant-id": WALLABY,
                                 "Accept": "application/json"})
        reply.raise_for_status()

    def test_with_webhooks_the_schedule_polls_only_what_they_do_not_announce(self):
        self.webhooks_on()
        self.tick()
        self.age(TICK)
        job = self.tick()
        self.assertEqual(job.kind, "changes")
        self.assertEqual(job.api_calls, 2, job.log)  # credit notes, payments

    def test_an_invoice_webhook_brings_its_payments_and_credit_notes(self):
        self.tick()
        invoice = self.xero(WALLABY, "Invoices")[0]
        job = self.jobs._enqueue(self.conn, "changes", "webhook", only_ids={"invoices": [invoice["InvoiceID"]]})
        while self.jobs._run_next(self.conn):
            pass
        self.assertIn(job.state, ("done", "warning"), job.log)
        self.assertEqual(job.api_calls, 3, job.log)  # the invoice by ID, credit notes and payments changed since

    def test_a_quiet_day_costs_little(self):
        calls, received, kinds = self.quiet_days()
        _logger.info("quiet days without webhooks: %s calls a day, %s bytes received a day, runs %s",
                     calls, received, kinds)
        self.assertLessEqual(calls, 150)
        self.assertGreaterEqual(kinds.get("full", 0), 1)  # the lists, once a day

    def test_a_quiet_day_with_webhooks_costs_less(self):
        self.webhooks_on()
        calls, received, kinds = self.quiet_days()
        _logger.info("quiet days with webhooks: %s calls a day, %s bytes received a day, runs %s",
                     calls, received, kinds)
        self.assertLessEqual(calls, 50)
        self.assertGreaterEqual(kinds.get("full", 0), 1)  # the lists and the sweep of contacts and invoices


@tagged("post_install", "-at_install")
class TestDailyBudget(SandboxSyncCase):
    """Xero's budgets: the app's tier sets the day, a used-up day defers work, never fails it."""

    def setUp(self):
        super().setUp()
        self.sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 100000, "app_minute": 100000, "day": 100000})
        self.env["ir.config_parameter"].sudo().set_param(PARAM_MINUTE_LIMIT, 100000)
        self.conn = self.connect(WALLABY)
        self.jobs = self.env["xero.sync.job"]

    def test_the_tier_sets_each_organisations_day(self):
        settings = self.env["res.config.settings"].create({"xero_tier": "starter"})
        settings.execute()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(PARAM_DAY_LIMIT), "1000")
        self.assertIn("of 1,000 calls today", self.conn.calls_label)
        self.assertTrue(self.env["xero.connect.wizard"].create({}).one_per_consent,
                        "below Advanced one consent brings one organisation: the wizard says so")
        self.env["res.config.settings"].create({"xero_tier": "advanced"}).execute()
        self.assertFalse(self.env["xero.connect.wizard"].create({}).one_per_consent)
        self.env["res.config.settings"].create({"xero_tier": "custom", "xero_day_limit": 2500}).execute()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(PARAM_DAY_LIMIT), "2500")

    def test_a_used_up_day_defers_the_job_which_then_finishes_whole(self):
        used = self.env["xero.rate.limit"].sudo().search([("tenant_id", "=", WALLABY)]).day_count
        self.env["ir.config_parameter"].sudo().set_param(PARAM_DAY_LIMIT, used + 3)
        job = self.jobs._enqueue(self.conn, "full", "manual")
        self.assertEqual(self.jobs._run_next(self.conn), 0, "a deferred job is no work for now")
        self.assertEqual(job.state, "queued")
        self.assertTrue(job.not_before)
        self.assertIn("waits and goes on by itself", job.log)
        self.assertFalse(self.conn.last_error)
        self.assertEqual(self.jobs._run_next(self.conn), 0)  # before its time nothing runs
        self.assertEqual(job.state, "queued")
        # the next day: the budget is back
        self.env["ir.config_parameter"].sudo().set_param(PARAM_DAY_LIMIT, 100000)
        job.not_before = fields.Datetime.now()
        while self.jobs._run_next(self.conn):
            pass
        self.assertIn(job.state, ("done", "warning"), job.log)
        self.assertIn("Xero's budget is back", job.log)
        # every invoice read once across the wait: nothing lost, nothing twice
        invoices = self.xero(WALLABY, "Invoices")
        read = sum(n for outcome, n in job.step_counts["invoices"].items() if outcome != "errors")
        self.assertEqual(read, len(invoices), job.step_counts["invoices"])
        self.assertEqual(job.count_fetched, job.count_created + job.count_updated + job.count_unchanged
                         + job.count_skipped + job.count_pending + job.count_unreadable)
        # the day's usage holds the job's calls
        usage = self.env["xero.usage"].search([("connection_id", "=", self.conn.id)])
        self.assertEqual(len(usage), 1)
        self.assertGreaterEqual(usage.calls, job.api_calls)
        self.assertGreater(usage.bytes_received, 0)
