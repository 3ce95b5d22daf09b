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

import os
import sys
import time
import tracemalloc
from datetime import timedelta

from odoo import fields
from odoo.addons.xero_connector.sync import records
from odoo.addons.xero_connector.sync.mappers import pull as pull_mappers
from odoo.addons.xero_connector.sync.resolver import Resolver
from odoo.addons.xero_connector.xero_client import XeroClient
from odoo.addons.xero_connector.xero_client.governor import minimum_seconds

sys.path.insert(0, os.path.join(os.getcwd(), "benchmarks"))  # run from the repository (run.sh), fed on stdin
import bench_publish  # noqa: E402
from bench_common import SANDBOX, admin, calls, floor_words, peak_mb, profiled, run_job  # noqa: E402
from bench_publish import publish_documents, publish_payments  # noqa: E402

TENANT = os.environ.get("XERO_BENCH_TENANT", "wallaby")
NAIVE = int(os.environ.get("XERO_BENCH_NAIVE", "500"))
POST_N = int(os.environ.get("XERO_BENCH_JOURNALS", "1000"))
ITEMS_N = int(os.environ.get("XERO_BENCH_ITEMS", "10000"))
CANCEL_N = int(os.environ.get("XERO_BENCH_CANCEL", "1000"))
BOOKS_N = int(os.environ.get("XERO_BENCH_BOOKS", "10000"))
BOOKS_CONTACTS = int(os.environ.get("XERO_BENCH_BOOKS_CONTACTS", "500"))
ONLY = os.environ.get("XERO_BENCH_ONLY", "")
env = env  # noqa: F821,PLW0127 (provided by odoo-bin shell)


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
    bench_publish.PUBLISH_N = CANCEL_N  # publish_documents makes PUBLISH_N invoices
    moves = publish_documents(conn, tenant)
    admin("POST", "/__sandbox__/limits", {"minute": 60, "day": 5000})  # Xero's limits
    mark = max([c["seq"] for c in calls(tenant["id"], 0)] or [0])
    t0 = time.perf_counter()
    with profiled("XERO_BENCH_PROFILE_CANCEL", 45):
        confirm = moves.action_xero_cancel_confirm()  # the list's "Cancel (and Void in Xero)"
        env["xero.cancel.confirm"].create({"move_ids": confirm["context"]["default_move_ids"]}).action_confirm()
        env.cr.commit()
        waited = time.perf_counter() - t0
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
