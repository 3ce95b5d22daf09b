import threading
import time

import pytest

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
