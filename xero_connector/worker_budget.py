"""How long a runner may work in one call without Odoo's prefork limits killing its worker.

    deadline = run_deadline(TIME_BUDGET)     # a monotonic time; work stops starting pages at it

With `--workers` > 0 Odoo runs scheduled actions in cron worker processes, each loop of which
(every scheduled action ready at that moment, each called up to ten times while it reports work
left) must end within `limit_time_cpu` seconds of CPU (RLIMIT_CPU, set at the loop's start:
SIGXCPU past it) and `limit_time_real_cron` seconds of real time (`limit_time_real` when it is
-1, none when 0: the master kills the worker past it). A runner working TIME_BUDGET (240 s) a
call, ten calls in a row, was killed at the firm's size (benchmarks/firm.sh: one worker killed
after the hour its limits allowed; with Odoo's defaults, 60 s CPU and 120 s real, every long
first sync would be). Its job then continues from its last committed page, but the killed
worker's page is done twice and the job says the server stopped. So the runner stops starting
work when half the loop's CPU or real time is spent, and tells Odoo nothing is left (its
trigger brings it back at the next loop, whose limits start afresh).

In the threaded server (`--workers=0`), a test or a shell, no such limit applies: TIME_BUDGET.
"""

import resource
import time

import psutil
from odoo.tools import config

SHARE = 0.5  # of a loop's limits a runner may use: Odoo's own actions and the page under way take the rest
HARD_SHARE = 0.85  # of a loop's limits a page under way may reach before it stops between two slices
_loop_seen = {}  # RLIMIT_CPU soft limit of a worker loop -> when that loop began, at the earliest
_returned = [None]  # when this process's work for its last loop ended (monotonic)


def prefork():
    return bool(config.get("workers"))


def real_limit():
    """Seconds of real time a cron worker's loop may last, or None."""
    cron = config.get("limit_time_real_cron")
    if cron == -1 or cron is None:
        cron = config.get("limit_time_real")
    return cron or None


def cpu_left():
    """CPU seconds before this worker loop's RLIMIT_CPU, or None when there is none."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_CPU)
    if soft == resource.RLIM_INFINITY:
        return None
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return soft - (usage.ru_utime + usage.ru_stime)


def loop_started():
    """When this worker loop began, as early as it can have. A loop starts with Odoo's sleep (up
    to SLEEP_INTERVAL + 9 s, cut short by a trigger) and its real-time limit counts from there, so
    the first time this process sees the loop's new CPU limit can be a minute after its start.
    The loop began no earlier than this process, nor than the end of this process's work in the
    loop before (`returned`), and no later than the first sight of its limit."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_CPU)
    if soft not in _loop_seen:
        _loop_seen.clear()
        now = time.monotonic()
        started = now - max(0.0, time.time() - psutil.Process().create_time())
        _loop_seen[soft] = min(now, max(started, _returned[0] or started))
    return _loop_seen[soft]


def returned():
    """This process's work for its loop is done (a runner hands back to Odoo's loop): the next loop
    starts after it."""
    _returned[0] = time.monotonic()


def run_deadline(budget):
    """The monotonic time a runner's call stops starting work: `budget` seconds from now, or
    sooner in a cron worker process so the loop ends within Odoo's limits."""
    now = time.monotonic()
    deadline = now + budget
    if not prefork():
        return deadline
    limit = real_limit()
    if limit:
        deadline = min(deadline, loop_started() + limit * SHARE)
    left = cpu_left()
    if left is not None:  # CPU never runs faster than real time: this many seconds at most
        limit_cpu = config.get("limit_time_cpu") or left
        deadline = min(deadline, now + max(0.0, left - limit_cpu * (1 - SHARE)))
    return deadline


def loop_spent(deadline):
    """True when a call stopped for the loop's limits (not for its own budget) and should hand
    the rest to the next loop."""
    return prefork() and time.monotonic() >= deadline


def room_for(seconds):
    """May work of about `seconds` more go on now without nearing this worker loop's limits?
    Where a page under way may go past its turn's deadline: it stops between two of its slices
    only when the next would come near the limits themselves (HARD_SHARE of them). Outside a
    prefork cron worker there are none.

        if time.monotonic() > deadline and not room_for(last_slice_seconds * 1.5): stop here
    """
    if not prefork():
        return True
    now = time.monotonic()
    limit = real_limit()
    if limit and now + seconds > loop_started() + limit * HARD_SHARE:
        return False
    left = cpu_left()
    limit_cpu = config.get("limit_time_cpu")
    return left is None or not limit_cpu or seconds <= left - limit_cpu * (1 - HARD_SHARE)
