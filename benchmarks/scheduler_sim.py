"""The scheduler's own cost with many organisations (issue 30): runs inside `odoo-bin shell`,
driven by benchmarks/scheduler_sim.sh. Prints figures, never pass/fail.

For each size (XERO_SIM_SIZES, default 200,1000,10000) it creates that many connected
organisations (no Xero: a job's body is stubbed to "nothing new", so only the scheduling is
measured), puts them in the steady state of a quiet firm (each organisation's last scheduled
check spread over the past hour, quiet for two runs: it checks every 60 minutes) and then plays
XERO_SIM_MINUTES minutes (default 15) of Odoo's scheduler: each minute the clock moves on (every
date the scheduler looks at is moved one minute back) and XERO_SIM_THREADS cron threads
(default 2, Odoo's default max_cron_threads) each poll once, as Odoo's cron threads do every
minute (`ir.cron._process_jobs`). Whatever design the addon has is measured: one scheduled
action per organisation (before issue 30) or the pool of runners.

Per simulated minute it prints: scheduled actions run, organisations checked (a scheduled job
queued), queries made by the cron threads and their time in PostgreSQL, the cron threads' CPU,
the time Odoo's scheduler spent finding due work (`_get_all_ready_jobs`, `_acquire_one_job`,
plus the runners' own pick when there are runners), the wall time of the minute's polls
(over 60 s: the scheduler cannot keep up), rows added to ir_cron_progress; and the dispatch
latency: how late an organisation's check started after it was due (its last check plus its
quiet interval), median, 95th percentile and maximum.
"""

import os
import statistics
import threading
import time
from datetime import datetime

import odoo
from odoo.addons.xero_connector.models.xero_sync_job import XeroSyncJob

SIZES = [int(n) for n in os.environ.get("XERO_SIM_SIZES", "200,1000,10000").split(",")]
MINUTES = int(os.environ.get("XERO_SIM_MINUTES", "15"))
THREADS = int(os.environ.get("XERO_SIM_THREADS", "2"))
QUIET_INTERVAL = 60  # minutes: 15 doubled by two quiet runs (QUIET_MAX_MINUTES without webhooks)
env = env  # noqa: F821,PLW0127 (provided by odoo-bin shell)
cr = env.cr
DB = cr.dbname
Cron = env.registry["ir.cron"]
RUNNERS = env.ref("xero_connector.ir_cron_xero_runner_1", raise_if_not_found=False)
DESIGN = "runner pool" if RUNNERS else "one scheduled action per organisation"

# --------------------------------------------------------------- measuring
stats = threading.local()
lock = threading.Lock()
minute = {}


def add(key, value):
    with lock:
        minute[key] = minute.get(key, 0) + value


def timed(owner, name, key, classmethod_=False):
    """Wrap owner.name to add its wall time (and calls) to the minute's `key`."""
    original = getattr(owner, name)
    func = original.__func__ if classmethod_ else original

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            add(key, time.perf_counter() - start)
            add(key + "_n", 1)
    setattr(owner, name, classmethod(wrapper) if classmethod_ else wrapper)


timed(Cron, "_get_all_ready_jobs", "find", classmethod_=True)
timed(Cron, "_acquire_one_job", "acquire", classmethod_=True)
timed(Cron, "_callback", "callback")
try:
    from odoo.addons.xero_connector.models.xero_sync_dispatch import XeroSyncDispatch
except ImportError:  # before issue 30: no runners
    XeroSyncDispatch = None
if XeroSyncDispatch:
    timed(XeroSyncDispatch, "_pick_due", "pick")
    timed(XeroSyncDispatch, "_serve", "serve")

checked = {}  # connection id -> wall moment (UTC) its scheduled job was queued
_enqueue = XeroSyncJob._enqueue


def enqueue(self, connection, kind="full", trigger="manual", only_ids=None, **extra):
    if trigger == "schedule":
        with lock:
            checked.setdefault(connection.id, datetime.utcnow())
    return _enqueue(self, connection, kind, trigger, only_ids, **extra)


XeroSyncJob._enqueue = enqueue
_cron_process = getattr(XeroSyncJob, "_cron_process", None)


def cron_process(self, connection_id):
    add("dispatched", 1)
    return _cron_process(self, connection_id)


if not XeroSyncDispatch:
    XeroSyncJob._cron_process = cron_process


def stub_run(self, deadline):
    """The job's body stubbed: Xero had nothing new (the quiet backoff then holds)."""
    now = datetime.utcnow()
    self.write({"state": "done", "started_at": now, "finished_at": now, "quiet": True})
    self.connection_id._sync_succeeded(self)


XeroSyncJob._run = stub_run


def cron_thread():
    """One poll of one Odoo cron thread, its queries and CPU counted."""
    me = threading.current_thread()
    me.query_count, me.query_time = 0, 0.0
    cpu = time.thread_time()
    Cron._process_jobs(DB)
    add("queries", me.query_count)
    add("query_time", me.query_time)
    add("cpu", time.thread_time() - cpu)


# --------------------------------------------------------------- the firm
def sql(query, params=None):
    cr.execute(query, params)


def setup(size):
    """`size` connected organisations in a quiet steady state, and only Xero's scheduled
    actions active (Odoo's own would blur the figures)."""
    sql("DELETE FROM xero_sync_job")
    conns = env["xero.connection"].with_context(active_test=False).search([])
    if "cron_id" in conns._fields:
        conns.cron_id.unlink()
    conns.unlink()
    sql("DELETE FROM ir_cron_trigger")
    sql("DELETE FROM ir_cron_progress")
    sql("UPDATE ir_cron SET active = false WHERE id NOT IN (SELECT c.id FROM ir_cron c JOIN ir_act_server a "
        "ON a.id = c.ir_actions_server_id WHERE a.code = 'model._cron_run_due()')")
    Conn = env["xero.connection"].with_context(tracking_disable=True, mail_create_nolog=True)
    start = time.perf_counter()
    conns = Conn.browse()
    for first in range(0, size, 500):
        conns |= Conn.create([{"name": f"Client {n:05d}", "tenant_id": f"sim-{n:05d}", "state": "active",
                               "quiet_runs": 2} for n in range(first, min(size, first + 500))])
    conns._sync_cron()
    env["xero.sync.job"].create([{"connection_id": c.id, "kind": "changes", "trigger": "schedule",
                                   "state": "done", "quiet": True} for c in conns])
    env.flush_all()
    # the last check of each organisation spread over the past hour; its action spread likewise
    spread = "(SELECT id, (row_number() OVER (ORDER BY id) - 1)::float / count(*) OVER () AS f FROM xero_connection)"
    sql(f"""UPDATE xero_sync_job j SET create_date = now() at time zone 'UTC' - s.f * interval '1 hour'
            FROM {spread} s WHERE s.id = j.connection_id""")
    sql("UPDATE xero_connection SET last_checked = now() at time zone 'UTC'")
    if "cron_id" in conns._fields:
        # each action ran when it queued the last check, and every 15 minutes since
        sql("""UPDATE ir_cron r SET nextcall = j.create_date + ceil(extract(epoch FROM
                      (now() at time zone 'UTC' - j.create_date)) / 900) * interval '900 seconds'
               FROM xero_connection c JOIN xero_sync_job j ON j.connection_id = c.id
               WHERE c.cron_id = r.id""")
    if "next_check" in conns._fields:
        sql("""UPDATE xero_connection c SET next_check = j.create_date + %s * interval '1 minute'
               FROM xero_sync_job j WHERE j.connection_id = c.id""", (QUIET_INTERVAL - 1,))
    env.invalidate_all()
    cr.commit()
    return conns, time.perf_counter() - start


def age(seconds=60):
    """Time passes: every date the scheduler compares with now moves back."""
    delta = f"{seconds} seconds"
    sql("UPDATE ir_cron SET nextcall = nextcall - %s::interval WHERE active", (delta,))
    sql("UPDATE ir_cron_trigger SET call_at = call_at - %s::interval", (delta,))
    sql("UPDATE xero_sync_job SET create_date = create_date - %s::interval, "
        "write_date = write_date - %s::interval, not_before = not_before - %s::interval", (delta,) * 3)
    sql("UPDATE xero_connection SET last_checked = last_checked - %s::interval", (delta,))
    if "next_check" in env["xero.connection"]._fields:
        sql("UPDATE xero_connection SET next_check = next_check - %s::interval", (delta,))
    cr.commit()


def due_moments():
    """When each organisation's next check became (or becomes) due: its last scheduled check
    plus its quiet interval."""
    sql("""SELECT c.id, max(j.create_date) + (LEAST(GREATEST(c.sync_interval * power(2, LEAST(c.quiet_runs, 8)),
                   c.sync_interval), %s)) * interval '1 minute'
           FROM xero_connection c JOIN xero_sync_job j ON j.connection_id = c.id AND j.trigger = 'schedule'
           GROUP BY c.id""", (QUIET_INTERVAL,))
    return dict(cr.fetchall())


def play(size):
    conns, setup_s = setup(size)
    sql("SELECT count(*) FROM ir_cron WHERE active")
    crons = cr.fetchone()[0]
    print(f"\n== {size} organisations, {DESIGN}: {crons} active scheduled actions, "
          f"{THREADS} cron threads; setup {setup_s:.0f} s")
    rows, late, pending = [], [], {}
    for _m in range(MINUTES):
        age()
        due = due_moments()
        now = datetime.utcnow()
        pending = {cid: at for cid, at in due.items() if at <= now}
        minute.clear()
        checked.clear()
        sql("SELECT count(*) FROM ir_cron_progress")
        progress_before = cr.fetchone()[0]
        cr.commit()
        start = time.perf_counter()
        threads = [threading.Thread(target=cron_thread, name=f"odoo.service.cron.cron{i}") for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        cr.commit()
        sql("SELECT count(*) FROM ir_cron_progress")
        progress = cr.fetchone()[0] - progress_before
        for cid, at in checked.items():  # a check a little before its due moment counts as on time
            if cid in due:
                late.append(max(0.0, (at - due[cid]).total_seconds()))
        rows.append({**minute, "wall": wall, "checked": len(checked), "due": len(pending), "progress": progress})
    waiting = sum(1 for cid in pending if cid not in checked)

    def avg(key):
        return sum(r.get(key, 0) for r in rows) / len(rows)

    def mx(key):
        return max(r.get(key, 0) for r in rows)

    find = avg("find") + avg("acquire") + avg("pick")
    print(f"  per minute (mean over {MINUTES}; max in brackets):")
    print(f"    scheduled actions run      {avg('callback_n'):8.1f}  ({mx('callback_n'):.0f})")
    served = "serve_n" if XeroSyncDispatch else "dispatched"
    print(f"    organisations looked at    {avg(served):8.1f}  ({mx(served):.0f})")
    print(f"    organisations due          {avg('due'):8.1f}  ({mx('due'):.0f})")
    print(f"    organisations checked      {avg('checked'):8.1f}  ({mx('checked'):.0f})")
    print(f"    queries (cron threads)     {avg('queries'):8.0f}  ({mx('queries'):.0f}), "
          f"{avg('query_time'):.2f} s in PostgreSQL")
    print(f"    CPU of the cron threads    {avg('cpu'):8.2f} s  ({mx('cpu'):.2f} s)")
    print(f"    finding due work           {find:8.3f} s  (find {avg('find_n'):.0f}x {avg('find'):.3f} s, "
          f"acquire {avg('acquire_n'):.0f}x {avg('acquire'):.3f} s, pick {avg('pick_n'):.0f}x {avg('pick'):.3f} s)")
    print(f"    wall time of the polls     {avg('wall'):8.2f} s  ({mx('wall'):.2f} s; over 60 s cannot keep up)")
    print(f"    ir_cron_progress rows      {avg('progress'):8.1f}  (a week kept: {avg('progress') * 60 * 24 * 7:,.0f})")
    if avg("checked"):
        print(f"  per organisation checked: {avg('queries') / avg('checked'):.0f} queries, "
              f"{1000 * avg('cpu') / avg('checked'):.0f} ms CPU of the cron threads (job body stubbed)")
    if avg("wall") > 6:  # the clock does not stop while the threads poll: a slow minute lasts longer
        print(f"  note: a simulated minute lasted 60 s + {avg('wall'):.0f} s of polling on average; "
              "the figures above are per simulated minute so counted")
    if late:
        late.sort()
        p95 = late[min(len(late) - 1, int(len(late) * 0.95))]
        print(f"  dispatch latency (check started after due), {len(late)} checks: median "
              f"{statistics.median(late):.1f} s, p95 {p95:.1f} s, max {late[-1]:.1f} s; "
              f"due but not started at the end: {waiting}")
    return rows


print(f"scheduler simulation: {DESIGN}; sizes {SIZES}, {MINUTES} minutes each, {THREADS} cron threads, "
      f"odoo {odoo.release.version}")
for n in SIZES:
    play(n)
