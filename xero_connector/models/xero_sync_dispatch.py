"""The runners: a small pool of scheduled actions that serve whichever organisations are due.

    job._cron_run_due()      # one runner's turn: pick the next due organisation, serve it, again
    job._cron_process(id)    # serve one organisation now (its lock taken, skipped if held)
    job._ensure_runners()    # as many runners as the setting says (default RUNNERS)

Before issue 30 every organisation had its own scheduled action: with 10,000 organisations Odoo's
scheduler ran 10,000 actions every 15 minutes, most of them to find the organisation quiet, and
kept a progress row of each run for a week (benchmarks/scheduler_sim.py measures both designs;
docs/scale.md). Now an organisation is due when a job of it is ready (queued, or a dead worker's
running job, or a deferred one whose time came) or when its next scheduled check (`next_check`)
has come; each runner takes the longest-waiting one whose lock it gets. The lock is a
session-level PostgreSQL advisory lock: it outlives the job's commits (a row lock would end at
the first one), another runner's try skips it at once (as SKIP LOCKED does) and PostgreSQL
releases it when a killed process's connection closes, so its organisation is picked up again
by a runner of another process (its running job then continues from the last committed page,
see `_run_next`). Several runners run at once in several Odoo processes, each in one cron
thread: Odoo runs one scheduled action in one thread at a time.
"""

import logging
import time

from odoo import api, fields, models
from psycopg2.errors import SerializationFailure

from ..const import PARAM_RUNNERS, RUNNERS
from ..sync.steps import commit, rollback
from ..worker_budget import loop_spent, returned, run_deadline
from .xero_sync_job import TIME_BUDGET, _aborted

ORG_LOCK = -0x5845524F  # the first key of an organisation's lock (jobs' locks start with the connection id)
PICK_WINDOW = 32  # due organisations read per pick, oldest first: more than runners can hold at once
RUNNER_CODE = "model._cron_run_due()"
_logger = logging.getLogger(__name__)


class XeroSyncDispatch(models.Model):
    _inherit = "xero.sync.job"

    # ------------------------------------------------------------------ the runners
    @api.model
    def _runners(self, active_only=True):
        crons = self.env["ir.cron"].sudo().with_context(active_test=active_only)
        return crons.search([("ir_actions_server_id.code", "=", RUNNER_CODE)], order="id")

    @api.model
    def _ensure_runners(self, count=None):
        """As many active runners as the setting says (at least one): copies of the first made,
        the ones past the count archived."""
        if count is None:
            count = int(self.env["ir.config_parameter"].sudo().get_param(PARAM_RUNNERS, RUNNERS))
        count = max(1, count)
        first = self.env.ref("xero_connector.ir_cron_xero_runner_1", raise_if_not_found=False)
        if not first:
            return self.env["ir.cron"]
        runners = self._runners(active_only=False)
        for number in range(len(runners) + 1, count + 1):
            runners |= first.sudo().copy({"name": self.env._("Xero: run due organisations (%s)", number)})
        for number, runner in enumerate(runners, 1):
            if runner.active != (number <= count):
                runner.active = number <= count
        return runners[:count]

    @api.model
    def _wake_runners(self):
        """Work is due now (sync now, a webhook, the outbox): wake the runners, once per
        transaction; Odoo's cron threads are told when it commits."""
        data = self.env.cr.precommit.data
        if data.get("xero_runners_woken"):
            return
        data["xero_runners_woken"] = True
        for runner in self._runners():
            runner._trigger()

    # ------------------------------------------------------------------ a runner's turn
    @api.model
    def _cron_run_due(self):
        """One runner's turn: serve due organisations one after another, starting none after
        TIME_BUDGET seconds; each gets a turn of its own of up to TIME_BUDGET (both less in a cron
        worker process, within Odoo's limits: worker_budget.py), so a job is not cut short because
        the runner started it late in its call. Odoo calls again at once while some are left (its
        progress API)."""
        deadline = run_deadline(TIME_BUDGET)
        served = 0
        while time.monotonic() < deadline:
            conn = self._pick_due()
            if not conn:
                break
            try:
                self._serve(conn, run_deadline(TIME_BUDGET))
            except Exception:  # noqa: BLE001 (one organisation's trouble never stops the runner serving the others)
                _logger.warning("Xero runner: serving %s failed", conn.name, exc_info=True)
                rollback(self.env)
            finally:
                self._org_unlock(conn.id)
            served += 1
        left = len(self._due_candidates()) if time.monotonic() >= deadline else 0
        if left and loop_spent(deadline):
            # the worker's loop has spent its share of Odoo's limits: nothing left for this loop,
            # and the runner's trigger brings it back at the next one (whose limits start afresh)
            self._this_runner()._trigger()
            left = 0
        self.env["ir.cron"]._notify_progress(done=served, remaining=left)
        returned()
        return served

    def _this_runner(self):
        cron_id = self.env.context.get("cron_id")
        runner = self.env["ir.cron"].sudo().browse(cron_id).exists() if cron_id else self.env["ir.cron"]
        return runner or self._runners()[:1]

    @api.model
    def _cron_process(self, connection_id):
        """Serve one organisation now, as a runner does (its lock taken; skipped while another
        runner holds it)."""
        conn = self.env["xero.connection"].browse(connection_id).exists()
        if not conn or not self._org_lock(conn.id):
            return
        try:
            remaining = self._serve(conn, run_deadline(TIME_BUDGET))
        finally:
            self._org_unlock(conn.id)
        self.env["ir.cron"]._notify_progress(done=1, remaining=remaining or 0)

    @api.model
    def _serve(self, conn, deadline=None):
        """The organisation's turn: queue its scheduled work when due, run its next job until
        `deadline` (TIME_BUDGET seconds by default), plan its next check. Returns the jobs still
        to run."""
        if conn.state != "active" or conn.sync_paused or not conn.active:
            return 0
        busy = self.search_count([("connection_id", "=", conn.id), ("state", "in", ("queued", "running"))])
        if not busy and conn._sync_due():
            self.env.cr.precommit.data["xero_runners_woken"] = True  # this runner runs them: wake no other
            self._enqueue(conn, conn._scheduled_kind(), "schedule")
            if conn.post_mode == "schedule":
                self._enqueue(conn, "journals", "schedule")
            if conn.publish_when == "schedule" and (conn._publish_move_types() or conn._publishes_payments()):
                self._enqueue(conn, "publish", "schedule")
            elif conn._xero_outbox_waiting():  # a change Xero was not told of yet (its job failed)
                self._enqueue(conn, "outbox", "schedule")
            commit(self.env)
        remaining = self._run_next(conn, deadline)
        try:
            conn._plan_next_check()
            commit(self.env)
        except SerializationFailure:  # someone changed the organisation meanwhile: it stays due, the next pick plans it
            self.env.cr.rollback()
            self.env.invalidate_all()
        return remaining

    # ------------------------------------------------------------------ picking
    def _ready_domain(self):
        now = fields.Datetime.now()
        return [("state", "in", ("queued", "running")), "|", ("not_before", "=", False), ("not_before", "<=", now),
                ("connection_id.state", "=", "active"), ("connection_id.sync_paused", "=", False)]

    @api.model
    def _due_candidates(self):
        """Due organisations, longest waiting first (at most PICK_WINDOW of each kind): those
        with a job ready, since the job was queued or last yielded, and those whose next check
        has come, since it came."""
        jobs = self.sudo()._read_group(self._ready_domain(), ["connection_id"], ["write_date:min"],
                                       order="write_date:min", limit=PICK_WINDOW)
        waiting = {conn.id: since for conn, since in jobs}
        now = fields.Datetime.now()
        # a range of next_check's index (every running organisation has one, see _sync_cron):
        # the firm's size does not matter
        checks = self.env["xero.connection"].sudo().search(
            [("next_check", "<=", now), ("state", "=", "active"), ("sync_paused", "=", False)],
            order="next_check, id", limit=PICK_WINDOW)
        for conn in checks:
            waiting[conn.id] = min(waiting.get(conn.id, conn.next_check), conn.next_check)
        return sorted(waiting, key=lambda cid: (waiting[cid], cid))

    @api.model
    def _pick_due(self):
        """The longest-waiting due organisation whose lock this runner got (it holds the lock),
        or an empty recordset."""
        Conn = self.env["xero.connection"].sudo()
        for conn_id in self._due_candidates():
            if not self._org_lock(conn_id):
                continue  # another runner serves it
            # a fresh look: another runner may have served it since this transaction began
            commit(self.env)
            self.env.invalidate_all()
            conn = Conn.browse(conn_id).exists()
            if conn and self._is_due(conn):
                return conn
            self._org_unlock(conn_id)
        return Conn

    @api.model
    def _is_due(self, conn):
        if conn.state != "active" or conn.sync_paused or not conn.active:
            return False
        if not conn.next_check or conn.next_check <= fields.Datetime.now():
            return True
        return bool(self.sudo().search_count(self._ready_domain() + [("connection_id", "=", conn.id)], limit=1))

    # ------------------------------------------------------------------ the organisation's lock
    @api.model
    def _org_lock(self, conn_id):
        """Session-level: it stays through the job's commits, until _org_unlock or the end of the
        database session (a killed process)."""
        self.env.cr.execute("SELECT pg_try_advisory_lock(%s, %s)", (ORG_LOCK, conn_id))
        return self.env.cr.fetchone()[0]

    @api.model
    def _org_unlock(self, conn_id):
        cr = self.env.cr
        if _aborted(cr):  # PostgreSQL refuses every statement of an aborted transaction, the unlock too
            cr.rollback()
        cr.execute("SELECT pg_advisory_unlock(%s, %s)", (ORG_LOCK, conn_id))
