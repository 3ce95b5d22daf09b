"""The schedule of each connection: its next check, sync now, failures and pauses.

    conn.action_sync_now()     # queue a full sync, wake the scheduler, open the job
    conn._sync_failed(sig, m)  # a failed run; the same failure three times pauses the schedule
    conn.action_resume()       # clear the pause and sync now

Quiet is nearly free: a scheduled run reads the lists (accounts, tax rates, tracking, items,
contact groups) once a day ("full"); between those it reads only what changes ("changes":
contacts, invoices, credit notes, payments, or only the last two where Xero's webhooks bring
contacts and invoices). Each run that finds nothing new doubles the wait before the next, up to
QUIET_MAX_MINUTES (QUIET_MAX_MINUTES_WEBHOOKS with webhooks); anything new brings the
organisation's own interval back. `next_check` holds when that is: the runners (a small pool of
scheduled actions, xero_sync_dispatch.py) serve the organisations whose time came.
"""

import time
from datetime import timedelta

from markupsafe import Markup
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from ..const import (
    LISTS_EVERY_HOURS,
    PARAM_DAY_LIMIT,
    PARAM_WEBHOOK_KEY,
    PARAM_WEBHOOK_SEEN,
    QUIET_MAX_MINUTES,
    QUIET_MAX_MINUTES_WEBHOOKS,
    WEBHOOKS_FRESH_DAYS,
)
from ..utils import for_companies

DAY_SECONDS = 86400
PAUSE_AFTER = 3  # the same failure this many runs in a row pauses an organisation


class XeroConnectionSchedule(models.Model):
    _inherit = "xero.connection"

    sync_paused = fields.Boolean(
        readonly=True, copy=False, tracking=True,
        help="The same failure happened several runs in a row: the schedule waits for Resume.")
    pause_reason = fields.Text(readonly=True, copy=False)
    failure_count = fields.Integer("Failed Runs in a Row", readonly=True, copy=False)
    failure_signature = fields.Char(readonly=True, copy=False)
    next_sync = fields.Datetime("Next Scheduled Sync", compute="_compute_sync_status")
    calls_today = fields.Integer("API Calls Today", compute="_compute_sync_status",
                                 help="Calls made to this organisation in Xero's current day window.")
    calls_label = fields.Char("Xero's Daily Limit", compute="_compute_sync_status")
    usage_month_label = fields.Char("This Month", compute="_compute_sync_status",
                                    help="The jobs' calls to Xero this month and the data Xero sent (its "
                                         "monthly data egress); day by day in Xero > API Usage.")
    # its own compute: the firm's kanban cards read calls_label, and each table costs about ten
    # queries per organisation (a page of 40 cards paid 400 for tables no card shows)
    synced_html = fields.Html("What Is Synced", compute="_compute_synced_html", sanitize=False)
    last_sync_label = fields.Char("Last Sync", compute="_compute_last_sync_label")
    quiet_runs = fields.Integer(
        "Quiet Runs in a Row", readonly=True, copy=False,
        help="Scheduled runs in a row that found nothing new in Xero: each doubles the wait before the "
             "next, up to an hour (two with webhooks), so an organisation where nothing changes costs "
             "few calls.")
    quiet_label = fields.Char("Quiet", compute="_compute_quiet_label")
    last_checked = fields.Datetime(
        readonly=True, copy=False,
        help="When a scheduled run last asked Xero for changes, whether or not it found any.")
    last_sync_full = fields.Char(compute="_compute_last_sync_label")
    next_check = fields.Datetime(
        readonly=True, copy=False, index=True,
        help="When the scheduler next asks Xero for this organisation's changes (its interval, "
             "stretched while nothing changes).")

    @api.depends("next_check", "state", "active", "sync_paused")
    def _compute_sync_status(self):
        """The schedule, today's calls against Xero's limit, and what is synced (counts, times)."""
        day_limit = int(self.env["ir.config_parameter"].sudo().get_param(PARAM_DAY_LIMIT, 5000))
        limits = {r.tenant_id: r for r in self.env["xero.rate.limit"].sudo().search(
            [("tenant_id", "in", [t for t in self.mapped("tenant_id") if t])])}
        now = time.time()
        month = self.env["xero.usage"].sudo()._read_group(
            [("connection_id", "in", self.ids), ("day", ">=", fields.Date.context_today(self).replace(day=1))],
            ["connection_id"], ["calls:sum", "bytes_received:sum"])
        usage = {conn.id: (calls, received) for conn, calls, received in month}
        for conn in self:
            running = conn.state == "active" and conn.active and not conn.sync_paused
            conn.next_sync = conn.next_check if running else False
            window = limits.get(conn.tenant_id)
            conn.calls_today = window.day_count if window and now - window.day_start < DAY_SECONDS else 0
            # no f-string inside a translation call: the .pot extractor stops at it
            limit = format(day_limit, ",")
            conn.calls_label = self.env._("%(used)s of %(limit)s calls today", used=conn.calls_today, limit=limit)
            calls, received = usage.get(conn.id, (0, 0))
            calls, mb = format(calls, ","), format(received / 1e6, ",.1f")
            conn.usage_month_label = self.env._("%(calls)s calls, %(mb)s MB received", calls=calls, mb=mb)

    def _compute_synced_html(self):
        for conn in self:
            conn.synced_html = conn._synced_table()

    def _synced_table(self):
        """A small table: each kind of record, how many are synced, when last."""
        self.ensure_one()
        env, domain = self.env, [("connection_id", "=", self.id)]
        # when Odoo last read each list (the last sync, once it was read), and the latest change
        # Xero had made to it then: two different moments, both said
        changed = {c.entity: c.latest_change or c.modified_since for c in env["xero.sync.cursor"].sudo().search(domain)}

        def mapped(model, field=None):
            rows = env[model].sudo().search(domain + [("status", "=", "ACTIVE")])
            done = rows._mapped() if field is None else rows.filtered(field)
            return self.env._("%(done)s of %(rows)s mapped", done=len(done), rows=len(rows))

        moves = env["account.move"].sudo().search_count([("xero_connection_id", "=", self.id)])
        payments = env["account.payment"].sudo().search_count([("xero_connection_id", "=", self.id)])
        lines = [
            (self.env._("Chart of accounts"), mapped("xero.account", "account_id"), "accounts"),
            (self.env._("Tax rates"), mapped("xero.tax.rate"), "tax_rates"),
            (self.env._("Tracking options"), mapped("xero.tracking.option", "analytic_account_id"),
             "tracking"),
            (self.env._("Contacts"), self.env._("%s linked to partners",
                                                env["xero.contact"].sudo().search_count(domain)), "contacts"),
            (self.env._("Invoices, bills and credit notes"), self.env._("%s in Odoo", moves), "invoices"),
            (self.env._("Payments"), self.env._("%s in Odoo", payments), "payments"),
        ]
        not_yet = self.env._("not yet")

        def moment(value):
            return format_datetime(env, value) if value else not_yet

        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td class='text-muted'>%s</td><td class='text-muted'>%s</td></tr>") % (
                label, figure, moment(self.last_sync if entity in changed else False),
                moment(changed.get(entity)) if changed.get(entity) else "—")
            for label, figure, entity in lines)
        head = Markup("<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>") % (
            self.env._("Records"), self.env._("In Odoo"), self.env._("Last synced"),
            self.env._("Latest change in Xero"))
        return Markup("<table class='table table-sm o_xero_synced mb-0'>%s<tbody>%s</tbody></table>") % (head, rows)

    @api.depends("quiet_runs", "sync_interval")
    def _compute_quiet_label(self):
        for conn in self:
            if conn.quiet_runs == 1:
                conn.quiet_label = self.env._(
                    "Nothing new in Xero at the last run: checking every %(minutes)s minutes until something "
                    "changes", minutes=conn._quiet_interval())
                continue
            conn.quiet_label = conn.quiet_runs and self.env._(
                "Nothing new in Xero for %(runs)s runs: checking every %(minutes)s minutes until something "
                "changes", runs=conn.quiet_runs, minutes=conn._quiet_interval())

    @api.depends("last_sync")
    @api.depends_context("tz")
    def _compute_last_sync_label(self):
        """"Last sync 14:34 (2 min ago)", in the user's time zone; the full date on hover."""
        now = fields.Datetime.now()
        for conn in self:
            if not conn.last_sync:
                conn.last_sync_label, conn.last_sync_full = self.env._("Never synced"), False
                continue
            local = fields.Datetime.context_timestamp(conn, conn.last_sync)
            today = fields.Datetime.context_timestamp(conn, now).date()
            minutes = int((now - conn.last_sync).total_seconds() // 60)
            if minutes < 1:
                ago = self.env._("just now")
            elif minutes < 60:
                ago = self.env._("%s min ago", minutes)
            elif minutes < 48 * 60:
                ago = self.env._("%s h ago", minutes // 60)
            else:
                ago = self.env._("%s days ago", minutes // (24 * 60))
            when = local.strftime("%H:%M") if local.date() == today else local.strftime("%d %b %H:%M")
            conn.last_sync_label = self.env._("Last sync %(when)s (%(ago)s)", when=when, ago=ago)
            conn.last_sync_full = format_datetime(self.env, conn.last_sync)

    @api.model_create_multi
    def create(self, vals_list):
        conns = super().create(vals_list)
        conns._sync_cron()
        return conns

    def write(self, vals):
        res = super().write(vals)
        if {"sync_interval", "state", "active", "sync_paused"} & set(vals):
            self._sync_cron()
        return res

    def _sync_cron(self):
        """The schedule follows the organisation: one connected and running is checked at once
        unless a check is planned; its interval changed, the plan follows. (Before issue 30 each
        connection had a scheduled action of its own: the runners serve them all now.)"""
        for conn in self.filtered(lambda c: c.state == "active" and c.active and not c.sync_paused):
            conn._plan_next_check()

    def _plan_next_check(self):
        """When _sync_due will say yes: the last scheduled run (else the last successful sync)
        plus the quiet interval, less the minute it allows; now when there was neither."""
        for conn in self:
            last = self.env["xero.sync.job"].search(
                [("connection_id", "=", conn.id), ("trigger", "=", "schedule")], limit=1)
            since = last.create_date or conn.last_sync
            when = since + timedelta(minutes=conn._quiet_interval() - 1) if since else fields.Datetime.now()
            if conn.next_check != when:
                conn.next_check = when

    def _wake_cron(self):
        """Work is due now: wake the runners (sync now, webhooks, the outbox)."""
        self.env["xero.sync.job"]._wake_runners()

    def _sync_due(self):
        self.ensure_one()
        last = self.env["xero.sync.job"].search(
            [("connection_id", "=", self.id), ("trigger", "=", "schedule")], limit=1,
        )
        return not last or last.create_date <= fields.Datetime.now() - timedelta(
            minutes=self._quiet_interval() - 1
        )

    def _quiet_interval(self):
        """Minutes between scheduled runs: the organisation's own interval, doubled by each quiet
        run in a row, never past the quiet ceiling (nor below the interval itself)."""
        self.ensure_one()
        ceiling = QUIET_MAX_MINUTES_WEBHOOKS if self._webhooks_reach_us() else QUIET_MAX_MINUTES
        stretched = self.sync_interval * 2 ** min(self.quiet_runs, 8)
        return max(self.sync_interval, min(stretched, ceiling))

    def _scheduled_kind(self):
        """"full" when the lists were last read a day ago or more (or never), else "changes"."""
        self.ensure_one()
        since = fields.Datetime.now() - timedelta(hours=LISTS_EVERY_HOURS)
        lists_read = self.env["xero.sync.job"].search_count([
            ("connection_id", "=", self.id), ("kind", "in", ("full", "reference")),
            ("state", "in", ("done", "warning")), ("only_ids", "=", False), ("create_date", ">", since),
        ], limit=1)
        return "changes" if lists_read else "full"

    def _webhooks_reach_us(self):
        """Xero's webhooks are set up for the app and a signed delivery came lately: contacts and
        invoices arrive by webhook, the schedule sweeps them once a day."""
        params = self.env["ir.config_parameter"].sudo()
        seen = params.get_param(PARAM_WEBHOOK_SEEN)
        if not params.get_param(PARAM_WEBHOOK_KEY) or not seen:
            return False
        return fields.Datetime.to_datetime(seen) > fields.Datetime.now() - timedelta(days=WEBHOOKS_FRESH_DAYS)

    def _sync_succeeded(self, job=None):
        vals = {"last_sync": fields.Datetime.now(), "last_error": False, "failure_count": 0,
                "failure_signature": False}
        if job and job.kind in ("full", "changes"):
            quiet = job._is_quiet()
            if job.trigger == "schedule":
                vals.update(last_checked=vals["last_sync"], quiet_runs=self.quiet_runs + 1 if quiet else 0)
            elif not quiet:  # news by webhook or by hand: back to the organisation's own interval
                vals["quiet_runs"] = 0
        self.write(vals)
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def _sync_failed(self, signature, message):
        """Count a failed run; the same failure PAUSE_AFTER runs in a row pauses the schedule
        (a record that fails every run would otherwise use Xero's budget for nothing)."""
        self.ensure_one()
        count = self.failure_count + 1 if signature == self.failure_signature else 1
        self.write({"failure_count": count, "failure_signature": signature, "last_error": message})
        if count < PAUSE_AFTER:
            self._notify_admins(self.env._("Xero sync failed for %s", self.name), message)
            return
        reason = self.env._(
            "Paused after the same failure %(count)s runs in a row: %(why)s Fix the cause, then "
            "press Resume.", count=count, why=message)
        self.write({"sync_paused": True, "pause_reason": reason})
        self.activity_unlink(["mail.mail_activity_data_todo"])  # one activity: the pause
        self._notify_admins(self.env._("Xero sync paused for %s", self.name), reason)

    def action_resume(self):
        """Resume a paused organisation's schedule and sync it now."""
        self.write({"sync_paused": False, "pause_reason": False, "failure_count": 0,
                    "failure_signature": False})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        for conn in self:
            conn.message_post(body=self.env._("Sync resumed by %s.", self.env.user.name))
        return self.action_sync_now()

    def action_sync_now(self):
        """Queue a full sync and wake the scheduler; the browser does not wait for it."""
        jobs = self.env["xero.sync.job"]
        for conn in self:
            if conn.state != "active":
                raise UserError(self.env._("%s is not connected. Reconnect it first.", conn.name))
            if conn.sync_paused:
                raise UserError(self.env._("Sync of %(name)s is paused. %(why)s", name=conn.name,
                                          why=conn.pause_reason))
            jobs |= jobs._enqueue(conn, "full", "manual")
        return jobs._action_open()

    def action_post_journals(self, cutoff_date=None, trigger="manual", moves=None):
        """Queue a posting job for this organisation's entries (up to cutoff_date)."""
        jobs = self.env["xero.sync.job"]
        for conn in self:
            extra = {"cutoff_date": cutoff_date} if cutoff_date else {}
            if moves:
                extra["move_ids"] = [(6, 0, moves.ids)]
            jobs |= jobs._enqueue(conn, "journals", trigger, **extra)
        return jobs._action_open()

    def action_refresh_lists(self):
        """Re-pull accounts, tax rates and tracking only; never deletes Odoo data."""
        jobs = self.env["xero.sync.job"]
        for conn in self:
            jobs |= jobs._enqueue(conn, "reference", "refresh_lists")
        return jobs._action_open()

    def action_open_jobs(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_sync_job")
        action["domain"] = [("connection_id", "in", self.ids)]
        return for_companies(action, self.company_id, first_only=True)

    def action_open_failed_postings(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "xero_connector.action_xero_journal_report")
        action["domain"] = [("company_id", "in", self.company_id.ids), ("xero_post_state", "=", "error")]
        action["context"] = {}
        return for_companies(action, self.company_id, first_only=True)

    def action_open_pending(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_pending_item")
        action["domain"] = [("connection_id", "in", self.ids)]
        return for_companies(action, self.company_id, first_only=True)
