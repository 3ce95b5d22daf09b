"""The rate-limit governor: asked before every API call, told what Xero said after it.

The protocol (three methods; the client keeps no state of its own about limits):

    acquire(tenant_id) -> context manager
        Enter before sending a request to that tenant, leave when its reply is read. Blocks
        (sleeping) until one of the tenant's concurrency slots (5) is free and its minute
        (60) and day (5,000) budgets allow one more call, then counts the call. Raises
        XeroRateLimitError when it cannot or will not wait (day budget used up, or longer
        than its own max_wait).
    observe(tenant_id, headers)
        After every reply: align the budgets with Xero's X-MinLimit-Remaining,
        X-DayLimit-Remaining and X-AppMinLimit-Remaining (other processes, other apps'
        calls and Xero's own counting are only known this way).
    backoff(tenant_id, retry_after, problem=None)
        After a 429: nobody calls that tenant (or, for "appminute", any tenant) for
        retry_after seconds.

MemoryGovernor implements it for one process (threads); the Odoo addon implements it on
PostgreSQL so that every worker shares it. NullGovernor does nothing.
"""

import contextlib
import threading
import time
from collections import deque

from . import const
from .errors import XeroRateLimitError
from .utils import int_header

MINUTE = 60.0
DAY = 86400.0
POLL = 0.2  # seconds between looks at a busy concurrency slot


def minimum_seconds(calls, per_minute=const.MINUTE_LIMIT, per_day=const.DAY_LIMIT, organisations=1,
                    app_per_minute=const.APP_MINUTE_LIMIT):
    """The least time `calls` calls to each of `organisations` organisations can take under
    Xero's rolling windows: a window lets its whole budget through at once, so n calls need
    (ceil(n / per_minute) - 1) whole minutes, not n - 1 seconds; past the day's budget, whole
    days; the app's minute limit is shared by every organisation's calls.

        minimum_seconds(204)                # 180.0: 60 + 60 + 60 + 24 calls
        minimum_seconds(60)                 # 0.0: one window's worth goes at once
    """
    if calls <= 0:
        return 0.0
    days = -(-calls // per_day) - 1
    rest = calls - days * per_day
    minutes = max(-(-rest // per_minute), -(-rest * organisations // app_per_minute)) - 1
    return days * DAY + minutes * MINUTE


class NullGovernor:
    """No limits: for one-off scripts and for tests that are not about limits."""

    @contextlib.contextmanager
    def acquire(self, tenant_id):
        yield

    def observe(self, tenant_id, headers):
        pass

    def backoff(self, tenant_id, retry_after, problem=None):
        pass


class _Tenant:
    __slots__ = ("active", "blocked_until", "day", "minute")

    def __init__(self):
        self.active = 0
        self.minute = deque()  # times of the calls of the last minute
        self.day = deque()  # times of the calls of the last day
        self.blocked_until = 0.0


class MemoryGovernor:
    """Xero's per-tenant limits in this process, thread-safe, with sliding windows.

    `clock` and `sleep` are injectable so tests never really wait; concurrency waits use
    the condition variable (a slot is handed on as soon as it is freed).
    """

    def __init__(self, concurrent=const.CONCURRENT_LIMIT, minute=const.MINUTE_LIMIT,
                 day=const.DAY_LIMIT, max_wait=300.0, clock=time.monotonic, sleep=time.sleep):
        self.concurrent, self.minute, self.day = concurrent, minute, day
        self.max_wait, self.clock, self.sleep = max_wait, clock, sleep
        self._cond = threading.Condition()
        self._tenants = {}
        self._app_blocked_until = 0.0
        self.waited = 0.0  # total seconds slept on budgets (for tests and reports)

    def _tenant(self, tenant_id):
        return self._tenants.setdefault(tenant_id, _Tenant())

    def _expire(self, state, now):
        for window, span in ((state.minute, MINUTE), (state.day, DAY)):
            while window and window[0] <= now - span:
                window.popleft()

    # -- protocol
    @contextlib.contextmanager
    def acquire(self, tenant_id):
        self._take(tenant_id)
        try:
            yield
        finally:
            with self._cond:
                self._tenant(tenant_id).active -= 1
                self._cond.notify_all()

    def _take(self, tenant_id):
        waited = 0.0
        while True:
            with self._cond:
                now = self.clock()
                state = self._tenant(tenant_id)
                self._expire(state, now)
                wait = self._wait_for(state, now)
                if wait == 0.0 and state.active >= self.concurrent:
                    self._cond.wait(POLL)  # a slot: woken as soon as one is released
                    continue
                if wait == 0.0:
                    state.active += 1
                    state.minute.append(now)
                    state.day.append(now)
                    return
            if waited + wait > self.max_wait:
                raise XeroRateLimitError(
                    "Xero's rate limit for this organisation is used up for now.",
                    status=None, retry_after=wait, problem="governor")
            self.sleep(wait)  # outside the lock: other tenants go on
            waited += wait
            self.waited += wait

    def _wait_for(self, state, now):
        """Seconds to wait before a call may start (0.0: now); raises for the day budget."""
        blocked = max(state.blocked_until, self._app_blocked_until)
        if blocked > now:
            return blocked - now
        if len(state.day) >= self.day:
            raise XeroRateLimitError(
                "Xero's daily limit for this organisation is used up.", status=None,
                retry_after=state.day[0] + DAY - now, problem=const.PROBLEM_DAILY)
        if len(state.minute) >= self.minute:
            return max(state.minute[0] + MINUTE - now, 0.001)
        return 0.0

    def observe(self, tenant_id, headers):
        minute_left = int_header(headers, const.HEADER_MIN_REMAINING)
        day_left = int_header(headers, const.HEADER_DAY_REMAINING)
        app_left = int_header(headers, const.HEADER_APP_MIN_REMAINING)
        with self._cond:
            now = self.clock()
            state = self._tenant(tenant_id)
            self._expire(state, now)
            # Calls Xero counted that we did not (other processes): pad the windows.
            for window, limit, left in ((state.minute, self.minute, minute_left),
                                        (state.day, self.day, day_left)):
                if left is not None:
                    for _ in range(max(limit - left - len(window), 0)):
                        window.append(now)
            if app_left is not None and app_left <= 0:
                self._app_blocked_until = max(self._app_blocked_until, now + MINUTE)

    def backoff(self, tenant_id, retry_after, problem=None):
        with self._cond:
            until = self.clock() + float(retry_after if retry_after is not None else 1.0)
            if problem == const.PROBLEM_APP_MINUTE:
                self._app_blocked_until = max(self._app_blocked_until, until)
            else:
                state = self._tenant(tenant_id)
                state.blocked_until = max(state.blocked_until, until)

    # -- introspection (tests, scripts)
    def usage(self, tenant_id):
        """-> dict(active, minute, day) for a tenant, as the governor counts them now."""
        with self._cond:
            state = self._tenant(tenant_id)
            self._expire(state, self.clock())
            return {"active": state.active, "minute": len(state.minute), "day": len(state.day)}
