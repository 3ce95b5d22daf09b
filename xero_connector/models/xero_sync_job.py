import logging
import time
import traceback
import zlib
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime
from psycopg2.extensions import TRANSACTION_STATUS_INERROR

from ..const import IDLE_JOB_HOURS, JOB_RETENTION_DAYS, PARAM_IDLE_JOB_HOURS, PARAM_JOB_RETENTION_DAYS
from ..sync import steps as job_steps
from ..sync.steps import commit, rollback
from ..utils import for_companies
from ..xero_client.errors import XeroAuthError, XeroError, XeroRateLimitError, XeroTransientError

_logger = logging.getLogger(__name__)


def _aborted(cr):
    """Is this cursor's transaction aborted (PostgreSQL refuses every statement until rollback)?
    Under Odoo's test runner the cursor is a proxy of the real one (`_cursor`)."""
    cnx = getattr(cr, "_cnx", None) or getattr(getattr(cr, "_cursor", None), "_cnx", None)
    return cnx is not None and cnx.info.transaction_status == TRANSACTION_STATUS_INERROR


JOB_STATES = [
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("warning", "Done with Warnings"),
    ("failed", "Failed"),
    ("interrupted", "Interrupted"),
    ("cancelled", "Cancelled"),
]
JOB_TRIGGERS = [
    ("schedule", "Schedule"),
    ("manual", "Manual"),
    ("webhook", "Webhook"),
    ("refresh_lists", "Refresh Lists"),
]
JOB_KINDS = [
    ("reference", "Reference lists (accounts, taxes, tracking)"),
    ("contacts", "Contacts"),
    ("documents", "Invoices, bills, credit notes and payments"),
    ("full", "Full sync from Xero"),
    ("changes", "Changes from Xero"),
    ("journals", "Post journal entries to Xero"),
    ("publish", "Publish invoices, bills and credit notes to Xero"),
    ("outbox", "Tell Xero what changed in Odoo (cancelled documents, unreconciled payments, journals reset)"),
]
# pylint: enable=prefer-env-translation
# a pull's counts add up: fetched = created + updated + unchanged + skipped + pending + unreadable
COUNTERS = ("fetched", "created", "updated", "unchanged", "skipped", "pending", "unreadable", "errors")
TIME_BUDGET = 240  # seconds of work per cron call; the scheduler calls again at once if more is left
DEFER_AFTER = 15 * 60  # a budget Xero frees later than this: the job waits for it instead of failing


class XeroSyncJob(models.Model):
    """One run of a sync between Odoo and one Xero organisation."""

    _name = "xero.sync.job"
    _description = "Xero Sync Job"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    connection_id = fields.Many2one(
        "xero.connection", required=True, ondelete="cascade", index=True, readonly=True,
    )
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    kind = fields.Selection(JOB_KINDS, required=True, default="full", readonly=True)
    trigger = fields.Selection(JOB_TRIGGERS, default="manual", required=True, readonly=True)
    not_before = fields.Datetime(
        "Waits Until", readonly=True, copy=False,
        help="Xero's budget for this organisation was used up: the job resumes by itself at this time.")
    quiet = fields.Boolean(
        readonly=True, help="A scheduled run that found nothing new: hidden from the list unless asked for "
                            "(the organisation shows when it last checked).")
    state = fields.Selection(
        JOB_STATES, default="queued", required=True, readonly=True, index=True, tracking=True,
    )
    user_id = fields.Many2one("res.users", "Started By", readonly=True, default=lambda s: s.env.user)
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)
    duration = fields.Float("Duration (s)", readonly=True, digits=(16, 1))
    count_fetched = fields.Integer("Fetched", readonly=True)
    count_created = fields.Integer("Created", readonly=True)
    count_updated = fields.Integer("Updated", readonly=True)
    count_unchanged = fields.Integer("Unchanged", readonly=True)
    count_skipped = fields.Integer("Skipped", readonly=True)
    count_pending = fields.Integer("Waiting", readonly=True, help="Records waiting in Pending Items.")
    count_unreadable = fields.Integer(
        "Unreadable", readonly=True, help="Records Xero sent spoiled: each waits in Pending Items "
        "with the field and the reason, and is asked for again by the next run.")
    count_errors = fields.Integer("Errors", readonly=True)
    check_seconds = fields.Float(
        "Reading Time (s)", readonly=True, digits=(16, 3),
        help="Time spent reading and checking Xero's replies record by record.")
    api_calls = fields.Integer("API Calls", readonly=True)
    bytes_received = fields.Integer(readonly=True)
    progress_done = fields.Integer(readonly=True)
    progress_total = fields.Integer(readonly=True)
    progress = fields.Float(compute="_compute_progress")
    step = fields.Char("Current Step", readonly=True)
    step_index = fields.Integer(readonly=True)
    page = fields.Integer(readonly=True, default=1, help="Next page of the current step.")
    page_offset = fields.Integer(
        "Booked of That Page", readonly=True,
        help="Records of that page already booked: a long page is booked a slice at a time.")
    yielded = fields.Boolean(
        readonly=True, help="Out of time for this turn: the scheduler runs it on (not a dead worker's job).")
    resumed_from_id = fields.Many2one(
        "xero.sync.job", "Continues", readonly=True, ondelete="set null",
        help="The interrupted job this one continues from where it stopped.")
    cutoff_date = fields.Date(readonly=True, help="Journals: post entries up to this date.")
    move_ids = fields.Many2many("account.move", string="Entries to Post", readonly=True)
    only_ids = fields.Json(readonly=True, help="For webhook jobs: the Xero IDs that changed.")
    step_counts = fields.Json(readonly=True, help="Outcomes per step: {step: {outcome: count}}.")
    summary = fields.Char(compute="_compute_summary", help="What the job did, in words, per kind of record.")
    label = fields.Char("What", compute="_compute_label",
                        help="What the job does and why: what it sent or read, and what started it.")
    log = fields.Text(readonly=True)
    data_csv = fields.Binary(attachment=False, readonly=True, prefetch=False)
    data_file = fields.Binary(attachment=True, readonly=True)
    data_filename = fields.Char(readonly=True)

    @api.depends("progress_done", "progress_total")
    def _compute_progress(self):
        for job in self:
            job.progress = (
                100.0 * job.progress_done / job.progress_total if job.progress_total else 0.0
            )

    found_nothing = fields.Boolean(
        compute="_compute_found_nothing", store=True,
        help="A finished run that found nothing new in Xero: kept only briefly.")

    @api.depends("step_counts", "state", "count_errors")
    def _compute_found_nothing(self):
        for job in self:
            news = sum(n for step in (job.step_counts or {}).values() for o, n in step.items()
                       if o in ("created", "updated", "pending", "unreadable"))
            job.found_nothing = job.state == "done" and job.kind != "journals" and not (news or job.count_errors)

    @api.depends("step_counts", "found_nothing")
    def _compute_summary(self):
        for job in self:
            if job.found_nothing:
                job.summary = self.env._("Nothing new in Xero.")
                continue
            counts = job.step_counts or {}  # jsonb keeps no key order: the kind's steps give it
            order = [k for k in job_steps.KIND_STEPS.get(job.kind, []) if k in counts]
            order += sorted(set(counts) - set(order))
            job.summary = " · ".join(job_steps.step_words(self.env, key, counts[key]) for key in order) or False

    @api.model
    def _cron_clean_jobs(self):
        """Runs that found nothing new go after IDLE_JOB_HOURS, all finished ones after
        JOB_RETENTION_DAYS (both settings); the latest job of each connection always stays."""
        icp = self.env["ir.config_parameter"].sudo()
        idle_hours = int(icp.get_param(PARAM_IDLE_JOB_HOURS, IDLE_JOB_HOURS))
        keep_days = int(icp.get_param(PARAM_JOB_RETENTION_DAYS, JOB_RETENTION_DAYS))
        now = fields.Datetime.now()
        finished = [("state", "not in", ("queued", "running"))]
        old = self.search(finished + ["|", "&", ("found_nothing", "=", True),
                                      ("create_date", "<", now - timedelta(hours=idle_hours)),
                                      ("create_date", "<", now - timedelta(days=keep_days))])
        latest = {}
        for job in self.search([("connection_id", "in", old.connection_id.ids)], order="id desc"):
            latest.setdefault(job.connection_id.id, job.id)
        old -= self.browse(list(latest.values()))
        old.unlink()
        return len(old)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("xero.sync.job") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------------ queueing
    @api.model
    def _enqueue(self, connection, kind="full", trigger="manual", only_ids=None, **extra):
        """Queue a job, or return the one already waiting for the same work.

        Webhook jobs merge: changes arriving while one waits join it.
        """
        if only_ids:
            waiting = self.search([
                ("connection_id", "=", connection.id), ("trigger", "=", "webhook"),
                ("state", "=", "queued"),
            ], limit=1)
            if waiting:
                merged = {k: list(v) for k, v in (waiting.only_ids or {}).items()}
                for step, ids in only_ids.items():
                    merged[step] = sorted(set(merged.get(step, [])) | set(ids))
                waiting.only_ids = merged
                return waiting
        waiting = self.search([
            ("connection_id", "=", connection.id), ("kind", "=", kind),
            ("state", "=", "queued"), ("only_ids", "=", False),
        ], limit=1)
        if waiting and not only_ids and not extra:
            return waiting
        job = self.create({
            "connection_id": connection.id, "kind": kind, "trigger": trigger,
            "only_ids": only_ids or False, **extra,
        })
        connection._wake_cron()
        return job

    def action_cancel(self):
        self.filtered(lambda j: j.state in ("queued", "running")).write({"state": "cancelled"})

    def action_retry(self):
        """Run the same work again; opens the new job (it updates live as it runs)."""
        jobs = self.browse()
        for job in self:
            jobs |= self._enqueue(job.connection_id, job.kind, "manual")
        return jobs._action_open()

    def _action_open(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_sync_job")
        if len(self) == 1:
            action.update({"res_id": self.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", self.ids)]
        return for_companies(action, self.company_id)

    # ------------------------------------------------------------------ running
    @api.model
    def _run_next(self, connection, deadline=None):
        """Run (or resume) this connection's oldest job until `deadline` (a monotonic time;
        TIME_BUDGET seconds from now by default).

        A running job found here belongs to a worker that died: the job's lock (and the
        organisation's, held by the runner, see xero_sync_dispatch.py) is free, so it is resumed
        from its last committed page.
        Returns the number of jobs still to run.
        """
        ready = [("connection_id", "=", connection.id), ("state", "in", ("running", "queued")),
                 "|", ("not_before", "=", False), ("not_before", "<=", fields.Datetime.now())]
        job = self.search(ready, order="id", limit=1)
        if not job:
            return 0
        key = job._lock_key()  # read now: the transaction may be unusable when it is released
        if not job._try_lock(key):
            return 0
        try:
            if job.state == "running" and not job.yielded:
                job = job._interrupted()  # its worker died: the same lock covers the continuation
            job._run(deadline or time.monotonic() + TIME_BUDGET)
        finally:
            job._unlock(key)
        return self.search_count(ready)  # a job waiting for Xero's budget is not work for now

    def _lock_key(self):
        return [self.connection_id.id, zlib.crc32(self.kind.encode()) & 0x7FFFFFFF]

    def _try_lock(self, key=None):
        # Session-level advisory lock: one job of a kind per connection across all hosts. It must
        # be session-level: a job commits after every page, and a transaction-level lock
        # (pg_try_advisory_xact_lock) would be released at the first commit.
        self.env.cr.execute("SELECT pg_try_advisory_lock(%s, %s)", key or self._lock_key())
        return self.env.cr.fetchone()[0]

    def _unlock(self, key=None):
        """Release the lock even when the job's transaction failed. The lock belongs to the
        database session, which outlives the transaction (and the cursor: the connection goes back
        to the pool still holding it), but PostgreSQL refuses every statement of an aborted
        transaction, the unlock too. So an aborted transaction (e.g. a serialization failure while
        marking a dead worker's job interrupted) is rolled back first: its work is lost anyway,
        and what the job committed before stays."""
        key = key or self._lock_key()
        cr = self.env.cr
        if _aborted(cr):
            cr.rollback()
        cr.execute("SELECT pg_advisory_unlock(%s, %s)", key)

    def _interrupted(self):
        """This running job's worker died (killed, restarted): say so on it, and continue its
        work in a new job from the step and page it had committed."""
        follow = self.create({
            "connection_id": self.connection_id.id, "kind": self.kind, "trigger": self.trigger,
            "only_ids": self.only_ids, "cutoff_date": self.cutoff_date,
            "move_ids": [(6, 0, self.move_ids.ids)], "step": self.step,
            "step_index": self.step_index, "page": self.page, "page_offset": self.page_offset,
            "resumed_from_id": self.id,
        })
        self._log(self.env._(
            "Interrupted: the server stopped while this job ran (step %(step)s, page %(page)s). "
            "%(next)s continues it.", step=self.step or "-", page=self.page, next=follow.name))
        self.write({"state": "interrupted", "finished_at": fields.Datetime.now()})
        self._store_data_file()
        follow._log(self.env._("Continues %(job)s from step %(step)s, page %(page)s.",
                               job=self.name, step=self.step or "-", page=self.page))
        commit(self.env)
        return follow

    def _run(self, deadline):
        self.ensure_one()
        if self.state == "queued" and self.not_before:
            self.write({"state": "running", "not_before": False})
            self._log(self.env._("Resumed at step %(step)s, page %(page)s: Xero's budget is back.",
                                 step=self.step or "-", page=self.page))
        elif self.state == "queued":
            self.write({"state": "running", "started_at": fields.Datetime.now()})
            self._log(self.env._("Started (%s).", dict(JOB_TRIGGERS)[self.trigger]))
        else:
            self._log(self.env._("Resumed at step %(step)s, page %(page)s.", step=self.step, page=self.page))
        self.yielded = False
        commit(self.env)
        steps = job_steps.steps_for(self.kind)
        if self.kind == "changes" and self.trigger == "schedule" and self.connection_id._webhooks_reach_us():
            steps = [s for s in steps if s not in job_steps.WEBHOOK_STEPS]  # they come by webhook
        try:
            xero = self.connection_id._xero()
            while self.step_index < len(steps):
                importer = job_steps.get(steps[self.step_index])(self, xero)
                step_name = self.env._(importer.label)
                if self.step != step_name:
                    self.write({"step": step_name})
                finished = importer.run(deadline)
                self._add_stats(xero.stats)
                commit(self.env)
                if not finished:
                    self.yielded = True
                    commit(self.env)
                    return  # out of time: the next cron call resumes here
                self.write({"step_index": self.step_index + 1, "page": 1, "page_offset": 0})
                commit(self.env)
        except XeroRateLimitError as exc:
            if (exc.retry_after or 0) > DEFER_AFTER:  # a day's budget: wait for it, never fail
                self._defer(exc)
            else:
                self._fail(exc)
            return
        except (XeroError, UserError) as exc:
            # the page in progress was rolled back to its savepoint; earlier pages stay
            self._fail(exc)
            return
        except Exception as exc:  # noqa: BLE001 (no job is ever stuck: it fails, the next run retries)
            details = traceback.format_exc()
            rollback(self.env)
            _logger.info("Xero job %s failed unexpectedly:\n%s", self.name, details)
            self._fail(exc, details)
            return
        self._finish()

    def _is_quiet(self):
        """Nothing new, changed, waiting or wrong: the run only confirmed what Odoo has."""
        return not (self.count_created or self.count_updated or self.count_pending or self.count_unreadable
                    or self.count_errors)

    def _add_stats(self, stats):
        self.env["xero.usage"]._add(self.connection_id, stats.calls, stats.bytes_received)
        self.write({
            "api_calls": self.api_calls + stats.calls,
            "bytes_received": self.bytes_received + stats.bytes_received,
        })
        stats.calls = stats.bytes_received = 0

    def _defer(self, exc):
        """Xero's budget for the organisation is used up: the job waits, queued, and resumes from
        its last committed page when the budget is back; nothing is failed or lost."""
        until = fields.Datetime.now() + timedelta(seconds=exc.retry_after)
        self._log(self.env._(
            "Xero's daily limit for this organisation is used up (%(limit)s): this job waits and goes on by "
            "itself after %(when)s.", limit=exc.message, when=format_datetime(self.env, until)))
        self.write({"state": "queued", "not_before": until, "yielded": True})
        commit(self.env)

    def _fail(self, exc, details=None):
        """End the job failed, its work so far kept; the organisation's schedule runs on (the
        same failure again and again pauses it, see _sync_failed)."""
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        if details:  # unexpected: keep what a developer needs, say it plainly
            why = "%s: %s" % (type(exc).__name__, message)  # noqa: UP031 (no f-string inside the call below: the .pot extractor stops at it)
            message = self.env._("Unexpected error at step %(step)s: %(why)s", step=self.step or "-", why=why)
        self._log(self.env._("Failed: %s", message))
        if details:
            self._log(details)
        self.write({"state": "failed", "finished_at": fields.Datetime.now(), "yielded": False})
        self._store_data_file()
        conn = self.connection_id
        if isinstance(exc, XeroAuthError):
            conn._mark_expired(message)
        elif isinstance(exc, XeroTransientError):  # Xero busy or unreachable: passes by itself
            conn.write({"last_error": message})
            conn._notify_admins(self.env._("Xero sync failed for %s", conn.name), message)
        else:
            conn._sync_failed(f"{self.kind}|{self.step}|{type(exc).__name__}|{message[:200]}", message)
        commit(self.env)

    def _finish(self):
        warn = self.count_errors or self.count_pending or self.count_unreadable
        now = fields.Datetime.now()
        self.write({
            "quiet": self.trigger == "schedule" and self.kind in ("full", "changes") and self._is_quiet(),
            "state": "warning" if warn else "done", "finished_at": now,
            "duration": (now - self.started_at).total_seconds() if self.started_at else 0,
            "progress_done": self.progress_total,
        })
        if self.summary:
            self._log(self.summary)
        self._log(self._finished_line())
        self._store_data_file()
        self.connection_id._sync_succeeded(self)
        commit(self.env)
