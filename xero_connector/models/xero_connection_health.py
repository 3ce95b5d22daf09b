"""Client health on the connection: the last check (models/xero_health_check.py) and what the
next one compares with (the lock dates seen, a reopened period kept until it is closed again,
the closed date and since when it is seen); the figures the firm dashboard filters and sorts
by; the check on demand ("Check Client Health") and with every books check."""

import logging
from datetime import UTC

from odoo import api, fields, models

from ..sync.books.health import Memory

_logger = logging.getLogger(__name__)


class XeroConnection(models.Model):
    _inherit = "xero.connection"  # pylint: disable=consider-merging-classes-inherited

    health_check_id = fields.Many2one("xero.health.check", "Last Health Check", readonly=True, copy=False)
    health_state = fields.Selection(related="health_check_id.state", string="Client Health", store=True)
    health_unreconciled = fields.Integer(related="health_check_id.unreconciled_count", store=True,
                                         string="Bank Lines to Reconcile")
    health_changed = fields.Integer(related="health_check_id.changed_count", store=True, string="Changes After Close")
    health_drafts = fields.Integer(related="health_check_id.draft_count", store=True, string="Drafts in Xero")
    health_overdue = fields.Integer(compute="_compute_health_overdue", store=True, string="Overdue in Xero")
    health_reopened = fields.Boolean(compute="_compute_health_reopened", store=True, string="Lock Date Reopened")
    books_differences = fields.Integer(related="books_run_id.difference_count", store=True,
                                       string="Books Differences")
    health_attention = fields.Integer(
        compute="_compute_health_attention", store=True, string="Work Waiting",
        help="Sorts the clients needing work first: differences, a reopened period, changes after close, "
        "bank lines to reconcile.")
    health_label = fields.Char("Client Health Summary", compute="_compute_health_label")
    books_closed_date = fields.Date(
        "Books Closed Through", tracking=True,
        help="A period you consider closed even without a lock date in Xero: documents dated on or before it "
        "and changed in Xero afterwards are listed as changes after close.")
    # what the last check saw (the next one compares with it)
    health_seen = fields.Boolean(readonly=True, copy=False)
    health_period_lock = fields.Date("Period Lock Date Seen", readonly=True, copy=False)
    health_year_lock = fields.Date("Year-End Lock Date Seen", readonly=True, copy=False)
    health_reopened_from = fields.Date("Locked To Before Reopening", readonly=True, copy=False)
    health_closed_through = fields.Date(readonly=True, copy=False)
    health_closed_seen_at = fields.Datetime(readonly=True, copy=False)

    @api.depends("health_check_id.overdue_receivable_count", "health_check_id.overdue_payable_count")
    def _compute_health_overdue(self):
        for conn in self:
            check = conn.health_check_id
            conn.health_overdue = check.overdue_receivable_count + check.overdue_payable_count

    @api.depends("health_check_id.reopened_from")
    def _compute_health_reopened(self):
        for conn in self:
            conn.health_reopened = bool(conn.health_check_id.reopened_from)

    @api.depends("books_differences", "books_run_id.state", "health_reopened", "health_changed",
                 "health_unreconciled")
    def _compute_health_attention(self):
        for conn in self:
            differ = conn.books_run_id.state == "differ"
            conn.health_attention = (1000 * differ + 100 * conn.health_reopened + 10 * bool(conn.health_changed)
                                     + bool(conn.health_unreconciled))

    @api.depends("health_check_id.state", "health_unreconciled", "health_changed", "health_drafts",
                 "health_reopened", "health_check_id.overdue_receivable_count",
                 "health_check_id.overdue_payable_count", "health_check_id.not_checked")
    def _compute_health_label(self):
        for conn in self:
            check = conn.health_check_id
            if not check:
                conn.health_label = False
                continue
            if check.state == "failed":
                conn.health_label = self.env._("Client health not checked")
                continue
            parts = []
            if check.reopened_from:
                parts.append(self.env._("Closed period reopened (was locked to %s)",
                                        check.reopened_from.strftime("%d %b %Y")))
            if check.changed_count:
                parts.append(self.env._("%s changed after close", check.changed_count))
            if check.unreconciled_count:
                parts.append(self.env._("%s bank lines to reconcile", check.unreconciled_count))
            if check.overdue_receivable_count:
                parts.append(self.env._("%s overdue invoices", check.overdue_receivable_count))
            if check.overdue_payable_count:
                parts.append(self.env._("%s overdue bills", check.overdue_payable_count))
            if check.draft_count:
                parts.append(self.env._("%s drafts", check.draft_count))
            if check.not_checked:
                parts.append(self.env._("some checks need a reconnect"))
            conn.health_label = " · ".join(parts) or self.env._("Bank reconciled, nothing changed after close")

    def _health_memory(self):
        self.ensure_one()
        seen = self.health_closed_seen_at
        return Memory(checked=self.health_seen, period_lock=self.health_period_lock or None,
                      year_lock=self.health_year_lock or None, reopened_from=self.health_reopened_from or None,
                      closed_by_user=self.books_closed_date or None,
                      closed_through=self.health_closed_through or None,
                      closed_seen_at=seen.replace(tzinfo=UTC) if seen else None)

    def _health_checked(self, check, result):
        """Keep the check and what it saw; a lock date moved backwards is said in the chatter."""
        self.ensure_one()
        memory = result.memory
        seen_at = memory.closed_seen_at.astimezone(UTC).replace(tzinfo=None) if memory.closed_seen_at else False
        self.sudo().write({
            "health_check_id": check.id, "health_seen": True, "health_period_lock": memory.period_lock,
            "health_year_lock": memory.year_lock, "health_reopened_from": memory.reopened_from,
            "health_closed_through": memory.closed_through, "health_closed_seen_at": seen_at})
        if result.reopened_now:
            self.message_post(body=self.env._(
                "A lock date moved backwards in Xero: the period closed up to %s is open again.",
                memory.reopened_from or self.health_reopened_from))

    def action_check_health(self):
        """Check Client Health: now; opens the result."""
        self._check_manager()
        checks = self.env["xero.health.check"]
        for conn in self:
            checks |= checks._check(conn)
        return {"type": "ir.actions.act_window", "res_model": "xero.health.check", "res_id": checks[:1].id,
                "view_mode": "form", "target": "current"} if len(checks) == 1 else self.action_open_health_checks()

    def action_open_health_checks(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_health_check")
        action["domain"] = [("connection_id", "in", self.ids)]
        return action

    def action_health_reviewed(self):
        """The changes after close were reviewed: from now on only newer ones count; checks again."""
        self._check_manager()
        for conn in self:
            conn.sudo().health_closed_seen_at = False
            conn.sudo().health_closed_through = False
            conn.message_post(body=self.env._("Changes after close reviewed by %s.", self.env.user.name))
        return self.action_check_health()

    def _books_checked(self, run, check=None):
        """The books check runs the health check too, which reuses what the books check read of
        Xero (the organisation, the open and draft documents) instead of reading it again; a
        failed health check never fails the books check."""
        res = super()._books_checked(run, check)
        # the books check's own writes flushed first, outside the try: a conflict with a job writing
        # the same rows is the request's (Odoo retries it), never a swallowed error leaving the
        # transaction aborted
        self.env.flush_all()
        try:
            with self.env.cr.savepoint():
                self.env["xero.health.check"]._check(self, books=check)
        except Exception:  # noqa: BLE001
            _logger.exception("Health check of %s failed", self.name)
        return res
