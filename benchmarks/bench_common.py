"""What the benchmarks run inside Odoo (benchmark.py, bench_publish.py) share: the sandbox's admin
API and call log, Xero's floor in words, the process's peak memory, a job run to its end, and the
time Odoo waits for Xero's answers.

    used = calls(tenant_id, mark)                          # the sandbox's log of calls after `mark`
    print(floor_words(minimum_seconds(len(used)), len(used), elapsed))
"""

import contextlib
import cProfile
import json
import os
import pstats
import resource
import time
import urllib.request

import requests
from odoo.addons.xero_connector.sync.publish.batch import BatchExporter

SANDBOX = os.environ["XERO_BENCH_SANDBOX"]


def admin(method, path, body=None):
    request = urllib.request.Request(  # noqa: S310 (the local sandbox)
        SANDBOX + path, method=method, data=json.dumps(body or {}).encode() if method != "GET" else None,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as reply:  # noqa: S310 (the local sandbox)
        return json.load(reply)


def floor_words(floor, calls, elapsed):
    """The least time Xero's limits allow for the calls, and the run against it."""
    if not floor:
        return f"floor 0 s for {calls} calls (one minute's budget goes at once): wall time {elapsed:.1f} s"
    return f"floor {floor:.0f} s for {calls} calls: wall time {elapsed / floor:.2f}x the floor"


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_job(conn, kind):
    env = conn.env
    job = env["xero.sync.job"]._enqueue(conn, kind, "manual")
    while job.state in ("queued", "running"):
        env["xero.sync.job"]._run_next(conn)
    env.cr.commit()
    return job


def calls(tenant_id, after):
    return admin("GET", f"/__sandbox__/calls?tenant={tenant_id}&after={after}")


@contextlib.contextmanager
def waiting_for_xero():
    """[seconds] Odoo waited for Xero's answer to a batch; the rest of the run is Odoo's work.
    Its .replies: each HTTP exchange's time, from sending to Xero's answer read (the governor's wait
    apart)."""
    waited = Waited([0.0])
    plain_wait, send = BatchExporter._wait, requests.Session.request

    def timed_send(client, *args, **kwargs):
        start = time.perf_counter()
        try:
            return send(client, *args, **kwargs)
        finally:
            waited.replies.append(time.perf_counter() - start)

    def timed_wait(exporter, call):
        start = time.perf_counter()
        try:
            return plain_wait(exporter, call)
        finally:
            waited[0] += time.perf_counter() - start

    BatchExporter._wait, requests.Session.request = timed_wait, timed_send
    try:
        yield waited
    finally:
        BatchExporter._wait, requests.Session.request = plain_wait, send


class Waited(list):
    replies = ()

    def __init__(self, *args):
        super().__init__(*args)
        self.replies = []

    def reply_words(self):
        """Xero's reply time per call; the first and last 20 calls apart (a slower end is Xero's
        side growing with the organisation's documents)."""
        replies = sorted(self.replies)
        if not replies:
            return "no API call"
        first, last = self.replies[:20], self.replies[-20:]
        return (f"Xero's reply {sum(replies) / len(replies):.2f} s a call on average (median "
                f"{replies[len(replies) // 2]:.2f} s, slowest {replies[-1]:.2f} s; first 20 calls "
                f"{sum(first) / len(first):.2f} s, last 20 {sum(last) / len(last):.2f} s)")


@contextlib.contextmanager
def profiled(variable="XERO_BENCH_PROFILE", lines=40):
    """Where the time goes, for whoever makes it faster: the block under cProfile when `variable` is
    set in the environment, its `lines` costliest calls (cumulative) printed when it ends."""
    profile = cProfile.Profile() if os.environ.get(variable) else None
    if profile:
        profile.enable()
    try:
        yield
    finally:
        if profile:
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(lines)
