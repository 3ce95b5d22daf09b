"""Benchmarks run inside Odoo (odoo-bin shell) against the live Xero sandbox: invoice import
and journal posting,
driven by benchmarks/run.sh (which seeds the sandbox with N generated 3-line invoices, mixed
currencies and tracked lines, and starts it with Xero's real limits: 60 calls a minute).

Three ways over the same invoices:
  connector  the sync job's documents step through the Xero API (paging, mapping, batch
             create, batch post, bindings), then a no-change incremental sync
  ceiling    the same move values created and posted in one batch, no connector
  naive      one API call + one create + post per invoice (on a sample; the sandbox's
             minute limit is lifted for it, or Xero's 60/min alone would take minutes)
Then journal posting: POST_N entries (default 1,000) posted to Xero as manual journals with
Xero's limits back on; prints the API calls it took and any 429. Then publishing: PUBLISH_N
Odoo invoices (default 10,000, 2 lines, 20 customers) published to Xero as invoices, Xero's
limits on; prints the calls (target: at most 210 for 10,000) and whether Xero's totals are
Odoo's, Odoo's own work per invoice, Xero's answer per call (the first and last 20 apart) and the
load average. Then payments: each published invoice paid in Odoo (two in three in full, one in three
in part), on a bank journal mapped to a Xero bank account, and the payments published; prints
the calls, 429s, time and peak memory, and checks that Xero's amount due on every invoice is
Odoo's residual to the cent. XERO_BENCH_PUBLISH (default: XERO_BENCH_INVOICES, else 10,000)
sets how many. XERO_BENCH_ONLY=publish runs only publishing and payments,
XERO_BENCH_ONLY=import all but that.
XERO_BENCH_ONLY=items: ITEMS_N Xero items (XERO_BENCH_ITEMS, default 10,000) pulled into Odoo
products, then ITEMS_N new Odoo products published to Xero as items, Xero's limits on; prints
items per second, API calls, 429s and peak memory.
XERO_BENCH_ONLY=books: an organisation of BOOKS_N invoices in all (XERO_BENCH_BOOKS, default 10,000:
the demo's own and the rest generated) for BOOKS_CONTACTS new customers (default 500), imported,
then one books check of the organisation with the client health check it runs: the API calls of
each and of both (from the sandbox's call log, per endpoint), the Odoo-side time (the check's time
less its time waiting on Xero) and the check's peak memory (Python's heap, traced in a second
run). run.sh seeds no invoices of its own for it; benchmarks/books_check.py times Xero's side alone.
XERO_BENCH_ONLY=cancel: CANCEL_N published invoices (XERO_BENCH_CANCEL, default 1,000) cancelled
from the list (the confirmation, then Cancel), Xero's limits on; prints the user's wait and
the calls made in it (the bulk checks only: Xero is told after the commit), then the outbox
job's time and write calls (target: at most one per 50), and whether Xero voided every one.
Prints figures and ratios, never pass/fail. Each way commits, as a real run does (the
database is throwaway).
"""

import contextlib
import cProfile
import json
import os
import pstats
import resource
import time
import tracemalloc
import urllib.request
from datetime import timedelta

import requests
from odoo import fields
from odoo.addons.xero_connector.sync import records
from odoo.addons.xero_connector.sync.mappers import pull as pull_mappers
from odoo.addons.xero_connector.sync.publish.batch import BatchExporter
from odoo.addons.xero_connector.sync.resolver import Resolver
from odoo.addons.xero_connector.xero_client import XeroClient
from odoo.addons.xero_connector.xero_client.governor import minimum_seconds

SANDBOX = os.environ["XERO_BENCH_SANDBOX"]
TENANT = os.environ.get("XERO_BENCH_TENANT", "wallaby")
NAIVE = int(os.environ.get("XERO_BENCH_NAIVE", "500"))
POST_N = int(os.environ.get("XERO_BENCH_JOURNALS", "1000"))
PUBLISH_N = int(os.environ.get("XERO_BENCH_PUBLISH", os.environ.get("XERO_BENCH_INVOICES", "10000")))
ITEMS_N = int(os.environ.get("XERO_BENCH_ITEMS", "10000"))
CANCEL_N = int(os.environ.get("XERO_BENCH_CANCEL", "1000"))
PAYMENTS = os.environ.get("XERO_BENCH_PAYMENTS", "1") != "0"  # 0: publish the invoices only
BOOKS_N = int(os.environ.get("XERO_BENCH_BOOKS", "10000"))
BOOKS_CONTACTS = int(os.environ.get("XERO_BENCH_BOOKS_CONTACTS", "500"))
ONLY = os.environ.get("XERO_BENCH_ONLY", "")
env = env  # noqa: F821,PLW0127 (provided by odoo-bin shell)


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
    job = env["xero.sync.job"]._enqueue(conn, kind, "manual")
    while job.state in ("queued", "running"):
        env["xero.sync.job"]._run_next(conn)
    env.cr.commit()
    return job


def connect(scopes=None, own_company=False):
    """The organisation connected; in a company of its own (its country's chart, as the firm mode
    makes it) when asked, else in the database's company."""
    tenant = next(t for t in admin("GET", "/__sandbox__/state")["tenants"] if t["key"] == TENANT)
    icp = env["ir.config_parameter"].sudo()
    icp.set_param("xero_connector.client_id", "sandbox-client-id")
    icp.set_param("xero_connector.client_secret", "sandbox-client-secret")
    icp.set_param("xero_connector.service_url", SANDBOX)
    grant = admin("POST", "/__sandbox__/grants", {"tenant_ids": [tenant["id"]], "scopes": scopes})
    token = env["xero.token"].sudo().create(env["xero.token"]._values_from({
        "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
        "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split()}))
    company = env["xero.connection"]._company_for({"tenantId": tenant["id"], "tenantName": tenant["name"]},
                                                  token) if own_company else env.company
    conn = env["xero.connection"].create({"name": tenant["name"], "tenant_id": tenant["id"],
                                          "company_id": company.id})
    conn.sudo().write({"token_id": token.id, "state": "active", "granted_scopes": grant["scope"]})
    conn.action_test_connection()
    run_job(conn, "reference")
    return conn, tenant


def setup():
    conn, tenant = connect()
    # the generated invoices use account 200 and the sales tax: map them to this chart
    company = env.company
    income = env["account.account"].search([("company_ids", "in", company.id), ("account_type", "=", "income")],
                                           limit=1)
    tax = env["account.tax"].search([("company_id", "=", company.id), ("type_tax_use", "=", "sale"),
                                     ("amount_type", "=", "percent")], limit=1)
    bindings = env["xero.account"].search([("connection_id", "=", conn.id), ("code", "=", "200")])
    bindings.account_id = income
    env["xero.tax.rate"].search([("connection_id", "=", conn.id), ("for_sales", "=", True),
                                 ("rate", ">", 0)]).sale_tax_id = tax
    for code in [c["Code"] for c in conn._xero().get_all("Currencies")]:
        env["res.currency"].with_context(active_test=False).search([("name", "=", code)]).active = True
    run_job(conn, "contacts")
    env.cr.commit()
    return conn, tenant


def calls(tenant_id, after):
    return admin("GET", f"/__sandbox__/calls?tenant={tenant_id}&after={after}")


def measure(label, fn, count):
    env.cr.commit()
    queries0 = env.cr.sql_log_count
    t0 = time.perf_counter()
    fn()
    env.flush_all()
    env.cr.commit()
    elapsed = time.perf_counter() - t0
    queries = env.cr.sql_log_count - queries0
    rate = count / elapsed
    print(f"{label:<10} {count:>6} invoices {elapsed:8.1f} s {rate:8.1f}/s {queries / count:8.1f} SQL/invoice  "
          f"peak RSS {peak_mb():.0f} MB", flush=True)
    return rate


def books_check():
    """One books check of an organisation of BOOKS_N invoices: calls, Odoo-side time, peak memory."""
    tenant = next(t for t in admin("GET", "/__sandbox__/state")["tenants"] if t["key"] == TENANT)
    generated = admin("POST", "/__sandbox__/generate", {
        "tenant": TENANT, "invoices": max(0, BOOKS_N - tenant["counts"].get("Invoices", 0)),
        "contacts": BOOKS_CONTACTS})
    limits = admin("GET", "/__sandbox__/limits")
    admin("POST", "/__sandbox__/limits", {"minute": 1000000, "day": 1000000})  # the import is not measured
    conn, tenant = connect(["offline_access", "accounting.settings", "accounting.contacts", "accounting.invoices",
                            "accounting.payments", "accounting.reports.trialbalance.read",
                            "accounting.reports.banksummary.read", "accounting.banktransactions.read"],
                           own_company=True)
    env["xero.account"].search([("connection_id", "=", conn.id), ("account_id", "=", False)]) \
        .action_create_odoo_accounts()
    run_job(conn, "contacts")
    job = run_job(conn, "documents")
    print(f"books      {job.count_created} documents imported for {BOOKS_CONTACTS} new customers "
          f"({job.state}); Xero's limits back on for the check", flush=True)
    admin("POST", "/__sandbox__/limits", limits)
    waited, send = [0.0], XeroClient._send

    def timed(client, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return send(client, *args, **kwargs)
        finally:
            waited[0] += time.perf_counter() - t0

    XeroClient._send = timed
    mark = max([c["seq"] for c in calls(tenant["id"], 0)] or [0])
    t0 = time.perf_counter()
    run = env["xero.books.run"]._check(conn)
    elapsed = time.perf_counter() - t0
    XeroClient._send = send
    health = conn.health_check_id
    made = calls(tenant["id"], mark)
    paths = {}
    for call in made:
        name = call["path"].rsplit("/api.xro/2.0/", 1)[-1]
        paths[name] = paths.get(name, 0) + 1
    tracemalloc.start()
    again = env["xero.books.run"]._check(conn)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    env.cr.commit()
    print(f"books      the organisation holds {generated['total_invoices']} invoices; with client health "
          f"{len(made)} API calls (target <= 15): the books check {run.api_calls}, client health {health.api_calls} "
          f"({health.state}); per endpoint {paths}", flush=True)
    reasons = {}
    for line in run.line_ids:
        reasons[(line.section, line.reason)] = reasons.get((line.section, line.reason), 0) + 1
    print(f"books      differences by section and reason: {reasons}", flush=True)
    print(f"books      check of {run.document_count} documents, {run.contact_count} contacts, {run.account_count} "
          f"accounts: {run.api_calls} API calls, {run.state} ({run.difference_count} differences); "
          f"{elapsed:.1f} s in all, {elapsed - waited[0]:.1f} s on Odoo's side, {waited[0]:.1f} s waiting on Xero; "
          f"peak memory of the check {peak:.0f} MB (Python's heap; {again.api_calls} calls again), "
          f"process peak RSS {peak_mb():.0f} MB", flush=True)


def main():
    if ONLY == "books":
        books_check()
        return
    conn, tenant = setup()
    alone = {"items": items, "cancel": cancel_documents,
             "publish": lambda conn, tenant: publish_payments(conn, tenant, publish_documents(conn, tenant))}
    if ONLY in alone:
        alone[ONLY](conn, tenant)
        return
    total = tenant["counts"]["Invoices"]
    mark = max([c["seq"] for c in calls(tenant["id"], 0)] or [0])
    result = {}

    def connector():
        job = run_job(conn, "documents")
        result["job"] = job

    print(f"Invoice import from the Xero sandbox ({SANDBOX}), {total} invoices x 3 lines, Xero's limits on",
          flush=True)
    rate_connector = measure("connector", connector, total)
    job = result["job"]
    pull = calls(tenant["id"], mark)
    invoice_calls = [c for c in pull if c["path"].endswith("/Invoices")]
    print(f"           job {job.state}: {job.count_created} created, {job.count_pending} pending, "
          f"{job.count_unreadable} unreadable, {job.count_errors} errors; {job.api_calls} API calls "
          f"({len(invoice_calls)} for invoices), {job.bytes_received / 1e6:.1f} MB received, "
          f"{sum(c['status'] == 429 for c in pull)} answered 429", flush=True)
    print(f"           reading and checking Xero's records: {job.check_seconds:.2f} s = "
          f"{100 * job.check_seconds / (total / rate_connector):.2f}% of the import  (target <= 3%)", flush=True)
    mark = max([c["seq"] for c in pull] or [mark])
    again = run_job(conn, "documents")
    idle = calls(tenant["id"], mark)
    print(f"no-change  sync: {again.api_calls} API calls ({len(idle)} at the sandbox: "
          f"{', '.join(sorted({c['path'].rsplit('/', 1)[-1] for c in idle}))}), "
          f"{again.count_created + again.count_updated} created or updated", flush=True)

    xero = conn._xero()
    docs = records.read_page("invoices", [i for _p, items in xero.iter_pages("Invoices") for i in items]).records
    resolver = Resolver(env, conn)
    journal = env["account.journal"].search([("company_id", "=", env.company.id), ("type", "=", "sale")], limit=1)

    def values(items):
        vals_list = []
        for item in items:
            vals = pull_mappers.document_values(item, resolver)
            vals.pop("xero_id")  # the same values without the binding (the connector's run owns those IDs)
            vals.update({"journal_id": journal.id, "company_id": env.company.id})
            vals_list.append(vals)
        return vals_list

    bookable = [d for d in docs if d.number.startswith("GEN-")]

    def ceiling():
        env["account.move"].create(values(bookable)).action_post()

    sample = bookable[:NAIVE]
    admin("POST", "/__sandbox__/limits", {"minute": 1000000, "day": 1000000})

    def naive():
        for doc in sample:
            one = xero.get(f"Invoices/{doc.xero_id}")["Invoices"]
            env["account.move"].create(values(records.read_page("invoices", one).records)).action_post()

    rate_ceiling = measure("ceiling", ceiling, len(bookable))
    rate_naive = measure("naive", naive, len(sample))
    print(f"connector / ceiling = {rate_connector / rate_ceiling:.2f}  (target >= 0.94)")
    print(f"connector / naive   = {rate_connector / rate_naive:.2f}  (target >= 2.0)", flush=True)
    post_journals(conn, tenant)
    if ONLY != "import":
        publish_payments(conn, tenant, publish_documents(conn, tenant))


def post_journals(conn, tenant):
    """POST_N two-line entries of one day, posted to Xero in the connector's batches."""
    admin("POST", "/__sandbox__/limits", {"minute": 60, "day": 5000})  # Xero's limits again
    company = env.company
    receivable = env["account.account"].search([("company_ids", "in", company.id),
                                                ("account_type", "=", "asset_current")], limit=1)
    env["xero.account"].search([("connection_id", "=", conn.id), ("code", "=", "610")]).account_id = receivable
    income = env["xero.account"].search([("connection_id", "=", conn.id), ("code", "=", "200")]).account_id
    journal = env["account.journal"].search([("company_id", "=", company.id), ("type", "=", "general")], limit=1)
    conn.write({"post_journal_ids": [(6, 0, journal.ids)], "post_mode": "manual"})
    day = fields.Date.context_today(conn) - timedelta(days=3)
    moves = env["account.move"].create([{
        "journal_id": journal.id, "date": day, "ref": f"Accrual {n}",
        "line_ids": [(0, 0, {"account_id": receivable.id, "debit": 10.0 + n % 90, "name": "Accrued"}),
                     (0, 0, {"account_id": income.id, "credit": 10.0 + n % 90, "name": "Accrued"})],
    } for n in range(POST_N)])
    moves.action_post()
    env.cr.commit()
    mark = max([c["seq"] for c in calls(tenant["id"], 0)] or [0])
    t0 = time.perf_counter()
    conn.action_post_journals(cutoff_date=day)
    while env["xero.sync.job"].search_count([("connection_id", "=", conn.id), ("state", "in", ("queued", "running"))]):
        env["xero.sync.job"]._run_next(conn)
    env.cr.commit()
    elapsed = time.perf_counter() - t0
    used = calls(tenant["id"], mark)
    posted = moves.filtered(lambda m: m.xero_post_state == "posted")
    print(f"journals   {len(posted)} of {POST_N} entries posted in {elapsed:.1f} s: {len(used)} API calls "
          f"({sum(c['path'].endswith('/ManualJournals') for c in used)} to ManualJournals), "
          f"{sum(c['status'] == 429 for c in used)} answered 429  (target <= 25 calls for 1,000)", flush=True)


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


def publish_documents(conn, tenant):
    """PUBLISH_N two-line invoices of 20 customers published to Xero in the connector's batches;
    -> those published."""
    if not PUBLISH_N:
        return env["account.move"]
    admin("POST", "/__sandbox__/limits", {"minute": 60, "day": 5000})  # Xero's limits
    company = env.company
    conn.write({"direction_sales": "both", "publish_when": "manual"})
    income = env["xero.account"].search([("connection_id", "=", conn.id), ("code", "=", "200")]).account_id
    # Xero's GST on Income (10%) mapped to a 10% Odoo tax (the import part maps every sales
    # rate to whatever sales tax the test chart has)
    tax = env["account.tax"].create({"name": "GST 10% (publishing)", "amount": 10.0, "type_tax_use": "sale",
                                     "company_id": company.id})
    env["xero.tax.rate"].search([("connection_id", "=", conn.id), ("xero_id", "=", "OUTPUT")]).sale_tax_id = tax
    customers = env["res.partner"].create([{"name": f"Publishing Customer {n:02d}", "company_id": company.id}
                                           for n in range(20)])
    day = fields.Date.context_today(conn) - timedelta(days=3)
    t0 = time.perf_counter()
    moves = env["account.move"]
    for start in range(0, PUBLISH_N, 1000):
        chunk = env["account.move"].create([{
            "move_type": "out_invoice", "partner_id": customers[n % 20].id, "invoice_date": day,
            "invoice_line_ids": [
                (0, 0, {"name": "Goods", "quantity": 1 + n % 7, "price_unit": 9.95 + n % 50, "discount": n % 3 * 5,
                        "account_id": income.id, "tax_ids": [(6, 0, tax.ids)]}),
                (0, 0, {"name": "Delivery", "quantity": 1, "price_unit": 7.5, "account_id": income.id,
                        "tax_ids": [(6, 0, tax.ids)]}),
            ]} for n in range(start, min(start + 1000, PUBLISH_N))])
        chunk.action_post()
        env.cr.commit()
        moves |= chunk
    created = time.perf_counter() - t0
    mark = max([c["seq"] for c in calls(tenant["id"], 0)] or [0])
    queries0 = env.cr.sql_log_count
    t0, wall0 = time.perf_counter(), time.time()
    profile = cProfile.Profile() if os.environ.get("XERO_BENCH_PROFILE") else None
    if profile:
        profile.enable()
    with waiting_for_xero() as waited:
        conn._publish_jobs()
        env.cr.commit()
        while env["xero.sync.job"].search_count([("connection_id", "=", conn.id),
                                                 ("state", "in", ("queued", "running"))]):
            env["xero.sync.job"]._run_next(conn)
        env.cr.commit()
    elapsed = time.perf_counter() - t0
    queries = env.cr.sql_log_count - queries0
    if profile:  # where the time goes, for whoever makes it faster
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    used = calls(tenant["id"], mark)
    moves.invalidate_recordset()
    published = moves.filtered(lambda m: m.xero_publish_state == "published")
    differ = moves.filtered(lambda m: m.xero_publish_state == "mismatch")
    print(f"publish    {len(published)} of {PUBLISH_N} invoices published in {elapsed:.1f} s "
          f"({PUBLISH_N / elapsed:.1f}/s; created and posted in {created:.1f} s): {len(used)} API calls "
          f"({sum(c['path'].endswith('/Invoices') for c in used)} to Invoices), "
          f"{sum(c['status'] == 429 for c in used)} answered 429, {len(differ)} with totals differing "
          f"(target <= 210 calls for 10,000), peak RSS {peak_mb():.0f} MB", flush=True)
    # Xero's rolling minute lets 60 calls through at once: n calls take (ceil(n / 60) - 1) minutes
    floor = minimum_seconds(len(used))
    odoo = elapsed - waited[0]
    print(f"publish    {floor_words(floor, len(used), elapsed)} (target <= 1.1x); "
          f"Odoo's own work {odoo:.1f} s = {odoo / PUBLISH_N * 1000:.1f} ms per invoice, "
          f"({queries / PUBLISH_N:.1f} SQL queries), waiting for Xero {waited[0]:.1f} s; "
          f"{waited.reply_words()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    # where the time over the floor goes: before the first call, between the windows, after the last
    stamps = [c["ts"] - wall0 for c in used]
    if stamps:
        batches = [c["ts"] - wall0 for c in used if c["path"].endswith("/Invoices") and c["method"] in ("POST", "PUT")]
        print(f"publish    timeline: first call +{stamps[0]:.1f} s, first batch +{(batches or stamps)[0]:.1f} s, "
              f"each minute's first call at {', '.join(f'+{stamps[i]:.1f}' for i in range(0, len(stamps), 60))} s, "
              f"last call +{stamps[-1]:.1f} s, done +{elapsed:.1f} s", flush=True)
    return published


def run_publish_jobs(conn):
    conn._publish_jobs()
    env.cr.commit()
    while env["xero.sync.job"].search_count([("connection_id", "=", conn.id), ("state", "in", ("queued", "running"))]):
        env["xero.sync.job"]._run_next(conn)
    env.cr.commit()


def publish_payments(conn, tenant, invoices):
    """Each published invoice paid in Odoo (one payment each: two in three in full, one in three
    in part) on a bank journal mapped to a Xero bank account, then the payments published."""
    if not invoices or not PAYMENTS:
        return
    admin("POST", "/__sandbox__/limits", {"minute": 60, "day": 5000})  # Xero's limits
    company = env.company
    journal = env["account.journal"].search([("company_id", "=", company.id), ("type", "=", "bank")], limit=1)
    bank = env["xero.account"].search([("connection_id", "=", conn.id), ("account_type", "=", "BANK"),
                                       ("status", "=", "ACTIVE")], order="code", limit=1)
    env["xero.account"].search([("connection_id", "=", conn.id), ("journal_id", "=", journal.id)]).journal_id = False
    bank.journal_id = journal
    conn.write({"direction_payments": "both"})
    day = fields.Date.context_today(conn) - timedelta(days=1)
    t0 = time.perf_counter()
    amounts = [inv.amount_residual if n % 3 else round(inv.amount_residual * 0.4, 2)
               for n, inv in enumerate(invoices)]
    payments = env["account.payment"].create([{
        "payment_type": "inbound", "partner_type": "customer", "partner_id": inv.partner_id.id,
        "amount": amount, "currency_id": inv.currency_id.id, "journal_id": journal.id, "date": day,
        "memo": inv.name,
    } for inv, amount in zip(invoices, amounts, strict=True)])
    payments.action_post()
    # one reconciliation plan for all (Odoo's own batch, as the payment wizard uses)
    env["account.move.line"]._reconcile_plan([
        (payment.move_id.line_ids | inv.line_ids).filtered(
            lambda ln: ln.account_id.account_type == "asset_receivable" and not ln.reconciled)
        for payment, inv in zip(payments, invoices, strict=True)])
    env.cr.commit()
    paid_in = time.perf_counter() - t0
    mark = max([c["seq"] for c in calls(tenant["id"], 0)] or [0])
    queries0 = env.cr.sql_log_count
    t0 = time.perf_counter()
    profile = cProfile.Profile() if os.environ.get("XERO_BENCH_PROFILE") else None
    if profile:
        profile.enable()
    with waiting_for_xero() as waited:
        run_publish_jobs(conn)
    elapsed = time.perf_counter() - t0
    if profile:
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    queries = env.cr.sql_log_count - queries0
    used = calls(tenant["id"], mark)
    links = env["xero.payment.link"].search([("payment_id", "in", payments.ids)])
    published = links.filtered(lambda ln: ln.state == "published")
    print(f"payments   {len(published)} of {len(payments)} payments published in {elapsed:.1f} s "
          f"({len(payments) / elapsed:.1f}/s; paid and reconciled in Odoo in {paid_in:.1f} s): {len(used)} API "
          f"calls ({sum(c['path'].endswith('/Payments') for c in used)} to Payments), "
          f"{sum(c['status'] == 429 for c in used)} answered 429, {len(links - published)} not published, "
          f"peak RSS {peak_mb():.0f} MB", flush=True)
    odoo = elapsed - waited[0]
    print(f"payments   {floor_words(minimum_seconds(len(used)), len(used), elapsed)}", flush=True)
    print(f"payments   Odoo's own work {odoo:.1f} s = {odoo / len(payments) * 1000:.1f} ms per payment "
          f"({queries / len(payments):.1f} SQL queries), waiting for Xero {waited[0]:.1f} s", flush=True)
    mark = max([c["seq"] for c in calls(tenant["id"], 0)] or [0])
    run_publish_jobs(conn)  # again: nothing is sent twice
    again = [c for c in calls(tenant["id"], mark) if c["path"].endswith("/Payments") and c["method"] != "GET"]
    # Xero's amount due on every invoice, read back in pages (limits lifted: a check, not the run)
    admin("POST", "/__sandbox__/limits", {"minute": 1000000, "day": 1000000})
    due = {}
    for _page, items in conn._xero().iter_pages("Invoices", params={"where": 'Type=="ACCREC"'}):
        due.update({i["InvoiceID"]: i.get("AmountDue") for i in items})
    invoices.invalidate_recordset()
    wrong = [inv.name for inv in invoices
             if due.get(inv.xero_id) is None or round(due[inv.xero_id], 2) != round(inv.amount_residual, 2)]
    print(f"payments   publishing again sent {len(again)} payment writes; Xero's amount due equals Odoo's residual "
          f"on {len(invoices) - len(wrong)} of {len(invoices)} invoices"
          f"{' (differs on ' + ', '.join(wrong[:5]) + ')' if wrong else ''}", flush=True)


def items(conn, tenant):
    """ITEMS_N items pulled from Xero into products, then ITEMS_N products published as items."""
    company = env.company
    conn.write({"direction_products": "both"})
    income = env["xero.account"].search([("connection_id", "=", conn.id), ("code", "=", "200")]).account_id
    tax = env["xero.tax.rate"].search([("connection_id", "=", conn.id), ("xero_id", "=", "OUTPUT")]).sale_tax_id
    # the items entered in Xero (the sandbox's limits lifted while they are typed in)
    admin("POST", "/__sandbox__/limits", {"minute": 1000000, "day": 1000000})
    xero = conn._xero()
    for start in range(0, ITEMS_N, 1000):
        xero.save_batch("Items", [{
            "Code": f"XI-{n:06d}", "Name": f"Xero item {n}", "Description": f"Sold item {n}",
            "SalesDetails": {"UnitPrice": round(1 + n % 500 * 0.37, 2), "AccountCode": "200", "TaxType": "OUTPUT"},
            "PurchaseDetails": {"UnitPrice": round(0.5 + n % 300 * 0.21, 2), "AccountCode": "310",
                                "TaxType": "INPUT"},
        } for n in range(start, min(start + 1000, ITEMS_N))])
    admin("POST", "/__sandbox__/limits", {"minute": 60, "day": 5000})  # Xero's limits
    env.cr.commit()

    def run(label, fn, count):
        mark = max([c["seq"] for c in calls(tenant["id"], 0)] or [0])
        queries0 = env.cr.sql_log_count
        t0 = time.perf_counter()
        job = fn()
        elapsed = time.perf_counter() - t0
        used = calls(tenant["id"], mark)
        print(f"items {label:<8} {count:>6} in {elapsed:7.1f} s {count / elapsed:8.1f} items/s "
              f"{(env.cr.sql_log_count - queries0) / count:6.1f} SQL/item  {len(used)} API calls "
              f"({sum(c['path'].endswith('/Items') for c in used)} to Items), "
              f"{sum(c['status'] == 429 for c in used)} answered 429, peak RSS {peak_mb():.0f} MB  "
              f"[{job.summary or job.state}]", flush=True)
        print(f"items {label:<8} {floor_words(minimum_seconds(len(used)), len(used), elapsed)}", flush=True)

    print(f"Items from and to the Xero sandbox ({SANDBOX}), {ITEMS_N} each way, Xero's limits on", flush=True)
    run("pull", lambda: run_job(conn, "reference"), ITEMS_N)
    env["product.product"].create([{
        "name": f"Odoo product {n}", "default_code": f"OP-{n:06d}", "list_price": 2 + n % 400 * 0.5,
        "taxes_id": [(6, 0, tax.ids)], "property_account_income_id": income.id,
    } for n in range(ITEMS_N)])
    env.cr.commit()

    def publish():
        jobs = conn._publish_jobs()
        env.cr.commit()
        while env["xero.sync.job"].search_count([("connection_id", "=", conn.id),
                                                 ("state", "in", ("queued", "running"))]):
            env["xero.sync.job"]._run_next(conn)
        env.cr.commit()
        return jobs

    run("publish", publish, ITEMS_N)
    links = env["xero.product.binding"].search([("connection_id", "=", conn.id)])
    print(f"items      {len(links.filtered('xero_id'))} products linked to items of {len(links)} links, "
          f"{len(links.filtered(lambda b: b.publish_state == 'error'))} refused; company {company.name}", flush=True)


def cancel_documents(conn, tenant):
    """CANCEL_N invoices published, then cancelled from the list as a user does: the wait is
    Odoo's bulk check of Xero plus Odoo's own cancelling; the voids go after, from the job."""
    global PUBLISH_N  # noqa: PLW0603 (publish_documents makes PUBLISH_N invoices)
    PUBLISH_N = CANCEL_N
    moves = publish_documents(conn, tenant)
    admin("POST", "/__sandbox__/limits", {"minute": 60, "day": 5000})  # Xero's limits
    mark = max([c["seq"] for c in calls(tenant["id"], 0)] or [0])
    profile = cProfile.Profile() if os.environ.get("XERO_BENCH_PROFILE_CANCEL") else None
    t0 = time.perf_counter()
    if profile:
        profile.enable()
    confirm = moves.action_xero_cancel_confirm()  # the list's "Cancel (and Void in Xero)"
    env["xero.cancel.confirm"].create({"move_ids": confirm["context"]["default_move_ids"]}).action_confirm()
    env.cr.commit()
    waited = time.perf_counter() - t0
    if profile:
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    checks = calls(tenant["id"], mark)
    mark = max([c["seq"] for c in checks] or [mark])
    t0 = time.perf_counter()
    while env["xero.sync.job"].search_count([("connection_id", "=", conn.id), ("state", "in", ("queued", "running"))]):
        env["xero.sync.job"]._run_next(conn)
    env.cr.commit()
    sent = time.perf_counter() - t0
    used = calls(tenant["id"], mark)
    writes = [c for c in used if c["method"] in ("PUT", "POST")]
    moves.invalidate_recordset()
    voided = moves.filtered(lambda m: m.xero_publish_state == "cancelled" and m.xero_status == "VOIDED")
    xero = conn._xero()
    in_xero = {d["InvoiceID"]: d["Status"] for _p, items in xero.iter_pages("Invoices", params={
        "Statuses": "VOIDED"}) for d in items}
    print(f"cancel     {len(moves)} published invoices cancelled from the list: the user waited {waited:.1f} s, "
          f"{len(checks)} API calls in that wait ({', '.join(sorted({c['method'] + ' ' + c['path'].rsplit('/', 1)[-1] for c in checks}))}), "
          f"none of them writes: {not any(c['method'] in ('PUT', 'POST') for c in checks)}", flush=True)
    print(f"cancel     the outbox job: {sent:.1f} s, {len(used)} API calls, {len(writes)} writes "
          f"(target <= {-(-len(moves) // 50)}), {sum(c['status'] == 429 for c in used + checks)} answered 429; "
          f"{len(voided)} cancelled in Odoo and voided, {sum(in_xero.get(m.xero_id) == 'VOIDED' for m in moves)} "
          f"VOIDED in Xero", flush=True)


main()
