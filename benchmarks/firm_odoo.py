"""The Odoo side of benchmarks/firm.py, run inside `odoo-bin shell` (FIRM_ROLE picks the part).

FIRM_ROLE=setup   the app's settings (client, sandbox URL, tier), and the booking company made
                  ready as an accountant would before the first sync: Odoo accounts under the
                  codes of Xero's chart (the lists step then maps them by code), a 10% sales and
                  purchase tax (GST, matched by rate), the organisations' currencies active
FIRM_ROLE=steady  a simulated day of the sandbox's clock for FIRM_STEADY_IDS (connection ids):
                  Odoo's clock (fields.Datetime.now and the cursor's now, so job create dates
                  follow) and the sandbox's clock move together in ticks of the schedules'
                  interval; each tick runs every sampled organisation's scheduled action
                  (xero.sync.job._cron_process, what its ir.cron calls) and its jobs to the end.
                  Four days: nothing changing, then 1% of each organisation's invoices changed in
                  Xero spread over the day; both again with Xero's webhooks set up (the sandbox
                  delivers each change, signed, to the HTTP server FIRM_ODOO_URL, which queues the
                  organisation's job as Xero's delivery would). Prints one JSON line a day: calls,
                  egress, runs per organisation, and the scheduler's own cost (SQL queries and
                  CPU of the calls that found nothing due)
"""

import json
import math
import os
import time
import urllib.request
from datetime import timedelta
from unittest import mock

from odoo import fields
from odoo.addons.xero_connector.const import PARAM_WEBHOOK_KEY, PARAM_WEBHOOK_SEEN
from odoo.sql_db import Cursor

SANDBOX = os.environ["FIRM_SANDBOX"]
ROLE = os.environ["FIRM_ROLE"]
env = env  # noqa: F821,PLW0127 (provided by odoo-bin shell)

XERO_CODES = {  # Xero's AU chart codes the seeded documents use, as Odoo accounts
    "200": ("Sales", "income"), "260": ("Other Revenue", "income"), "270": ("Interest Income", "income"),
    "310": ("Cost of Goods Sold", "expense_direct_cost"), "400": ("Advertising", "expense"),
    "404": ("Bank Fees", "expense"), "412": ("Consulting & Accounting", "expense"),
    "416": ("Depreciation", "expense_depreciation"), "429": ("General Expenses", "expense"),
    "433": ("Insurance", "expense"), "453": ("Office Expenses", "expense"), "461": ("Printing & Stationery", "expense"),
    "469": ("Rent", "expense"), "477": ("Wages and Salaries", "expense"), "489": ("Telephone & Internet", "expense"),
    "610": ("Accounts Receivable", "asset_receivable"), "711": ("Accumulated Depreciation", "asset_fixed"),
    "800": ("Accounts Payable", "liability_payable"),
}


def admin(method, path, body=None):
    request = urllib.request.Request(  # noqa: S310 (the local sandbox)
        SANDBOX + path, method=method, data=json.dumps(body or {}).encode() if method != "GET" else None,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as reply:  # noqa: S310 (the local sandbox)
        return json.load(reply)


def setup():
    icp = env["ir.config_parameter"].sudo()
    for key, value in {
        "xero_connector.client_id": "sandbox-client-id",
        "xero_connector.client_secret": "sandbox-client-secret",
        "xero_connector.service_url": SANDBOX,
        "web.base.url": os.environ["FIRM_ODOO_URL"],
        "web.base.url.freeze": "True",
        "xero_connector.tier": os.environ.get("FIRM_TIER", "advanced"),
        "xero_connector.day_limit": "5000",
    }.items():
        icp.set_param(key, value)
    companies = env.company
    charts = env["account.chart.template"]
    for n in range(1, int(os.environ.get("FIRM_COMPANIES", "1"))):  # the firm's clients spread over companies
        company = env["res.company"].create({"name": f"Firm Clients {n:03d}", "currency_id": env.company.currency_id.id,
                                             "country_id": env.company.country_id.id})
        charts.try_loading("generic_coa", company, install_demo=False)
        companies |= company
    env.ref("base.user_admin").company_ids |= companies
    for company in companies:
        ready(company)
    env["res.currency"].with_context(active_test=False).search(
        [("name", "in", ["AUD", "NZD", "USD", "GBP", "EUR"])]).active = True
    print("COMPANIES " + json.dumps(companies.ids))
    env.cr.commit()
    print("setup done", flush=True)


def ready(company):
    """Odoo accounts under Xero's codes and a 10% GST, as an accountant prepares a company."""
    accounts = env["account.account"].with_company(company)
    for code, (name, kind) in XERO_CODES.items():
        if not accounts.search([("company_ids", "in", company.id), ("code", "=", code)], limit=1):
            accounts.create({"code": code, "name": name, "account_type": kind, "company_ids": [(6, 0, company.ids)],
                             "reconcile": kind in ("asset_receivable", "liability_payable")})
    for use in ("sale", "purchase"):
        env["account.tax"].create({"name": f"GST 10% ({use})", "amount": 10.0, "type_tax_use": use,
                                   "company_id": company.id})


def steady():
    """Simulated days one after the other: nothing changing, then 1% of invoices changed; without
    webhooks, then with them."""
    offset = [timedelta(0)]
    real_now = fields.Datetime.now

    def fake_now(*_a, **_k):
        return real_now() + offset[0]

    def fake_cr_now(cr):
        return fake_now()

    with mock.patch.object(fields.Datetime, "now", fake_now), mock.patch.object(Cursor, "now", fake_cr_now):
        for change in (False, True):
            steady_day(change, offset)
        webhooks_on()
        for change in (False, True):
            steady_day(change, offset, webhooks=True)


def webhooks_on():
    """Xero's webhooks set up: the app's key in Odoo and the sandbox delivering to Odoo's HTTP
    server, as a firm's administrator would (Settings > Xero, the webhook key)."""
    key = "sandbox-webhook-key"
    icp = env["ir.config_parameter"].sudo()
    icp.set_param(PARAM_WEBHOOK_KEY, key)
    admin("POST", "/__sandbox__/webhooks", {"url": os.environ["FIRM_ODOO_URL"] + "/xero/webhooks", "key": key})
    env.cr.commit()
    admin("POST", "/__sandbox__/webhooks/flush")  # the changes of the days before, delivered now
    env.cr.commit()
    for conn in env["xero.connection"].browse([int(i) for i in os.environ["FIRM_STEADY_IDS"].split(",")]):
        while env["xero.sync.job"]._run_next(conn):  # and synced before the day is counted
            pass
        env.cr.commit()
    check = admin("POST", "/__sandbox__/webhooks/intent")  # Xero's intent to receive, as when a webhook is enabled
    if not check.get("ok"):
        raise SystemExit(f"webhooks do not reach Odoo: {check}")
    icp.set_param(PARAM_WEBHOOK_SEEN, fields.Datetime.to_string(fields.Datetime.now()))
    env.cr.commit()


def steady_day(change, offset, webhooks=False):
    ids = [int(i) for i in os.environ["FIRM_STEADY_IDS"].split(",")]
    conns = env["xero.connection"].browse(ids)
    Job = env["xero.sync.job"]
    tick = timedelta(minutes=min(conns.mapped("sync_interval")) or 15)
    ticks = int(timedelta(days=1) / tick)
    start = fields.Datetime.now()
    base = offset[0]

    invoices = {}
    if change:  # which invoices change, and when: 1% of each organisation's, spread over the day
        for conn in conns:
            mine = [i for _p, items in conn._xero().iter_pages("Invoices", params={"where": 'Type=="ACCREC"',
                                                                                  "summaryOnly": "true"})
                    for i in items if i.get("Status") == "AUTHORISED"]
            count = max(1, math.ceil(len(mine) * 0.01))
            invoices[conn.id] = [(int(ticks * (k + 1) / (count + 1)), mine[k * len(mine) // count]["InvoiceID"])
                                 for k in range(count)]
        env.cr.commit()
    tenants = {c.id: c.tenant_id for c in conns}
    mark = max([c["seq"] for c in admin("GET", "/__sandbox__/calls?after=0")[-1:]] or [0])
    first_job = (Job.search([], order="id desc", limit=1).id or 0)
    idle_queries = idle_cpu = idle_calls = 0
    runs = 0
    changed = 0
    for n in range(ticks):
        offset[0] = base + tick * (n + 1)
        admin("POST", "/__sandbox__/clock", {"advance": tick.total_seconds()})
        for conn in conns:
            for at, xero_id in invoices.get(conn.id, []):
                if at == n:
                    _touch(conn, xero_id)
                    changed += 1
        if webhooks and changed:  # the delivery Xero makes a moment after a change, now
            admin("POST", "/__sandbox__/webhooks/flush")
        env.cr.commit()  # a fresh snapshot: the jobs the webhook deliveries queued
        env.invalidate_all()
        for conn in conns:
            queries0, cpu0 = env.cr.sql_log_count, time.process_time()
            before = Job.search_count([("connection_id", "=", conn.id)])
            waiting = Job.search_count([("connection_id", "=", conn.id), ("state", "in", ("queued", "running"))])
            Job._cron_process(conn.id)
            while Job._run_next(conn):
                pass
            env.cr.commit()
            if not waiting and Job.search_count([("connection_id", "=", conn.id)]) == before:  # nothing was due
                idle_queries += env.cr.sql_log_count - queries0
                idle_cpu += time.process_time() - cpu0
                idle_calls += 1
            else:
                runs += 1
    calls = [c for c in admin("GET", f"/__sandbox__/calls?after={mark}") if c["tenant"] in tenants.values()]
    jobs = Job.search([("id", ">", first_job), ("connection_id", "in", ids)])
    per = {}
    for cid, tenant in tenants.items():
        mine = [c for c in calls if c["tenant"] == tenant]
        mine = [c for c in mine if c["method"] == "GET"]
        per[cid] = {"calls": sum(c["status"] != 429 for c in mine), "429": sum(c["status"] == 429 for c in mine),
                    "bytes": sum(jobs.filtered(lambda j, cid=cid: j.connection_id.id == cid).mapped("bytes_received")),
                    "runs": len(jobs.filtered(lambda j, cid=cid: j.connection_id.id == cid)),
                    "full": len(jobs.filtered(lambda j, cid=cid: j.connection_id.id == cid and j.kind == "full")),
                    "webhook": len(jobs.filtered(lambda j, cid=cid: j.connection_id.id == cid and j.trigger == "webhook"))}
    print("STEADY " + json.dumps({
        "change": change, "webhooks": webhooks, "tick_minutes": tick.total_seconds() / 60, "ticks": ticks, "changed": changed, "per": per,
        "idle_calls": idle_calls, "idle_queries": idle_queries, "idle_cpu": idle_cpu, "runs": runs,
        "start": str(start), "states": {s: Job.search_count([("id", "in", jobs.ids), ("state", "=", s)])
                                        for s in ("done", "warning", "failed", "queued", "running")},
        "summaries": sorted({j.summary or j.state for j in jobs})[:8],
        "failures": [f"{j.kind}/{j.trigger}: {(j.log or '')[-400:]}"
                     for j in jobs.filtered(lambda j: j.state == "failed")][:3],
    }), flush=True)


def _touch(conn, xero_id):
    """An invoice changed in Xero: its reference edited, as a user would (a POST; the tally of
    the day's calls counts reads only, so this edit is not the connector's cost)."""
    xero = conn._xero()
    xero.post("Invoices", {"Invoices": [{"InvoiceID": xero_id, "Reference": f"Changed {time.time():.0f}"}]})


{"setup": setup, "steady": steady}[ROLE]()
