import contextlib
import logging
import time

from odoo import api, fields, models

from ..const import PARAM_CONCURRENT_LIMIT, PARAM_DAY_LIMIT, PARAM_MINUTE_LIMIT
from ..xero_client.errors import XeroRateLimitError

_logger = logging.getLogger(__name__)

MINUTE, DAY = 60.0, 86400.0
# Xero counts a call when it arrives, we when we are about to send it: a call leaves our
# window this much later than it leaves Xero's, so the two windows never disagree
WINDOW_MARGIN = 1.0
SLOT_LEASE = 120.0  # a crashed worker's slot frees itself after this many seconds
POLL = 0.2
# the row of the whole app's block (Xero's minute limit across every organisation, 10,000 in
# 2026): set when Xero answers 429 "appminute" or says the app's minute is used up, read (never
# locked) before every call, so one organisation's 429 holds every organisation's calls
APP_ROW = "*app*"


class XeroRateLimit(models.Model):
    """Xero's per-tenant limits, shared by every worker on every host through PostgreSQL.

    One row per tenant holds the minute window (the times of the calls of the last minute, a
    rolling window as Xero's: a fixed one lets 60 calls through at the end of one minute and 60
    more at the start of the next, which Xero answers with 429), the day window and any
    Retry-After block; the rows of xero.rate.slot are the 5 concurrency slots, leased with
    SKIP LOCKED.
    """

    _name = "xero.rate.limit"
    _description = "Xero Rate Limit State"
    _log_access = False

    tenant_id = fields.Char(required=True, index=True)
    minute_calls = fields.Text(help="Epoch seconds of the calls of the last minute, space-separated.")
    day_start = fields.Float(digits=(16, 3))
    day_count = fields.Integer()
    blocked_until = fields.Float(digits=(16, 3))
    problem = fields.Char()

    _sql_constraints = [("tenant_uniq", "unique(tenant_id)", "One rate state per tenant.")]

    @api.model
    def _governor(self):
        icp = self.env["ir.config_parameter"].sudo()
        return PgGovernor(
            self.env.registry,
            minute=int(icp.get_param(PARAM_MINUTE_LIMIT, 60)),
            day=int(icp.get_param(PARAM_DAY_LIMIT, 5000)),
            concurrent=int(icp.get_param(PARAM_CONCURRENT_LIMIT, 5)),
        )


class XeroRateSlot(models.Model):
    _name = "xero.rate.slot"
    _description = "Xero Concurrency Slot"
    _log_access = False

    tenant_id = fields.Char(required=True, index=True)
    slot = fields.Integer(required=True)
    lease_until = fields.Float(digits=(16, 3))

    _sql_constraints = [("slot_uniq", "unique(tenant_id, slot)", "Slots are unique per tenant.")]


class PgGovernor:
    """The xero_client governor protocol, on PostgreSQL rows shared by all workers.

    Each step runs in its own short transaction (a new cursor) so that a worker holds no
    lock while it waits or while its API call runs.
    """

    def __init__(self, registry, minute=60, day=5000, concurrent=5, max_wait=300.0, sleep=time.sleep):
        self.registry = registry
        self.minute, self.day, self.concurrent = minute, day, concurrent
        self.max_wait, self.sleep = max_wait, sleep

    @contextlib.contextmanager
    def _cursor(self):
        """A short transaction in READ COMMITTED: rows locked FOR UPDATE are read as the
        other worker committed them, not refused as REPEATABLE READ would."""
        with self.registry.cursor() as cr:
            if not self.registry.in_test_mode():
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            yield cr

    @contextlib.contextmanager
    def acquire(self, tenant_id):
        waited = 0.0
        while True:
            slot, wait = self._try_acquire(tenant_id)
            if slot is not None:
                break
            if waited + wait > self.max_wait:
                raise XeroRateLimitError(
                    "Xero's rate limit for this organisation is used up for now.",
                    retry_after=wait, problem="governor",
                )
            self.sleep(wait)
            waited += wait
        try:
            yield
        finally:
            self._release(tenant_id, slot)

    def _try_acquire(self, tenant_id):
        """Take a slot and count one call, or say how long to wait. -> (slot|None, wait)."""
        with self._cursor() as cr:
            self._ensure_rows(cr, tenant_id)
            cr.execute("SELECT extract(epoch FROM clock_timestamp())")
            now = float(cr.fetchone()[0])
            cr.execute(
                "SELECT minute_calls, day_start, day_count, blocked_until "
                "FROM xero_rate_limit WHERE tenant_id = %s FOR UPDATE", [tenant_id],
            )
            minute_calls, d_start, d_count, blocked = cr.fetchone()
            d_start, d_count, blocked = d_start or 0, d_count or 0, blocked or 0
            recent = _recent(minute_calls, now)
            if now - d_start >= DAY:
                d_start, d_count = now, 0
            cr.execute("SELECT blocked_until FROM xero_rate_limit WHERE tenant_id = %s", [APP_ROW])
            app = cr.fetchone()
            blocked = max(blocked, (app and app[0]) or 0)
            if blocked > now:
                return None, blocked - now
            if d_count >= self.day:
                raise XeroRateLimitError(
                    "Xero's daily limit for this organisation is used up.",
                    retry_after=d_start + DAY - now, problem="daily",
                )
            if len(recent) >= self.minute:
                # the oldest call of the window leaves it
                return None, max(recent[-self.minute] + MINUTE + WINDOW_MARGIN - now, POLL)
            cr.execute(
                "UPDATE xero_rate_slot SET lease_until = %s WHERE id = ("
                "  SELECT id FROM xero_rate_slot WHERE tenant_id = %s AND slot < %s"
                "  AND coalesce(lease_until, 0) < %s ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED"
                ") RETURNING slot",
                [now + SLOT_LEASE, tenant_id, self.concurrent, now],
            )
            row = cr.fetchone()
            if not row:
                return None, POLL
            cr.execute(
                "UPDATE xero_rate_limit SET minute_calls=%s, day_start=%s, day_count=%s WHERE tenant_id=%s",
                [_joined([*recent, now]), d_start, d_count + 1, tenant_id],
            )
            return row[0], 0.0

    def _ensure_rows(self, cr, tenant_id):
        cr.execute(
            "INSERT INTO xero_rate_limit (tenant_id) VALUES (%s) ON CONFLICT DO NOTHING",
            [tenant_id],
        )
        cr.execute(
            "INSERT INTO xero_rate_slot (tenant_id, slot, lease_until)"
            " SELECT %s, s, 0 FROM generate_series(0, %s - 1) s ON CONFLICT DO NOTHING",
            [tenant_id, max(self.concurrent, 5)],
        )

    def _release(self, tenant_id, slot):
        with self._cursor() as cr:
            cr.execute(
                "UPDATE xero_rate_slot SET lease_until = 0 WHERE tenant_id = %s AND slot = %s",
                [tenant_id, slot],
            )

    def observe(self, tenant_id, headers):
        """Align our minute/day counts with what Xero says is left."""
        minute_left, day_left, app_left = (headers.get(h) for h in (
            "X-MinLimit-Remaining", "X-DayLimit-Remaining", "X-AppMinLimit-Remaining"))
        minute_left = int(minute_left) if str(minute_left).isdigit() else None
        day_left = int(day_left) if str(day_left).isdigit() else None
        if str(app_left).isdigit() and int(app_left) <= 0:  # the app's minute is used up: everyone waits
            self.backoff(tenant_id, MINUTE, "appminute")
        if minute_left is None and day_left is None:
            return
        with self._cursor() as cr:
            cr.execute("SELECT extract(epoch FROM clock_timestamp())")
            now = float(cr.fetchone()[0])
            cr.execute("SELECT minute_calls, day_count FROM xero_rate_limit WHERE tenant_id = %s FOR UPDATE",
                       [tenant_id])
            row = cr.fetchone()
            if not row:
                return
            recent, day_count = _recent(row[0], now), row[1] or 0
            if minute_left is not None:
                # calls Xero counted that we did not (other apps, other processes): as if made now
                recent += [now] * max(self.minute - minute_left - len(recent), 0)
            if day_left is not None:
                day_count = max(day_count, self.day - day_left)
            cr.execute("UPDATE xero_rate_limit SET minute_calls = %s, day_count = %s WHERE tenant_id = %s",
                       [_joined(recent), day_count, tenant_id])

    def backoff(self, tenant_id, retry_after, problem=None):
        if problem == "appminute":  # the whole app's minute limit: every organisation waits
            tenant_id = APP_ROW
        with self._cursor() as cr:
            cr.execute("INSERT INTO xero_rate_limit (tenant_id) VALUES (%s) ON CONFLICT DO NOTHING", [tenant_id])
            cr.execute(
                "UPDATE xero_rate_limit SET blocked_until = GREATEST(coalesce(blocked_until, 0),"
                " extract(epoch FROM clock_timestamp()) + %s), problem = %s WHERE tenant_id = %s",
                [float(retry_after or 1), problem, tenant_id],
            )
        _logger.info("Xero rate limit (%s) for tenant %s: waiting %ss", problem, tenant_id, retry_after)


def _recent(minute_calls, now):
    """The call times (sorted) still inside the minute window."""
    times = sorted(float(t) for t in (minute_calls or "").split())
    return [t for t in times if t > now - MINUTE - WINDOW_MARGIN]


def _joined(times):
    return " ".join(f"{t:.3f}" for t in times)
