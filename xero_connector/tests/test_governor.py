import threading
import time

from odoo.tests import TransactionCase, tagged

from ..models.xero_rate_limit import APP_ROW, PgGovernor
from ..xero_client.errors import XeroRateLimitError


@tagged("post_install", "-at_install")
class TestPgGovernor(TransactionCase):
    """Xero's limits shared through PostgreSQL, by threads that each use their own cursors."""

    def setUp(self):
        super().setUp()
        self.tenant = f"t-gov-{id(self)}"
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM xero_rate_limit WHERE tenant_id = %s", [self.tenant])
            cr.execute("DELETE FROM xero_rate_slot WHERE tenant_id = %s", [self.tenant])

    def test_never_more_than_five_at_once(self):
        governor = PgGovernor(self.registry, minute=1000, day=5000, concurrent=5)
        lock, state = threading.Lock(), {"now": 0, "max": 0, "errors": []}

        def call():
            try:
                with governor.acquire(self.tenant):
                    with lock:
                        state["now"] += 1
                        state["max"] = max(state["max"], state["now"])
                    time.sleep(0.2)
                    with lock:
                        state["now"] -= 1
            except Exception as exc:  # noqa: BLE001 (reported below)
                state["errors"].append(exc)

        threads = [threading.Thread(target=call) for _i in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertEqual(state["errors"], [])
        self.assertEqual(state["max"], 5)

    def test_minute_budget_and_retry_after(self):
        waits = []
        governor = PgGovernor(self.registry, minute=3, day=5000, max_wait=0.5, sleep=waits.append)
        for _i in range(3):
            with governor.acquire(self.tenant):
                pass
        with self.assertRaises(XeroRateLimitError), governor.acquire(self.tenant):
            pass
        # a second worker (another governor object) sees the same budget
        other = PgGovernor(self.registry, minute=3, day=5000, max_wait=0.5, sleep=waits.append)
        with self.assertRaises(XeroRateLimitError), other.acquire(self.tenant):
            pass

    def test_headers_and_backoff_are_shared(self):
        governor = PgGovernor(self.registry, minute=60, day=5000, max_wait=0.1, sleep=lambda s: None)
        with governor.acquire(self.tenant):
            pass
        governor.observe(self.tenant, {"X-MinLimit-Remaining": "0", "X-DayLimit-Remaining": "4000"})
        with self.assertRaises(XeroRateLimitError), governor.acquire(self.tenant):
            pass
        self._cleanup()
        governor.backoff(self.tenant, 30, "minute")
        blocked = PgGovernor(self.registry, max_wait=1, sleep=lambda s: None)
        with self.assertRaises(XeroRateLimitError), blocked.acquire(self.tenant):
            pass

    def test_app_minute_holds_every_organisation(self):
        """Xero's minute limit across the whole app (429 "appminute", or X-AppMinLimit-Remaining
        at 0) holds the calls of every organisation, in every worker, not only the one answered."""
        other = f"{self.tenant}-other"
        self.addCleanup(self._cleanup_rows, other, APP_ROW)
        governor = PgGovernor(self.registry, max_wait=0.1, sleep=lambda s: None)
        with governor.acquire(other):  # before: the other organisation calls freely
            pass
        governor.backoff(self.tenant, 30, "appminute")
        second_worker = PgGovernor(self.registry, max_wait=1, sleep=lambda s: None)
        with self.assertRaises(XeroRateLimitError), second_worker.acquire(other):
            pass
        self._cleanup_rows(APP_ROW)
        governor.observe(self.tenant, {"X-AppMinLimit-Remaining": "0", "X-MinLimit-Remaining": "50"})
        with self.assertRaises(XeroRateLimitError), second_worker.acquire(other):
            pass

    def _cleanup_rows(self, *tenants):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM xero_rate_limit WHERE tenant_id = ANY(%s)", [list(tenants)])
            cr.execute("DELETE FROM xero_rate_slot WHERE tenant_id = ANY(%s)", [list(tenants)])

    def _set_minute_calls(self, *ages):
        """The tenant's minute window as if calls had been made `ages` seconds ago."""
        with self.registry.cursor() as cr:
            cr.execute("SELECT extract(epoch FROM clock_timestamp())")
            now = float(cr.fetchone()[0])
            cr.execute("UPDATE xero_rate_limit SET minute_calls = %s WHERE tenant_id = %s",
                       [" ".join(f"{now - age:.3f}" for age in ages), self.tenant])

    def test_minute_window_rolls_as_xeros(self):
        """Calls made late in one minute still count early in the next, as Xero counts them: a
        fixed window would let 3 more through at once, which Xero answers with 429."""
        governor = PgGovernor(self.registry, minute=3, day=5000, max_wait=0.5, sleep=lambda s: None)
        with governor.acquire(self.tenant):
            pass
        self._set_minute_calls(45, 40, 35)
        with self.assertRaises(XeroRateLimitError) as caught, governor.acquire(self.tenant):
            pass
        # the oldest of the three leaves the window (60 s, plus a second's margin) in 16 s
        self.assertAlmostEqual(caught.exception.retry_after, 16, delta=1.5)
        self._set_minute_calls(75, 62, 40)  # two have left the window
        for _i in range(2):
            with governor.acquire(self.tenant):
                pass
        with self.assertRaises(XeroRateLimitError), governor.acquire(self.tenant):
            pass
