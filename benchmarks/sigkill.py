"""A real Odoo process killed with SIGKILL mid-send (run by benchmarks/sigkill.sh inside
odoo-bin shell; issue 27).

XERO_KILL_ROLE=setup    connect the sandbox's Wallaby organisation (sales published both ways),
                        post XERO_KILL_DOCS customer invoices (default 300), commit
XERO_KILL_ROLE=publish  queue publishing of every waiting invoice, write how many to
                        $XERO_KILL_OUT/started, run the organisation's jobs as the scheduler
                        does (the driver kills this process with SIGKILL meanwhile)
XERO_KILL_ROLE=cancel   cancel up to XERO_KILL_CANCEL published invoices (default 100) as from the
                        list (Xero asked first, Odoo's change and the outbox rows committed),
                        then as publish: the outbox job voids them in Xero (killed meanwhile)
XERO_KILL_ROLE=check    the restart: the scheduler runs the organisation's jobs (a dead worker's
                        job is marked interrupted and continued), then one more publishing run;
                        prints what was lost, sent twice, voided in Xero but posted in Odoo,
                        cancelled in Odoo but live in Xero, and jobs or documents left mid-send
"""

import json
import os
import time
import urllib.request
from pathlib import Path

from odoo.addons.xero_connector.sync.mappers import publish as publish_mappers
from odoo.addons.xero_connector.sync.publish.batch import BatchExporter  # noqa: F401 (loads the steps)

SANDBOX = os.environ["XERO_BENCH_SANDBOX"]
ROLE = os.environ["XERO_KILL_ROLE"]
OUT = Path(os.environ["XERO_KILL_OUT"])
DOCS = int(os.environ.get("XERO_KILL_DOCS", "300"))
CANCEL = int(os.environ.get("XERO_KILL_CANCEL", "100"))
env = env  # noqa: F821,PLW0127 (provided by odoo-bin shell)
OPEN = ("queued", "running")


def admin(method, path, body=None):
    request = urllib.request.Request(  # noqa: S310 (the local sandbox)
        SANDBOX + path, method=method, data=json.dumps(body or {}).encode() if method != "GET" else None,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as reply:  # noqa: S310 (the local sandbox)
        return json.load(reply)


def state():
    return json.loads((OUT / "setup.json").read_text())


def setup():
    tenant = next(t for t in admin("GET", "/__sandbox__/state")["tenants"] if t["key"] == "wallaby")
    admin("POST", "/__sandbox__/limits", {"minute": 100000, "app_minute": 100000, "day": 100000})
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
    conn.action_test_connection()
    job = env["xero.sync.job"]._enqueue(conn, "reference", "manual")
    while job.state in OPEN:
        env["xero.sync.job"]._run_next(conn)
    income = env["account.account"].search([("company_ids", "in", env.company.id), ("account_type", "=", "income")],
                                           limit=1)
    env["xero.account"].search([("connection_id", "=", conn.id), ("code", "=", "200")]).account_id = income
    conn.write({"direction_sales": "both", "publish_when": "manual"})
    customers = env["res.partner"].create([{"name": f"Killed Worker Customer {n}"} for n in range(5)])
    moves = env["account.move"].create([{
        "move_type": "out_invoice", "partner_id": customers[n % 5].id, "invoice_date": "2026-10-05",
        "invoice_line_ids": [(0, 0, {"name": f"Killed worker {n}", "quantity": 1, "price_unit": 10 + n % 90,
                                     "account_id": income.id, "tax_ids": [(6, 0, [])]})],
    } for n in range(DOCS)])
    moves.action_post()
    env.cr.commit()
    (OUT / "setup.json").write_text(json.dumps({"conn": conn.id, "tenant": tenant["id"]}))


def run_jobs(conn, turns=200):
    Job = env["xero.sync.job"]
    for _turn in range(turns):
        if not Job.search_count([("connection_id", "=", conn.id), ("state", "in", OPEN)]):
            return
        Job._run_next(conn)
        env.cr.commit()


def publish():
    conn = env["xero.connection"].browse(state()["conn"])
    waiting = env["account.move"].search_count(env["account.move"]._xero_publish_domain(conn))
    conn._publish_jobs()
    env.cr.commit()
    (OUT / "started").write_text(f"publishing {waiting} waiting")
    run_jobs(conn)
    (OUT / "finished").write_text("done")


def cancel():
    conn = env["xero.connection"].browse(state()["conn"])
    live = env["account.move"].search([("xero_connection_id", "=", conn.id), ("state", "=", "posted"),
                                       ("xero_publish_state", "=", "published")], limit=CANCEL, order="id")
    if live:
        live.button_cancel()
        env.cr.commit()
    (OUT / "started").write_text(f"cancelling {len(live)}")
    run_jobs(conn)
    (OUT / "finished").write_text("done")


def check():
    conn = env["xero.connection"].browse(state()["conn"])
    Job = env["xero.sync.job"]
    running_before = Job.search_count([("connection_id", "=", conn.id), ("state", "=", "running")])
    run_jobs(conn)  # the restart: a dead worker's job interrupted and continued
    conn._publish_jobs()  # and one more run
    env.cr.commit()
    run_jobs(conn)
    moves = env["account.move"].search([("move_type", "=", "out_invoice"),
                                        ("partner_id.name", "like", "Killed Worker Customer")])
    copies = {}
    for doc in conn._xero().get_all("Invoices"):
        copies.setdefault(doc.get("Url") or "", []).append(doc)
    by_token = {}
    for url, docs in copies.items():
        token = publish_mappers.url_token(url) if url else None
        if token:
            by_token.setdefault(token, []).extend(docs)
    lost = twice = voided_posted = live_cancelled = wrong_binding = 0
    for move in moves:
        docs = by_token.get(move._xero_publish_token(), [])
        twice += len(docs) > 1
        status = docs[0]["Status"] if docs else None
        if move.state == "posted":
            lost += not docs or move.xero_publish_state != "published"
            voided_posted += status in ("VOIDED", "DELETED")
        elif move.state == "cancel":
            live_cancelled += status not in (None, "VOIDED", "DELETED")
        wrong_binding += bool(docs) and move.xero_id not in (False, docs[0]["InvoiceID"])
    mid_send = moves.filtered(lambda m: m.xero_publish_state in ("sending", "to_cancel", "error"))
    left = Job.search_count([("connection_id", "=", conn.id), ("state", "in", OPEN)])
    interrupted = Job.search_count([("connection_id", "=", conn.id), ("state", "=", "interrupted")])
    print(f"check: {len(moves)} invoices ({len(moves.filtered(lambda m: m.state == 'posted'))} posted, "
          f"{len(moves.filtered(lambda m: m.state == 'cancel'))} cancelled); jobs found running at the restart "
          f"(dead workers'): {running_before}, marked interrupted in all: {interrupted}; after the restart and one "
          f"run: lost {lost}, in Xero twice {twice}, voided in Xero but posted in Odoo {voided_posted}, cancelled in "
          f"Odoo but live in Xero {live_cancelled}, bound to another's Xero copy {wrong_binding}, left mid-send "
          f"{len(mid_send)}, jobs left queued or running {left}", flush=True)


{"setup": setup, "publish": publish, "cancel": cancel, "check": check}[ROLE]()
