import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xero_client import MemoryGovernor, NullGovernor, XeroRateLimitError

TENANT = "t1"


class FakeTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []
        self.lock = threading.Lock()

    def clock(self):
        return self.now

    def sleep(self, seconds):
        with self.lock:
            self.slept.append(seconds)
            self.now += seconds


def test_null_governor():
    gov = NullGovernor()
    with gov.acquire(TENANT):
        gov.observe(TENANT, {"X-MinLimit-Remaining": "0"})
        gov.backoff(TENANT, 10, "minute")


def test_at_most_five_concurrent_under_threads():
    gov = MemoryGovernor(concurrent=5, minute=10_000, day=100_000)
    active, peak, lock = [0], [0], threading.Lock()

    def call():
        with gov.acquire(TENANT):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.01)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=call) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert peak[0] == 5
    assert gov.usage(TENANT) == {"active": 0, "minute": 30, "day": 30}


def test_tenants_do_not_share_slots():
    gov = MemoryGovernor(concurrent=1)
    with gov.acquire("a"), gov.acquire("b"):
        assert gov.usage("a")["active"] == gov.usage("b")["active"] == 1


def test_minute_budget_waits_without_real_sleep():
    ft = FakeTime()
    gov = MemoryGovernor(minute=60, clock=ft.clock, sleep=ft.sleep)
    for _ in range(60):
        with gov.acquire(TENANT):
            pass
        ft.now += 0.5  # 60 calls over 30 seconds
    assert ft.slept == []
    with gov.acquire(TENANT):  # the 61st waits until the first call is a minute old
        pass
    assert ft.slept == [pytest.approx(30.0)]
    assert gov.usage(TENANT)["minute"] == 60


def test_observe_aligns_with_xero_counts():
    ft = FakeTime()
    gov = MemoryGovernor(minute=60, clock=ft.clock, sleep=ft.sleep)
    gov.observe(TENANT, {"X-MinLimit-Remaining": "0", "X-DayLimit-Remaining": "4000"})
    assert gov.usage(TENANT) == {"active": 0, "minute": 60, "day": 1000}
    with gov.acquire(TENANT):
        pass
    assert ft.slept == [pytest.approx(60.0)]


def test_backoff_blocks_the_tenant_then_app_minute_blocks_all():
    ft = FakeTime()
    gov = MemoryGovernor(clock=ft.clock, sleep=ft.sleep)
    gov.backoff(TENANT, 7, "minute")
    with gov.acquire("other"):
        pass
    assert ft.slept == []
    with gov.acquire(TENANT):
        pass
    assert ft.slept == [7]
    gov.backoff(TENANT, 3, "appminute")
    with gov.acquire("other"):
        pass
    assert ft.slept == [7, 3]


def test_day_budget_raises_and_long_waits_refused():
    ft = FakeTime()
    gov = MemoryGovernor(day=2, clock=ft.clock, sleep=ft.sleep)
    for _ in range(2):
        with gov.acquire(TENANT):
            pass
    with pytest.raises(XeroRateLimitError) as info, gov.acquire(TENANT):
        pass
    assert info.value.problem == "daily" and info.value.retry_after == pytest.approx(86400)
    gov2 = MemoryGovernor(max_wait=5, clock=ft.clock, sleep=ft.sleep)
    gov2.backoff(TENANT, 60, "minute")
    with pytest.raises(XeroRateLimitError) as info, gov2.acquire(TENANT):
        pass
    assert info.value.problem == "governor"


def test_slot_released_on_error():
    gov = MemoryGovernor(concurrent=1)
    with pytest.raises(RuntimeError), gov.acquire(TENANT):
        raise RuntimeError("boom")
    assert gov.usage(TENANT)["active"] == 0


def test_the_minimum_time_of_a_run_follows_the_rolling_windows():
    from xero_client.governor import minimum_seconds

    assert minimum_seconds(0) == 0.0
    assert minimum_seconds(60) == 0.0  # a whole window goes at once
    assert minimum_seconds(61) == 60.0
    assert minimum_seconds(204) == 180.0  # the 10,000-invoice publish: 1.18x at 213 s, not 1.05x
    assert minimum_seconds(5001) == 86400.0  # the day's budget binds first
    # 200 organisations of 60 calls: the app's 10,000 a minute holds the second minute back
    assert minimum_seconds(60, organisations=200) == 60.0


@given(st.integers(1, 20000), st.integers(1, 300))
def test_the_minimum_time_grows_in_whole_windows_and_never_shrinks(calls, organisations):
    from xero_client.governor import minimum_seconds

    seconds = minimum_seconds(calls, organisations=organisations)
    assert seconds % 60 == 0
    assert seconds <= minimum_seconds(calls + 1, organisations=organisations)
    assert seconds <= minimum_seconds(calls, organisations=organisations + 1)
    if seconds < 86400:  # within a day: one window fewer would not carry them
        per_window = min(60, 10000 / organisations)
        assert (seconds / 60 + 1) * per_window >= calls > (seconds / 60) * per_window
