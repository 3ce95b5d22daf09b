"""Xero's API limits, per organisation: concurrent calls, calls per minute and per day, plus the
app-wide minute limit across all organisations.

Every Accounting API response carries X-DayLimit-Remaining, X-MinLimit-Remaining and
X-AppMinLimit-Remaining; a call over a limit gets 429 with Retry-After (seconds) and
X-Rate-Limit-Problem (minute / day / concurrent / appminute). Windows are rolling and run on
the sandbox clock, so a test can "wait" by moving the clock. Only served calls count.
"""

import math
import threading
from contextlib import contextmanager

DEFAULTS = {"concurrent": 5, "minute": 60, "day": 5000, "app_minute": 10000}
MINUTE, DAY = 60.0, 86400.0


def parse_limits(text):
    """"minute=5,day=100" -> {"minute": 5, "day": 100} (CLI form)."""
    limits = {}
    for part in filter(None, (text or "").split(",")):
        name, _, value = part.partition("=")
        name = name.strip().replace("-", "_")
        if name not in DEFAULTS:
            raise ValueError(f"unknown limit {name!r}; known: {', '.join(DEFAULTS)}")
        limits[name] = int(value)
    return limits


class RateLimited(Exception):
    def __init__(self, problem, retry_after, headers):
        super().__init__(problem)
        self.problem, self.retry_after, self.headers = problem, retry_after, headers


class Limiter:
    def __init__(self, store, limits=None):
        self.store = store
        self.limits = dict(DEFAULTS, **(store.get_meta("limits") or {}), **(limits or {}))
        self._active = {}
        self._lock = threading.Lock()

    def configure(self, **limits):
        unknown = set(limits) - set(DEFAULTS)
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(sorted(unknown))}")
        self.limits.update({k: int(v) for k, v in limits.items()})
        self.store.set_meta("limits", self.limits)
        return dict(self.limits)

    def _window(self, tenant, seconds, now):
        """(calls in the window, when the oldest of them leaves it)."""
        sql = "SELECT COUNT(*), MIN(ts) FROM calls WHERE counted = 1 AND ts > ?"
        params = [now - seconds]
        if tenant is not None:
            sql += " AND tenant = ?"
            params.append(tenant)
        count, oldest = self.store.query(sql, params)[0]
        return count, (oldest + seconds - now) if oldest else seconds

    def headers(self, tenant, now=None):
        now = self.store.now() if now is None else now
        minute, _ = self._window(tenant, MINUTE, now)
        day, _ = self._window(tenant, DAY, now)
        app, _ = self._window(None, MINUTE, now)
        return {
            "X-DayLimit-Remaining": str(max(0, self.limits["day"] - day)),
            "X-MinLimit-Remaining": str(max(0, self.limits["minute"] - minute)),
            "X-AppMinLimit-Remaining": str(max(0, self.limits["app_minute"] - app)),
        }

    @contextmanager
    def call(self, tenant, method, path):
        """Admit one call (counted at once, so parallel calls cannot overshoot) and hold one of
        the tenant's concurrent slots while it runs; yields the call's log id. Over a limit:
        RateLimited (logged, not counted)."""
        now = self.store.now()
        with self._lock:
            problem = retry = None
            if self._active.get(tenant, 0) >= self.limits["concurrent"]:
                problem, retry = "concurrent", 1
            else:
                for name, seconds, scope in (("day", DAY, tenant), ("minute", MINUTE, tenant),
                                             ("appminute", MINUTE, None)):
                    limit = self.limits["app_minute" if name == "appminute" else name]
                    count, wait = self._window(scope, seconds, now)
                    if count >= limit:
                        problem, retry = name, max(1, math.ceil(wait))
                        break
            if problem:
                self.store.execute("INSERT INTO calls (ts, tenant, method, path, status, problem) "
                                   "VALUES (?, ?, ?, ?, 429, ?)", (now, tenant, method, path, problem))
                raise RateLimited(problem, retry, self.headers(tenant, now))
            seq = self.store.execute("INSERT INTO calls (ts, tenant, method, path, status, counted) "
                                     "VALUES (?, ?, ?, ?, 0, 1)", (now, tenant, method, path)).lastrowid
            self._active[tenant] = self._active.get(tenant, 0) + 1
        try:
            yield seq
        finally:
            with self._lock:
                self._active[tenant] -= 1
