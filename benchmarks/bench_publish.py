"""The publishing benchmark, run inside Odoo by benchmark.py: PUBLISH_N Odoo invoices published to
Xero in the connector's batches, then each paid in Odoo and the payments published (see
benchmark.py's docstring for what it prints and docs/benchmarks.md for the figures).

    published = publish_documents(conn, tenant)
    publish_payments(conn, tenant, published)
"""

import os
import time
from datetime import timedelta

from bench_common import admin, calls, floor_words, peak_mb, profiled, waiting_for_xero
from odoo import fields
from odoo.addons.xero_connector.xero_client.governor import minimum_seconds

PUBLISH_N = int(os.environ.get("XERO_BENCH_PUBLISH", os.environ.get("XERO_BENCH_INVOICES", "10000")))
PAYMENTS = os.environ.get("XERO_BENCH_PAYMENTS", "1") != "0"  # 0: publish the invoices only


def publish_documents(conn, tenant):
    """PUBLISH_N two-line invoices of 20 customers published to Xero in the connector's batches;
    -> those published."""
    env = conn.env
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
    with profiled(), waiting_for_xero() as waited:
        run_publish_jobs(conn)
        elapsed = time.perf_counter() - t0
    queries = env.cr.sql_log_count - queries0
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
    env = conn.env
    conn._publish_jobs()
    env.cr.commit()
    while env["xero.sync.job"].search_count([("connection_id", "=", conn.id), ("state", "in", ("queued", "running"))]):
        env["xero.sync.job"]._run_next(conn)
    env.cr.commit()


def publish_payments(conn, tenant, invoices):
    """Each published invoice paid in Odoo (one payment each: two in three in full, one in three
    in part) on a bank journal mapped to a Xero bank account, then the payments published."""
    env = conn.env
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
    with profiled(), waiting_for_xero() as waited:
        run_publish_jobs(conn)
        elapsed = time.perf_counter() - t0
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
