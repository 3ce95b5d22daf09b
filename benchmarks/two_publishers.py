"""Two publishers on one organisation (run by benchmarks/two_publishers.sh inside odoo-bin shell).

XERO_TWO_ROLE=setup   connect the sandbox's Wallaby organisation, publish customer invoices
XERO_TWO_ROLE=A / B   a publisher: XERO_TWO_ROUNDS rounds of posting two invoices, now and then
                      leaving a publish job "running" as a killed worker does, and running the
                      organisation's jobs (Job._run_next, as the scheduler does); after each run
                      it asks PostgreSQL which advisory locks its own session still holds
XERO_TWO_SLOW_LOCK    seconds between finding a job and taking its lock (default 0.3: a loaded machine)
XERO_TWO_OLD_UNLOCK=1 the publishers unlock as before issue 27 (inside a failed transaction), to compare
XERO_TWO_ROLE=check   count documents in Xero twice (one token on two Xero invoices) and
                      documents not published; print the figures
"""

import json
import os
import random
import time
import urllib.request
from pathlib import Path

from odoo.addons.xero_connector.sync.publish.batch import BatchExporter  # noqa: F401 (loads the steps)

SANDBOX = os.environ["XERO_BENCH_SANDBOX"]
ROLE = os.environ["XERO_TWO_ROLE"]
OUT = Path(os.environ["XERO_TWO_OUT"])
ROUNDS = int(os.environ.get("XERO_TWO_ROUNDS", "40"))
SLOW_LOCK = float(os.environ.get("XERO_TWO_SLOW_LOCK", "0.3"))
env = env  # noqa: F821,PLW0127 (provided by odoo-bin shell)


def admin(method, path, body=None):
    request = urllib.request.Request(  # noqa: S310 (the local sandbox)
        SANDBOX + path, method=method, data=json.dumps(body or {}).encode() if method != "GET" else None,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as reply:  # noqa: S310 (the local sandbox)
        return json.load(reply)


def setup():
    tenant = next(t for t in admin("GET", "/__sandbox__/state")["tenants"] if t["key"] == "wallaby")
    icp = env["ir.config_parameter"].sudo()
    icp.set_param("xero_connector.client_id", "sandbox-client-id")
    icp.set_param("xero_connector.client_secret", "sandbox-client-secret")
    icp.set_param("xero_connector.service_url", SANDBOX)
    grant = admin("POST", "/__sandbox__/grants", {"tenant_ids": [tenant["id"]]})
    token = env["xero.token"].sudo().create(env["xero.token"]._values_from({
        "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
        "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split()}))
    conn = env["xero.connection"].create({"name": tenant["name"], "tenant_id": tenant["id"],
                                          "company_id": env.company.id})
    conn.sudo().write({"token_id": token.id, "state": "active"})
    conn.action_test_connection()  # the organisation's country: its tax types
    job = env["xero.sync.job"]._enqueue(conn, "reference", "manual")
    while job.state in ("queued", "running"):
        env["xero.sync.job"]._run_next(conn)
    income = env["account.account"].search([("company_ids", "in", env.company.id), ("account_type", "=", "income")],
                                           limit=1)
    env["xero.account"].search([("connection_id", "=", conn.id), ("code", "=", "200")]).account_id = income
    conn.write({"direction_sales": "both", "publish_when": "manual"})
    env["res.partner"].create([{"name": f"Two Publishers Customer {n}"} for n in range(4)])
    env.cr.commit()
    (OUT / "setup.json").write_text(json.dumps({"conn": conn.id, "tenant": tenant["id"], "income": income.id}))


def worker(name):
    if os.environ.get("XERO_TWO_OLD_UNLOCK"):  # the unlock before issue 27, for comparison
        def old_unlock(job, key=None):
            job.env.cr.execute("SELECT pg_advisory_unlock(%s, %s)", key or job._lock_key())
        type(env["xero.sync.job"])._unlock = old_unlock
    Model = type(env["xero.sync.job"])
    real_try_lock = Model._try_lock

    def slow_try_lock(job, key=None):
        # a loaded machine: the job was found a moment before its lock is taken, so the other
        # publisher may have moved it meanwhile (this snapshot still shows it as it was)
        time.sleep(SLOW_LOCK)
        return real_try_lock(job, key) if key else real_try_lock(job)

    Model._try_lock = slow_try_lock
    state = json.loads((OUT / "setup.json").read_text())
    conn = env["xero.connection"].browse(state["conn"])
    Job = env["xero.sync.job"]
    customers = env["res.partner"].search([("name", "like", "Two Publishers Customer")])
    rng = random.Random(name)
    figures = {"runs": 0, "failures": {}, "locks_left": 0, "dead_jobs": 0}
    for round_no in range(ROUNDS):
        try:
            start_round(conn, state, customers, round_no, name, rng, figures)
        except Exception as exc:  # noqa: BLE001 (counted: the other publisher changed the same rows)
            env.cr.rollback()
            kind = type(exc).__name__
            figures["failures"][kind] = figures["failures"].get(kind, 0) + 1
        for _turn in range(4):
            try:
                Job._run_next(conn)
                env.cr.commit()
            except Exception as exc:  # noqa: BLE001 (counted: e.g. a serialization failure)
                env.cr.rollback()
                kind = type(exc).__name__
                figures["failures"][kind] = figures["failures"].get(kind, 0) + 1
            figures["runs"] += 1
            env.cr.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
            held = env.cr.fetchone()[0]
            env.cr.rollback()
            if held:
                figures["locks_left"] += 1
                env.cr.execute("SELECT pg_advisory_unlock_all()")  # go on measuring
            time.sleep(rng.random() * 0.2)
    print(f"worker {name}: {ROUNDS} rounds, {figures['runs']} runs, {figures['dead_jobs']} jobs left running "
          f"as by a killed worker, {figures['locks_left']} runs left a lock held, failures met: "
          f"{figures['failures'] or 'none'}", flush=True)


def start_round(conn, state, customers, round_no, name, rng, figures):
    """Two new invoices to publish, and now and then a job left running as by a killed worker."""
    Job = env["xero.sync.job"]
    moves = env["account.move"].create([{
        "move_type": "out_invoice", "partner_id": customers[(round_no + n) % len(customers)].id,
        "invoice_line_ids": [(0, 0, {"name": f"{name} round {round_no}", "quantity": 1, "price_unit": 10 + n,
                                     "account_id": state["income"], "tax_ids": [(6, 0, [])]})],
    } for n in range(2)])
    moves.action_post()
    conn._publish_jobs(moves)
    if rng.random() < 0.3:  # a worker killed mid-job: its job is left running
        dead = Job._enqueue(conn, "publish", "manual")
        dead.write({"state": "running", "yielded": False})
        figures["dead_jobs"] += 1
    env.cr.commit()


def check():
    state = json.loads((OUT / "setup.json").read_text())
    conn = env["xero.connection"].browse(state["conn"])
    Job = env["xero.sync.job"]
    for _turn in range(50):  # what the two left queued, finished by one
        if not Job.search_count([("connection_id", "=", conn.id), ("state", "in", ("queued", "running"))]):
            break
        Job._run_next(conn)
        env.cr.commit()
    moves = env["account.move"].search([("move_type", "=", "out_invoice"), ("state", "=", "posted"),
                                        ("partner_id.name", "like", "Two Publishers Customer")])
    client = conn._xero()
    tokens = {}
    for doc in client.get_all("Invoices"):
        url = doc.get("Url") or ""
        if "xero=" in url:
            tokens[url.split("xero=", 1)[1]] = tokens.get(url.split("xero=", 1)[1], 0) + 1
    twice = sum(1 for count in tokens.values() if count > 1)
    unpublished = moves.filtered(lambda m: m.xero_publish_state != "published")
    env.cr.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                   "(SELECT oid FROM pg_database WHERE datname = current_database())")
    print(f"check: {len(moves)} invoices posted by the two publishers, {len(moves) - len(unpublished)} published, "
          f"{twice} in Xero twice, {len(unpublished)} not published "
          f"({'; '.join(sorted(set(unpublished.mapped('xero_publish_error')) - {False})[:3]) or '-'}); "
          f"advisory locks held at the end: {env.cr.fetchone()[0]}", flush=True)


{"setup": setup, "A": lambda: worker("A"), "B": lambda: worker("B"), "check": check}[ROLE]()
