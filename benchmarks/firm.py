"""The firm at size (issue 30), run by benchmarks/firm.sh: figures, never pass/fail.

1. The Xero sandbox seeded with --orgs client organisations of --invoices invoices each (plus
   their lists, contacts and items; benchmarks/firm_seed.py) and one more, "solo".
2. The yardstick: solo connected alone and synced by one server with ONE cron thread.
3. The firm: the clients connected in one consent (--consent all, Xero's Advanced tier) or one
   consent each (--consent one, below Advanced), through Odoo's own consent pages (an HTTP-only
   server, no cron); every first sync queued at once with the connections' own Sync Now
   (xero.connection.action_sync_now); then TWO Odoo servers started on the one database (hosts
   A and B, each --workers/--cron-threads) and watched until every job is done. Printed: wall
   time, invoices/s in aggregate against the yardstick, API calls / 429s / egress bytes per
   organisation, the wait before each organisation's first job started, duplicates, CPU and
   peak memory per process, the sandbox's app-wide calls per minute at peak.
   --kill: host B is SIGKILLed (every process of it) once --kill-at of the organisations are
   done; its jobs must resume on A: nothing lost, nothing twice, no job left running.
4. The servers idle for --idle seconds with N schedules: their CPU and PostgreSQL transactions.
5. Steady state (benchmarks/firm_odoo.py, FIRM_ROLE=steady): a simulated day on --steady-orgs
   organisations, nothing changing, then 1% of each one's invoices changed; both again with
   Xero's webhooks delivering each change to Odoo.
6. The firm's dashboard (Xero > Organisations) in headless Chromium: load time, paging,
   grouping, search.
"""

import argparse
import configparser
import json
import os
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psutil
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import firm_dashboard  # noqa: E402
from odoo_web import OdooWeb  # noqa: E402

PY = sys.executable
ODOO_BIN = os.environ.get("FIRM_ODOO_BIN", "/opt/odoo/odoo-bin")
DB = os.environ.get("FIRM_DB", "")
CONF = os.environ.get("FIRM_CONF", "")
WORK = Path(os.environ.get("FIRM_WORK", "firm-run"))
FINISHED = ("done", "warning", "failed", "interrupted", "cancelled")


def say(text):
    print(text, flush=True)


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds=180):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 (our own servers)
            return True
        except OSError:
            time.sleep(0.5)
    return False


def spread(values, unit=""):
    values = sorted(values)
    if not values:
        return "-"
    return (f"min {values[0]:,.0f}{unit} / median {statistics.median(values):,.0f}{unit} / "
            f"max {values[-1]:,.0f}{unit}")


class Proc:
    """A process group we started (a server with its workers, or the sandbox), watched with psutil."""

    def __init__(self, name, cmd, log, env=None):
        self.name, self.log = name, log
        self.popen = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT,  # noqa: SIM115,S603
                                      start_new_session=True, env=env)
        self.cpu, self.peak, self.peak_total, self.pids = {}, {}, 0, set()

    def sample(self):
        try:
            procs = [psutil.Process(self.popen.pid)]
            procs += procs[0].children(recursive=True)
        except psutil.Error:
            return
        total = 0
        for proc in procs:
            try:
                times, rss = proc.cpu_times(), proc.memory_info().rss
            except psutil.Error:
                continue
            self.cpu[proc.pid] = times.user + times.system
            self.peak[proc.pid] = max(self.peak.get(proc.pid, 0), rss)
            total += rss
        self.peak_total = max(self.peak_total, total)

    def cpu_seconds(self):
        return sum(self.cpu.values())

    def kill(self, sig=signal.SIGTERM):
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            return
        if sig != signal.SIGKILL:
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()

    def words(self, wall):
        peak = max(self.peak.values() or [0])
        return (f"{self.name}: CPU {self.cpu_seconds():,.0f} s ({100 * self.cpu_seconds() / max(wall, 1):.0f}% "
                f"of one core over {wall:,.0f} s), {len(self.cpu)} processes, peak RSS of one "
                f"{peak / 2**20:,.0f} MB, of all together {self.peak_total / 2**20:,.0f} MB")


class Firm:
    def __init__(self, args):
        self.args = args
        WORK.mkdir(parents=True, exist_ok=True)
        self.procs = {}
        self.sandbox_db = WORK / "sandbox.sqlite"

    # ------------------------------------------------------------------ plumbing
    def conf(self, name, port):
        parser = configparser.ConfigParser()
        parser.read(CONF)
        parser["options"]["http_port"] = str(port)
        parser["options"]["gevent_port"] = str(free_port())
        path = WORK / f"{name}.conf"
        with open(path, "w") as fh:
            parser.write(fh)
        return path

    def server(self, name, workers, cron_threads):
        port = free_port()
        cmd = [PY, ODOO_BIN, "-c", str(self.conf(name, port)), "-d", DB, "--db-filter", f"^{DB}$",
               f"--workers={workers}", f"--max-cron-threads={cron_threads}", "--log-level=warn"]
        if self.args.limits == "raised":  # Odoo's defaults: 60 s of CPU and 120 s a cron worker's loop
            cmd += ["--limit-time-real=3600", "--limit-time-cpu=3600", "--limit-memory-soft=4294967296",
                    "--limit-memory-hard=5368709120"]
        proc = Proc(name, cmd, WORK / f"{name}.log")
        proc.url = f"http://127.0.0.1:{port}"
        self.procs[name] = proc
        return proc

    def stop(self, name):
        proc = self.procs.pop(name, None)
        if proc:
            proc.kill()

    def shell(self, role, **env):
        run_env = dict(os.environ, FIRM_ROLE=role, FIRM_SANDBOX=self.sandbox_url, **env)
        out = subprocess.run([PY, ODOO_BIN, "shell",  # noqa: S603 (our own commands)
                              "-c", CONF, "-d", DB, "--no-http", "--log-level=warn"],
                             input=(ROOT / "benchmarks/firm_odoo.py").read_text(), text=True, capture_output=True,
                             env=run_env, check=False)
        if out.returncode:
            say(out.stdout[-3000:] + out.stderr[-3000:])
            raise SystemExit(f"odoo shell {role} failed")
        return out.stdout

    def sql(self, query, params=None):
        with psycopg2.connect(dbname=DB) as cnx, cnx.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else None

    def sandbox(self, method, path, body=None):
        request = urllib.request.Request(  # noqa: S310 (the local sandbox)
            self.sandbox_url + path, method=method, data=json.dumps(body or {}).encode() if method != "GET" else None,
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=300) as reply:  # noqa: S310 (the local sandbox)
            return json.load(reply)

    def calls_after(self, mark):
        return self.sandbox("GET", f"/__sandbox__/calls?after={mark}")

    def last_call(self):
        calls = self.calls_after(0)
        return calls[-1]["seq"] if calls else 0

    def sample_all(self):
        for proc in self.procs.values():
            proc.sample()

    # ------------------------------------------------------------------ the run
    def run(self):
        args = self.args
        t = time.time()
        seeded = json.loads(subprocess.run([PY, str(ROOT / "benchmarks/firm_seed.py"),  # noqa: S603
                                             str(self.sandbox_db),
                                            str(args.orgs), str(args.invoices)], capture_output=True, text=True,
                                           check=True).stdout)
        self.clients, self.solo = seeded["clients"], seeded["solo"]
        say(f"seeded {args.orgs} organisations of {args.invoices} generated invoices each (+18 documents, "
            f"32 contacts, {20} items, Xero's AU lists) and a solo one in {time.time() - t:.0f} s")
        sport = free_port()
        self.sandbox_url = f"http://127.0.0.1:{sport}"
        self.procs["sandbox"] = Proc("sandbox", [PY, "-m", "xero_sandbox", "serve", "--db", str(self.sandbox_db),
                                                 "--port", str(sport), "--quiet"], WORK / "sandbox.log")
        if not wait_http(self.sandbox_url + "/", 120):
            raise SystemExit("the sandbox did not start")
        limits = self.sandbox("GET", "/__sandbox__/limits")
        say(f"sandbox limits: {limits}")
        s0 = self.server("S0", 0, 0)
        out = self.shell("setup", FIRM_ODOO_URL=s0.url, FIRM_TIER="advanced" if args.consent == "all" else "core",
                         FIRM_COMPANIES=str(args.companies))
        self.companies = json.loads(next(ln for ln in out.splitlines() if ln.startswith("COMPANIES "))[10:])
        if not wait_http(s0.url + "/web/login", 300):
            raise SystemExit("Odoo (S0) did not start")
        self.web = OdooWeb(s0.url, DB, "admin", "admin")
        try:
            if args.connect_only:
                self.firm()
                return
            self.yardstick()
            self.firm()
            self.idle()
            self.steady()
            self.dashboard()
        finally:
            for name in list(self.procs):
                self.stop(name)

    def consent(self, tenant_ids):
        action = self.web.call("xero.connection", "action_connect", company_mode="current")
        page = self.web.consent(action["url"], tenant_ids=tenant_ids)
        if 'data-ok="1"' not in page.text:
            raise SystemExit(f"consent failed: {page.text[:1500]}")

    def conn_ids(self, tenants):
        rows = self.sql("SELECT id FROM xero_connection WHERE tenant_id = ANY(%s) ORDER BY id", [list(tenants)])
        return [r[0] for r in rows]

    def yardstick(self):
        """Solo, alone, one cron thread: the first sync's invoices per second."""
        self.consent([self.solo])
        solo_id = self.conn_ids([self.solo])[0]
        self.web.call("xero.connection", "action_sync_now", [solo_id])
        one = self.server("A1", self.args.workers, 1)
        while True:
            time.sleep(2)
            one.sample()
            busy, done = self.sql("SELECT count(*) FILTER (WHERE state IN ('queued', 'running')), "
                                  "count(*) FILTER (WHERE state IN %s) FROM xero_sync_job WHERE connection_id = %s",
                                  [FINISHED, solo_id])[0]
            if done and not busy:
                break
        self.stop("A1")
        (seconds, booked), = self.sql(
            "SELECT extract(epoch FROM max(finished_at) - min(started_at)), "
            "(SELECT count(*) FROM account_move WHERE xero_connection_id = %s AND xero_id IS NOT NULL "
            " AND move_type IN ('out_invoice', 'in_invoice')) FROM xero_sync_job WHERE connection_id = %s",
            [solo_id, solo_id])
        self.solo_rate = booked / float(seconds)
        say(f"yardstick: one organisation, one cron thread: {booked} invoices and bills booked by its first sync "
            f"in {float(seconds):.1f} s = {self.solo_rate:.1f} invoices/s")

    def firm(self):
        args = self.args
        mark = self.last_call()
        first_job = self.sql("SELECT coalesce(max(id), 0) FROM xero_sync_job")[0][0]
        t = time.time()
        if args.consent == "all":
            self.consent(self.clients)
        else:
            for tenant in self.clients:
                self.consent([tenant])
        ids = self.conn_ids(self.clients)
        for k, company in enumerate(self.companies):  # the clients spread over the firm's companies
            self.web.call("xero.connection", "write", ids[k::len(self.companies)], {"company_id": company})
        say(f"connected {len(ids)} organisations in {'one consent' if args.consent == 'all' else f'{len(ids)} consents'}"
            f" in {time.time() - t:.0f} s")
        if args.connect_only:
            active = self.sql("SELECT count(*) FROM xero_connection WHERE id = ANY(%s) AND state = 'active'", [ids])[0][0]
            say(f"connected and active: {active} of {len(self.clients)} organisations; nothing synced (--connect-only)")
            return
        self.web.call("xero.connection", "action_sync_now", ids)
        t0 = time.time()
        hosts = [self.server("A", args.workers, args.cron_threads), self.server("B", args.workers, args.cron_threads)]
        say(f"first syncs queued; hosts A and B started (each --workers={args.workers} "
            f"--max-cron-threads={args.cron_threads}) at t=0; the organisations book into {len(self.companies)} "
            f"Odoo companies")
        self.waits = {"samples": 0, "active": 0, "lock": 0, "queries": {}}
        killed = None
        running_at_kill = []
        while True:
            time.sleep(1)
            self.sample_all()
            self.sample_locks()
            states = dict(self.sql("SELECT state, count(*) FROM xero_sync_job WHERE id > %s AND connection_id = ANY(%s)"
                                   " GROUP BY state", [first_job, ids]))
            done_orgs = self.sql("SELECT count(DISTINCT connection_id) FROM xero_sync_job WHERE id > %s AND "
                                 "connection_id = ANY(%s) AND state IN ('done', 'warning', 'failed')",
                                 [first_job, ids])[0][0]
            if args.kill and not killed and done_orgs >= args.kill_at * len(ids):
                running_at_kill = [r[0] for r in self.sql(
                    "SELECT id FROM xero_sync_job WHERE id > %s AND state = 'running'", [first_job])]
                hosts[1].kill(signal.SIGKILL)
                killed = time.time() - t0
                say(f"t={killed:.0f} s: host B SIGKILLed (all {len(hosts[1].cpu)} of its processes), "
                    f"{done_orgs} organisations done, {len(running_at_kill)} jobs running")
            if done_orgs >= len(ids) and not states.get("queued") and not states.get("running"):
                break
            if time.time() - t0 > args.timeout:
                say(f"TIMEOUT after {args.timeout} s: {states}")
                break
        wall = time.time() - t0
        self.report(ids, first_job, mark, t0, wall, killed, running_at_kill)

    def sample_locks(self):
        """PostgreSQL sessions of the run working, and those waiting for another's lock (what they ran)."""
        rows = self.sql("SELECT wait_event_type, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) FROM pg_stat_activity "
                        "WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid()", [DB])
        self.waits["samples"] += 1
        self.waits["active"] += len(rows)
        for kind, query in rows:
            if kind == "Lock":
                self.waits["lock"] += 1
                self.waits["queries"][query] = self.waits["queries"].get(query, 0) + 1

    def report(self, ids, first_job, mark, t0, wall, killed, running_at_kill):
        args = self.args
        n = len(ids)
        rows = self.sql(
            "SELECT c.id, c.tenant_id, min(j.started_at), max(j.finished_at), sum(j.api_calls), "
            "sum(j.bytes_received), count(j.id) FROM xero_connection c JOIN xero_sync_job j ON j.connection_id = c.id "
            "AND j.id > %s WHERE c.id = ANY(%s) GROUP BY c.id", [first_job, ids])
        start = datetime.fromtimestamp(t0, UTC).replace(tzinfo=None)
        waits = [max((r[2] - start).total_seconds(), 0) for r in rows if r[2]]
        end = max(r[3] for r in rows if r[3])
        wall_db = (end - start).total_seconds()
        booked = self.sql("SELECT count(*) FROM account_move WHERE xero_connection_id = ANY(%s) AND xero_id IS NOT "
                          "NULL AND move_type IN ('out_invoice', 'in_invoice')", [ids])[0][0]
        rate = booked / wall_db
        calls = [c for c in self.calls_after(mark) if c["tenant"] in set(self.clients)]
        per_calls = {t: 0 for t in self.clients}
        per_429 = {t: 0 for t in self.clients}
        for c in calls:
            if c["status"] == 429:
                per_429[c["tenant"]] += 1
            else:
                per_calls[c["tenant"]] += 1
        counted = sorted(c["ts"] for c in self.calls_after(mark) if c["counted"])
        peak, lo = 0, 0
        for hi, ts in enumerate(counted):
            while counted[lo] <= ts - 60:
                lo += 1
            peak = max(peak, hi - lo + 1)
        limits = self.sandbox("GET", "/__sandbox__/limits")
        dup = self.sql("SELECT count(*) FROM (SELECT xero_id FROM account_move WHERE xero_id IS NOT NULL "
                       "GROUP BY xero_id HAVING count(*) > 1) d")[0][0]
        dup_pay = self.sql("SELECT count(*) FROM (SELECT xero_id FROM account_payment WHERE xero_id IS NOT NULL "
                           "GROUP BY xero_id HAVING count(*) > 1) d")[0][0]
        running = self.sql("SELECT count(*) FROM xero_sync_job WHERE state IN ('running', 'queued')")[0][0]
        states = dict(self.sql("SELECT state, count(*) FROM xero_sync_job WHERE id > %s AND connection_id = ANY(%s) "
                               "GROUP BY state", [first_job, ids]))
        lost, kept = self.lost(ids)
        say(f"\n== The firm: {n} organisations x {args.invoices} invoices, consent: {args.consent}, two hosts "
            f"(--workers={args.workers} --max-cron-threads={args.cron_threads} each)"
            + (f", host B SIGKILLed at t={killed:.0f} s" if killed else ""))
        say(f"wall time until every job was done: {wall_db:,.0f} s (watcher: {wall:,.0f} s); jobs: {states}")
        say(f"invoices and bills booked: {booked:,} = {rate:.1f}/s in aggregate; one cron thread on one "
            f"organisation: {self.solo_rate:.1f}/s -> {rate / self.solo_rate:.2f}x (target >= 1.6x)")
        say(f"API calls per organisation: {spread(per_calls.values())}; 429s: {sum(per_429.values())} in all "
            f"({spread(per_429.values())})")
        say(f"egress (bytes received) per organisation: {spread([r[5] or 0 for r in rows], ' B')}")
        median = statistics.median(waits) if waits else 0
        say(f"wait before an organisation's first job started: median {median:,.0f} s, longest {max(waits or [0]):,.0f}"
            f" s ({max(waits or [0]) / median if median else 0:.1f}x the median; target <= 2x); the first "
            f"started at {min(waits or [0]):,.0f} s (the hosts starting)")
        say(f"duplicates (one Xero ID booked twice): {dup} documents, {dup_pay} payments (target 0)")
        say(f"Xero invoices neither booked nor waiting in Pending Items (lost): {lost} (target 0); waiting: {kept}")
        say(f"jobs left running or queued: {running}")
        if killed:
            interrupted = self.sql("SELECT count(*) FROM xero_sync_job WHERE id > %s AND state = 'interrupted'",
                                   [first_job])[0][0]
            resumed = self.sql("SELECT count(*) FROM xero_sync_job WHERE id > %s AND resumed_from_id IS NOT NULL "
                               "AND state IN ('done', 'warning')", [first_job])[0][0]
            say(f"after the kill: {len(running_at_kill)} jobs were running; {interrupted} marked interrupted and "
                f"{resumed} continuations finished on host A")
        # Odoo logs a kill once per handler: the workers are told apart by their pid
        workers_killed = {name: len(set(re.findall(r"Worker\w* \((\d+)\) (?:timeout after|CPU time limit)",
                                                   (WORK / f"{name}.log").read_text(errors="replace"))))
                          for name in ("A1", "A", "B") if (WORK / f"{name}.log").exists()}
        interrupted = self.sql("SELECT count(*) FROM xero_sync_job WHERE id > %s AND state = 'interrupted'",
                               [first_job])[0][0]
        say(f"cron workers Odoo killed for its time limits (--limits {args.limits}; A1 the yardstick's server): "
            f"{workers_killed}; "
            f"jobs interrupted in all: {interrupted}")
        w = self.waits
        top = sorted(w["queries"].items(), key=lambda kv: -kv[1])[:2]
        say(f"PostgreSQL sessions at work (1 s samples): {w['active'] / max(w['samples'], 1):.1f} on average, of which "
            f"{w['lock'] / max(w['samples'], 1):.1f} waiting for another's lock"
            + (f"; most waited: {top}" if top else ""))
        say(f"sandbox's app-wide calls in any 60 s at peak: {peak:,} (app limit {limits.get('app_minute'):,}); "
            f"calls in all {len(counted):,}")
        for name in ("A", "B", "S0", "sandbox"):
            if name in self.procs:
                say("  " + self.procs[name].words(wall))

    def lost(self, ids):
        """Xero invoices (not voided or deleted) that are neither an Odoo document nor a pending item."""
        tenants = dict(self.sql("SELECT tenant_id, id FROM xero_connection WHERE id = ANY(%s)", [ids]))
        booked = {r[0] for r in self.sql("SELECT xero_id FROM account_move WHERE xero_connection_id = ANY(%s) "
                                         "AND xero_id IS NOT NULL", [ids])}
        pending = {r[0] for r in self.sql("SELECT xero_id FROM xero_pending_item WHERE connection_id = ANY(%s)",
                                          [ids])}
        with sqlite3.connect(self.sandbox_db) as db:
            rows = db.execute("SELECT tenant, id, json_extract(data, '$.Status') FROM records WHERE kind = 'Invoices'"
                              ).fetchall()
        lost = [r for r in rows if r[0] in tenants and r[2] not in ("VOIDED", "DELETED")
                and r[1] not in booked and r[1] not in pending]
        if lost:
            say(f"  lost, e.g.: {lost[:3]}")
        return len(lost), len([r for r in rows if r[0] in tenants and r[1] in pending])

    def idle(self):
        """The two hosts idle with N schedules: CPU and PostgreSQL transactions per minute; then
        stopped (the steady state's simulated clock must be the only one running jobs)."""
        if not self.args.idle:
            for name in ("A", "B"):
                self.stop(name)
            return
        hosts = [self.procs[h] for h in ("A", "B") if h in self.procs and self.procs[h].popen.poll() is None]
        self.sample_all()
        cpu0 = {h.name: h.cpu_seconds() for h in hosts}
        xact0 = self.sql("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", [DB])[0][0]
        t = time.time()
        while time.time() - t < self.args.idle:
            time.sleep(2)
            self.sample_all()
        minutes = (time.time() - t) / 60
        xact = self.sql("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", [DB])[0][0]
        crons = self.sql("SELECT count(*) FROM ir_cron WHERE active")[0][0]
        say(f"\n== Idle, {crons} active scheduled actions, for {minutes * 60:.0f} s: "
            + ", ".join(f"host {h.name} {(h.cpu_seconds() - cpu0[h.name]) / minutes:.1f} CPU s/min" for h in hosts)
            + f"; PostgreSQL transactions {(xact - xact0) / minutes:,.0f}/min (the watcher's own included)")
        for name in ("A", "B"):
            self.stop(name)

    def steady(self):
        if not self.args.steady_orgs:
            return
        ids = self.conn_ids(self.clients)[: self.args.steady_orgs]
        out = self.shell("steady", FIRM_STEADY_IDS=",".join(map(str, ids)), FIRM_ODOO_URL=self.procs["S0"].url)
        for line in [line for line in out.splitlines() if line.startswith("STEADY ")]:
            data = json.loads(line[7:])
            per = data["per"].values()
            label = ("1% of invoices changed" if data["change"] else "nothing changing") + (
                ", with webhooks" if data.get("webhooks") else ", without webhooks")
            say(f"\n== Steady state, a simulated day ({data['ticks']} ticks of {data['tick_minutes']:.0f} min: the "
                f"sandbox's clock advanced and each sampled organisation's scheduled action run, Odoo's clock "
                f"patched to match), {len(ids)} organisations, {label} ({data['changed']} invoices changed)")
            say(f"calls per organisation per day: {spread([p['calls'] for p in per])}; 429s: "
                f"{sum(p['429'] for p in per)}; egress per organisation per day: {spread([p['bytes'] for p in per], ' B')}")
            say(f"runs per organisation: {spread([p['runs'] for p in per])} (full syncs: "
                f"{spread([p['full'] for p in per])}; by webhook: {spread([p.get('webhook', 0) for p in per])}); jobs {data['states']}; e.g. {data['summaries'][:3]}")
            for failure in data.get("failures", []):
                say(f"  a failed job: {failure}")
            if data["idle_calls"]:
                q, cpu = data["idle_queries"] / data["idle_calls"], data["idle_cpu"] / data["idle_calls"]
                n = self.args.orgs
                per_min = n / data["tick_minutes"]
                say(f"scheduler's own cost, a scheduled action that finds nothing due: {q:.1f} SQL queries, "
                    f"{cpu * 1000:.1f} ms CPU; with {n} schedules every {data['tick_minutes']:.0f} min: "
                    f"{q * per_min:,.0f} queries/min, {cpu * per_min:.2f} CPU s/min (plus Odoo's cron polling)")

    def dashboard(self):
        if self.args.dashboard:
            firm_dashboard.walk(self.procs["S0"].url, DB, self.args.orgs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--invoices", type=int, default=250)
    parser.add_argument("--consent", choices=("all", "one"), default="all",
                        help="all: one consent for every organisation (Advanced tier); one: a consent each")
    parser.add_argument("--companies", type=int, default=1,
                        help="Odoo companies the clients book into, round robin (each but the first gets Odoo's "
                             "generic chart)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cron-threads", type=int, default=2)
    parser.add_argument("--kill", action="store_true", help="SIGKILL host B mid-run")
    parser.add_argument("--kill-at", type=float, default=0.4, help="fraction of organisations done before the kill")
    parser.add_argument("--idle", type=int, default=120, help="seconds of idle hosts measured (0: skip)")
    parser.add_argument("--steady-orgs", type=int, default=10, help="organisations in the simulated day (0: skip)")
    parser.add_argument("--no-dashboard", dest="dashboard", action="store_false")
    parser.add_argument("--timeout", type=int, default=3 * 3600)
    parser.add_argument("--limits", choices=("raised", "odoo"), default="raised",
                        help="the servers' time and memory limits: raised (an hour, 4 GB) or Odoo's defaults")
    parser.add_argument("--connect-only", action="store_true",
                        help="stop once the organisations are connected (how long --consent takes, nothing synced)")
    args = parser.parse_args()
    if not DB:
        raise SystemExit("run through benchmarks/firm.sh (it makes the database)")
    os.chdir(ROOT)
    Firm(args).run()


if __name__ == "__main__":
    main()
