"""Drives scripts/test_upgrade.sh: data made by the first release survives the upgrade.

    upgrade_check.py seed   --odoo URL --db DB --sandbox URL --out before.json
        (Odoo runs the first release) connect every sandbox organisation through the consent
        page, sync, map two organisations' accounts and sync again, post two journal entries to
        Xero and publish an invoice with its new contact; then write what the database holds
        (snapshot) to before.json
    upgrade_check.py verify --odoo URL --db DB --sandbox URL --before before.json
        (Odoo runs the current code, upgraded) the snapshot equals before.json; every connection
        still talks to Xero with its stored token; a new sync of every organisation creates
        nothing and sends nothing, posting the same entries again is refused as done and
        publishing the invoice again sends nothing.

The seed step uses only what the first release offers (JSON-RPC calls of 18.0.1.1.0). The
snapshot is read with SQL, so record rules and new fields do not change what is compared:
for each table, the columns below, where the first release had them.
"""

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import psycopg2
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from odoo_web import OdooWeb  # noqa: E402

# table -> columns that say a record is the same record, linked to the same things, in the same state
SNAPSHOT = {
    "xero_connection": "id, tenant_id, name, company_id, state, token_id, active, sync_interval, "
                       "post_mode, post_from_date",
    "xero_token": "id, access_token_enc, refresh_token_enc, expires_at, scope, auth_event_id",
    "xero_account": "id, connection_id, xero_id, code, account_id",
    "xero_tax_rate": "id, connection_id, xero_id, sale_tax_id, purchase_tax_id",
    "xero_tracking_category": "id, connection_id, xero_id, plan_id",
    "xero_tracking_option": "id, connection_id, xero_id, category_id, analytic_account_id",
    "xero_contact": "id, connection_id, xero_id, partner_id",
    "xero_sync_job": "id, connection_id, kind, trigger, state, count_fetched, count_created, count_pending, "
                     "api_calls",
    "xero_pending_item": "id, connection_id, xero_type, xero_id, reason_code, state",
    "xero_sync_cursor": "id, connection_id, entity, modified_since",
}
# rows of Odoo's own tables that the connector made or marked
QUERIES = {
    "account_move": "SELECT id, company_id, state, move_type, amount_total::text, xero_connection_id, xero_id, "
                    "xero_number, xero_status, xero_post_state, xero_journal_id, xero_publish_state FROM account_move "
                    "WHERE xero_id IS NOT NULL OR xero_post_state IS NOT NULL OR xero_publish_state IS NOT NULL",
    "account_payment": "SELECT id, xero_connection_id, xero_id, state FROM account_payment WHERE xero_id IS NOT NULL",
    "counts": "SELECT (SELECT count(*) FROM res_partner) AS partners, (SELECT count(*) FROM account_move) AS moves, "
              "(SELECT count(*) FROM account_move_line) AS move_lines, (SELECT count(*) FROM res_company) AS companies",
}
# the tables a new sync of unchanged Xero data must leave as they are (jobs, cursors and the
# connections' last-sync times move on; a token may be refreshed)
UNCHANGED_BY_SYNC = ["xero_account", "xero_tax_rate", "xero_tracking_category",
                     "xero_tracking_option", "xero_contact", "account_move", "account_payment", "counts"]
WRITES = ("POST", "PUT", "DELETE")


def snapshot(dsn):
    out = {}
    with psycopg2.connect(dsn) as cr_conn, cr_conn.cursor() as cr:
        for table, columns in SNAPSHOT.items():
            cr.execute(f"SELECT {columns} FROM {table} ORDER BY id")  # noqa: S608 (fixed names)
            out[table] = _rows(cr)
        for name, sql in QUERIES.items():
            cr.execute(sql + ("" if name == "counts" else " ORDER BY 1"))
            out[name] = _rows(cr)
    return out


def _runners_replace_crons(dsn):
    """Scheduled actions: one per connection before 18.0.1.3.0, a pool of runners since."""
    with psycopg2.connect(dsn) as cr_conn, cr_conn.cursor() as cr:
        cr.execute("SELECT count(*) FILTER (WHERE a.code LIKE 'model._cron_process(%%'), "
                   "count(*) FILTER (WHERE a.code = 'model._cron_run_due()' AND c.active) "
                   "FROM ir_cron c JOIN ir_act_server a ON a.id = c.ir_actions_server_id")
        per_connection, runners = cr.fetchone()
    if per_connection or not runners:
        print(f"  after the upgrade: {per_connection} scheduled actions of single connections left, "
              f"{runners} runners (expected none, and some)")
        return False
    print(f"  the per-connection scheduled actions are gone; {runners} runners serve the organisations")
    return True


def _rows(cr):
    names = [d[0] for d in cr.description]
    return [{n: (v.isoformat() if hasattr(v, "isoformat") else v) for n, v in zip(names, row, strict=True)}
            for row in cr.fetchall()]


def compare(before, after, tables):
    """Differences between two snapshots, in words; empty when equal."""
    problems = []
    for table in tables:
        old, new = before.get(table, []), after.get(table, [])
        old_ids = {r.get("id") for r in old}
        new_by_id = {r.get("id"): r for r in new}
        if len(old) != len(new):
            problems.append(f"{table}: {len(old)} rows before, {len(new)} after")
        for row in old:
            now = new_by_id.get(row.get("id")) if "id" in row else (new[0] if new else None)
            if now is None:
                problems.append(f"{table} {row.get('id')}: gone")
                continue
            changed = {k: (v, now.get(k)) for k, v in row.items() if now.get(k) != v}
            if changed:
                problems.append(f"{table} {row.get('id', '')}: {changed}")
        extra = [r.get("id") for r in new if "id" in r and r.get("id") not in old_ids]
        if extra:
            problems.append(f"{table}: new rows {extra[:10]}")
    return problems


def wait_for_jobs(odoo, seconds=300):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if not odoo.call("xero.sync.job", "search_count", [("state", "in", ("queued", "running"))]):
            return
        time.sleep(2)
    raise SystemExit(f"sync jobs still running after {seconds} s")


def seed(args):
    odoo = OdooWeb(args.odoo, args.db, "admin", "admin")
    for key, value in {
        "web.base.url": args.odoo, "xero_connector.client_id": "sandbox-client-id",
        "xero_connector.client_secret": "sandbox-client-secret", "xero_connector.service_url": args.sandbox,
    }.items():
        odoo.call("ir.config_parameter", "set_param", key, value)
    action = odoo.call("xero.connection", "action_connect", company_mode="create")
    page = odoo.consent(action["url"])
    if 'data-ok="1"' not in page.text:
        raise SystemExit(f"connecting the sandbox's organisations failed:\n{page.text[:2000]}")
    conns = odoo.call("xero.connection", "search_read", [], fields=["name", "company_id"])
    print(f"  connected {len(conns)}: {', '.join(c['name'] for c in conns)}")
    for conn in conns:
        odoo.call("xero.connection", "action_sync_now", [conn["id"]])
    wait_for_jobs(odoo)
    # two organisations' Xero accounts get Odoo accounts, so their documents are booked; the
    # others keep pending items
    mapped = [c for c in conns if c["name"] in ("Kiwi Garden Supplies", "Wallaby Wholesale Pty")]
    for conn in mapped:
        unmapped = odoo.call("xero.account", "search", [("connection_id", "=", conn["id"]), ("account_id", "=", False)])
        odoo.call("xero.account", "action_create_odoo_accounts", unmapped)
        odoo.call("xero.connection", "action_sync_now", [conn["id"]])
    wait_for_jobs(odoo)
    wallaby = next(c for c in conns if c["name"] == "Wallaby Wholesale Pty")
    post_journals(odoo, wallaby)
    publish_invoice(odoo, wallaby)
    before = snapshot(args.dsn)
    summary = {t: len(before[t]) for t in before if t != "counts"}
    print(f"  snapshot: {json.dumps(summary)} {before['counts'][0]}")
    for need in ("xero_contact", "xero_pending_item", "xero_sync_job", "xero_token"):
        if not before[need]:
            raise SystemExit(f"the first release's sync left no {need}: nothing to compare")
    if sum(1 for m in before["account_move"] if m["xero_post_state"] == "posted") < 2:
        raise SystemExit("the first release did not post the journal entries to Xero")
    if not any(m["xero_publish_state"] == "published" for m in before["account_move"]):
        raise SystemExit("the first release did not publish the invoice to Xero")
    Path(args.out).write_text(json.dumps(before, indent=1, sort_keys=True))


def post_journals(odoo, conn):
    """Two entries of the organisation's general journal, on accounts mapped to Xero's,
    posted to Xero as manual journals by the posting wizard."""
    company = conn["company_id"][0]
    journal = odoo.call("account.journal", "search", [("company_id", "=", company), ("type", "=", "general")],
                        limit=1)
    bindings = odoo.call("xero.account", "search_read", [
        ("connection_id", "=", conn["id"]), ("account_id", "!=", False), ("system_account", "in", (False, "")),
        ("status", "=", "ACTIVE"), ("account_type", "in", ("REVENUE", "SALES", "EXPENSE", "OVERHEADS")),
    ], fields=["code", "account_type", "account_id"])
    revenue = next(b for b in bindings if b["account_type"] in ("REVENUE", "SALES"))
    expense = next(b for b in bindings if b["account_type"] in ("EXPENSE", "OVERHEADS"))
    odoo.call("xero.connection", "write", [conn["id"]], {"post_journal_ids": [(6, 0, journal)]})
    moves = []
    for amount in (125.5, 80.25):
        move = odoo.call("account.move", "create", {
            "journal_id": journal[0], "date": date.today().isoformat(), "ref": f"Upgrade check {amount}",
            "line_ids": [
                (0, 0, {"account_id": expense["account_id"][0], "debit": amount, "name": "Debit side"}),
                (0, 0, {"account_id": revenue["account_id"][0], "credit": amount, "name": "Credit side"}),
            ],
        }, context={"allowed_company_ids": [company]})
        odoo.call("account.move", "action_post", [move], context={"allowed_company_ids": [company]})
        moves.append(move)
    wizard = odoo.call("xero.post.wizard", "create", {"connection_id": conn["id"], "move_ids": [(6, 0, moves)]},
                       context={"allowed_company_ids": [company]})
    odoo.call("xero.post.wizard", "action_post", [wizard], context={"allowed_company_ids": [company]})
    wait_for_jobs(odoo)
    states = odoo.call("account.move", "read", moves, ["xero_post_state", "xero_post_error"],
                       context={"allowed_company_ids": [company]})
    print(f"  posted to Xero: {[(s['xero_post_state'], s['xero_post_error']) for s in states]}")
    return moves


def publish_invoice(odoo, conn):
    """A customer invoice of the organisation's company published to Xero with its new contact."""
    company = conn["company_id"][0]
    context = {"allowed_company_ids": [company]}
    odoo.call("xero.connection", "write", [conn["id"]], {"direction_contacts": "both", "direction_sales": "both"})
    sales = odoo.call("xero.account", "search_read", [("connection_id", "=", conn["id"]), ("code", "=", "200")],
                      fields=["account_id"])[0]
    partner = odoo.call("res.partner", "create", {"name": "Upgrade Check Customer Pty",
                                                  "email": "accounts@upgrade-check.example.com"})
    move = odoo.call("account.move", "create", {
        "move_type": "out_invoice", "partner_id": partner, "invoice_date": date.today().isoformat(),
        "invoice_line_ids": [(0, 0, {"name": "Consulting", "quantity": 3, "price_unit": 123.45,
                                     "account_id": sales["account_id"][0], "tax_ids": [(6, 0, [])]})],
    }, context=context)
    odoo.call("account.move", "action_post", [move], context=context)
    odoo.call("account.move", "action_publish_to_xero", [move], context=context)
    wait_for_jobs(odoo)
    state = odoo.call("account.move", "read", [move], ["xero_publish_state", "xero_publish_error"], context=context)
    print(f"  published to Xero: {state[0]['xero_publish_state']} {state[0]['xero_publish_error'] or ''}")
    return move


def verify(args):
    before = json.loads(Path(args.before).read_text())
    problems = compare(before, snapshot(args.dsn), list(before))
    if problems:
        print("after the upgrade, the data differs from the first release's:")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    print("  after the upgrade: every row of the snapshot is intact")
    if not _runners_replace_crons(args.dsn):
        return 1
    odoo = OdooWeb(args.odoo, args.db, "admin", "admin")
    conns = odoo.call("xero.connection", "search_read", [], fields=["name"])
    answer = odoo.call("xero.connection", "action_test_connection", [c["id"] for c in conns])
    states = odoo.call("xero.connection", "search_read", [], fields=["name", "state"])
    if any(s["state"] != "active" for s in states):
        print(f"  a stored token no longer reaches Xero: {states} {answer}")
        return 1
    print(f"  every connection reaches Xero with its stored token ({len(conns)})")
    mark = max([c["seq"] for c in requests.get(f"{args.sandbox}/__sandbox__/calls", timeout=60).json()] or [0])
    last_job = max(r["id"] for r in before["xero_sync_job"])
    for conn in conns:
        odoo.call("xero.connection", "action_sync_now", [conn["id"]])
    wait_for_jobs(odoo)
    posted = [m for m in before["account_move"] if m["xero_post_state"] == "posted"]
    context = {"allowed_company_ids": [posted[0]["company_id"]]}
    refused = None
    try:
        wizard = odoo.call("xero.post.wizard", "create", {
            "connection_id": posted[0]["xero_connection_id"] or next(
                c["id"] for c in conns if c["name"] == "Wallaby Wholesale Pty"),
            "move_ids": [(6, 0, [m["id"] for m in posted])]}, context=context)
        odoo.call("xero.post.wizard", "action_post", [wizard], context=context)
    except RuntimeError as exc:
        refused = str(exc)
    # publishing the published invoice again sends nothing (checked with the calls below)
    published = [m["id"] for m in before["account_move"] if m["xero_publish_state"] == "published"]
    odoo.call("account.move", "action_publish_to_xero", published, context=context)
    wait_for_jobs(odoo)
    after = snapshot(args.dsn)
    pulled = new_manual_journals(args.dsn, before, after)
    problems = compare(before, after, UNCHANGED_BY_SYNC)
    jobs = [j for j in after["xero_sync_job"] if j["id"] > last_job]
    created = sum(j["count_created"] or 0 for j in jobs) - len(pulled)
    if len(jobs) < len(conns) or created or any(j["state"] not in ("done", "warning") for j in jobs):
        problems.append(f"the sync after the upgrade: {jobs}")
    open_before, open_after = waiting(before), waiting(after)
    if open_before != open_after:
        problems.append(f"pending items: {len(open_before)} waiting before, {len(open_after)} after")
    if not refused or "Nothing to post" not in refused:
        problems.append(f"posting the same entries again: {refused or 'not refused'}")
    calls = requests.get(f"{args.sandbox}/__sandbox__/calls", params={"after": mark}, timeout=60).json()
    writes = [f"{c['method']} {c['path']}" for c in calls if c["method"] in WRITES and "/api.xro/" in c["path"]]
    writes = _once_for_legacy_contacts(odoo, args, writes, calls, published, context)
    if writes:
        problems.append(f"sent to Xero again after the upgrade: {writes[:10]}")
    if problems:
        print("the next sync after the upgrade:")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    print(f"  the next sync: {len(jobs)} jobs, {sum(j['count_fetched'] or 0 for j in jobs)} records read, "
          f"0 created, {len(open_after)} pending items as before, nothing else sent to Xero "
          f"({len(calls)} calls); posting again: {refused}; publishing again sent nothing more")
    return 0


def waiting(snap):
    """The pending items waiting, but for manual journals (pulled since 18.0.1.4.0)."""
    return sorted((p["xero_type"], p["xero_id"], p["reason_code"]) for p in snap["xero_pending_item"]
                  if p["state"] != "resolved" and p["xero_type"] != "manual_journals")


def new_manual_journals(dsn, before, after):
    """Xero's posted manual journals, which the first release did not pull and this one does
    (18.0.1.4.0): booked by the sync after the upgrade as new journal entries, waiting as pending
    items where their accounts are unmapped. Taken out of `after` (and of its counts) so the
    comparison sees only what the first release held; returns their entries' ids."""
    known = {m["id"] for m in before["account_move"]}
    pulled = [m["id"] for m in after["account_move"]
              if m["id"] not in known and m["move_type"] == "entry" and m["xero_id"] and not m["xero_post_state"]]
    if pulled:
        with psycopg2.connect(dsn) as cnx, cnx.cursor() as cr:
            cr.execute("SELECT count(*) FROM account_move_line WHERE move_id = ANY(%s)", [pulled])
            lines = cr.fetchone()[0]
        after["account_move"] = [m for m in after["account_move"] if m["id"] not in pulled]
        counts = after["counts"][0]
        counts.update(moves=counts["moves"] - len(pulled), move_lines=counts["move_lines"] - lines)
        print(f"  manual journals pulled by this release: {len(pulled)} entries, {lines} lines")
    return pulled


def _once_for_legacy_contacts(odoo, args, writes, calls, published, context):
    """Contacts linked before two-sided edits were tracked take what Xero holds now as their
    baseline (issue 27): a partner that differs from its Xero contact counts as edited in Odoo
    and is sent once with the next publishing. Once, never again: a second round sends nothing.
    Returns the writes that remain unexplained."""
    contacts = [w for w in writes if w == "POST /api.xro/2.0/Contacts"]
    writes = [w for w in writes if w not in contacts]
    if contacts:
        mark = max(c["seq"] for c in calls)
        odoo.call("account.move", "action_publish_to_xero", published, context=context)
        wait_for_jobs(odoo)
        again = requests.get(f"{args.sandbox}/__sandbox__/calls", params={"after": mark}, timeout=60).json()
        writes += [f"{c['method']} {c['path']} (second round)" for c in again
                   if c["method"] in WRITES and "/api.xro/" in c["path"]]
        print(f"  legacy contact links: {len(contacts)} contact write(s) bringing Xero's contacts to Odoo's "
              "partners, once; the second publishing round is checked to send nothing")
    return writes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=("seed", "verify"))
    parser.add_argument("--odoo", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--sandbox", required=True)
    parser.add_argument("--out")
    parser.add_argument("--before")
    args = parser.parse_args()
    args.dsn = f"dbname={args.db}"  # host, port, user and password from PG* (scripts/common.sh)
    if args.step == "seed":
        seed(args)
        return 0
    return verify(args)


if __name__ == "__main__":
    sys.exit(main())
