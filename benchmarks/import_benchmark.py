"""Invoice import benchmark, run inside Odoo (odoo-bin shell), driven by benchmarks/run.sh.

Three ways over the same N generated 3-line invoices (mixed currencies, tracked lines):
  connector  the sync job's documents step (mapping, batch create, batch post, bindings)
  ceiling    the same move values created and posted in one batch, no connector
  naive      one create + post per invoice (on a sample)
The Xero side is an in-process source (pages of 1000) unless XERO_BENCH_SANDBOX is set,
so these figures are Odoo's ORM cost; the API figures come from the sandbox run.
Prints figures and ratios. Each way commits, as a real run does (the database is throwaway).
"""

import os
import random
import resource
import time
from types import SimpleNamespace
from unittest.mock import patch

from odoo.addons.xero_connector.sync import mappers
from odoo.addons.xero_connector.sync.resolver import Resolver


class PagedSource:
    """Stands in for the Xero client: Xero's pages of 1000, counted like the client counts."""

    def __init__(self, docs, page_size=1000):
        self.docs, self.page_size = docs, page_size
        self.stats = SimpleNamespace(calls=0, bytes_received=0)

    def iter_pages(self, collection, params=None, modified_since=None, page_size=None, start_page=1):
        page = start_page
        while True:
            self.stats.calls += 1
            docs = self.docs if collection == "Invoices" else []
            chunk = docs[(page - 1) * self.page_size: page * self.page_size]
            yield page, chunk
            if len(chunk) < self.page_size:
                return
            page += 1

N = int(os.environ.get("XERO_BENCH_INVOICES", "2000"))
NAIVE = int(os.environ.get("XERO_BENCH_NAIVE", "500"))
env = env  # noqa: F821,PLW0127 (provided by odoo-bin shell)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup():
    company = env.company
    env.ref("base.EUR").active = True
    conn = env["xero.connection"].create({"name": "Bench Org", "tenant_id": "t-bench", "country_code": "US"})
    conn.sudo().state = "active"
    income = env["account.account"].search([("company_ids", "in", company.id), ("account_type", "=", "income")], limit=1)
    tax = env["account.tax"].search([("company_id", "=", company.id), ("type_tax_use", "=", "sale")], limit=1)
    env["xero.account"].create({"connection_id": conn.id, "xero_id": "a1", "code": "200", "name": "Sales", "account_id": income.id})
    env["xero.tax.rate"].create({"connection_id": conn.id, "xero_id": "OUTPUT", "name": "Sales", "rate": tax.amount, "sale_tax_id": tax.id, "for_sales": True})
    plan = env["account.analytic.plan"].create({"name": "Region (bench)"})
    cat = env["xero.tracking.category"].create({"connection_id": conn.id, "xero_id": "t1", "name": "Region", "plan_id": plan.id})
    for i, name in enumerate(("North", "South", "East")):
        analytic = env["account.analytic.account"].create({"name": name, "plan_id": plan.id})
        env["xero.tracking.option"].create({"connection_id": conn.id, "xero_id": f"o{i}", "category_id": cat.id, "name": name, "analytic_account_id": analytic.id, "status": "ACTIVE"})
    for i in range(50):
        partner = env["res.partner"].create({"name": f"Customer {i}"})
        env["xero.contact"].create({"connection_id": conn.id, "xero_id": f"c{i}", "name": partner.name, "partner_id": partner.id})
    env.flush_all()
    return conn


def invoices(n):
    rnd = random.Random(42)
    out = []
    for i in range(n):
        lines = [{
            "Description": f"Item {j}", "Quantity": rnd.randint(1, 5), "UnitAmount": rnd.randint(10, 500),
            "AccountCode": "200", "TaxType": "OUTPUT",
            "Tracking": [{"Name": "Region", "Option": ("North", "South", "East")[j], "TrackingOptionID": f"o{j}"}],
        } for j in range(3)]
        out.append({
            "InvoiceID": f"inv-{i}", "InvoiceNumber": f"INV-{i:05d}", "Type": "ACCREC", "Status": "AUTHORISED",
            "Contact": {"ContactID": f"c{i % 50}"}, "CurrencyCode": "EUR" if i % 4 == 0 else "USD",
            "CurrencyRate": 0.92 if i % 4 == 0 else None, "DateString": "2026-03-15T00:00:00",
            "DueDateString": "2026-04-15T00:00:00", "LineAmountTypes": "Exclusive",
            "UpdatedDateUTC": f"/Date({1774915200000 + i * 1000}+0000)/", "LineItems": lines,
        })
    return out


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
    print(f"{label:<10} {count:>6} invoices {elapsed:8.1f} s {rate:8.1f}/s {queries / count:8.1f} SQL/invoice  peak RSS {peak_mb():.0f} MB")
    return rate


def main():
    conn = setup()
    docs = invoices(N)
    fake = PagedSource(docs)
    sample = docs[:NAIVE]
    resolver = Resolver(env, conn)
    journal = env["account.journal"].search([("company_id", "=", env.company.id), ("type", "=", "sale")], limit=1)

    def values(items):
        vals_list = []
        for item in items:
            vals = mappers.document_values(item, resolver)
            # the same document values, without the Xero binding (the connector's run owns those IDs)
            vals.pop("xero_id")
            vals.update({"journal_id": journal.id, "company_id": env.company.id})
            vals_list.append(vals)
        return vals_list

    def connector():
        with patch.object(type(env["xero.connection"]), "_xero", lambda c: fake):
            job = env["xero.sync.job"]._enqueue(conn, "documents", "manual")
            env["xero.sync.job"]._run_next(conn)
            assert job.state == "done", job.log
            print(f"           connector job: {job.count_created} created, {job.api_calls} API calls")

    def ceiling():
        moves = env["account.move"].create(values(docs))
        moves.action_post()

    def naive():
        for vals in values(sample):
            env["account.move"].create(vals).action_post()

    print(f"Invoice import, {N} invoices x 3 lines, Odoo's ORM (in-process source)")
    rate_connector = measure("connector", connector, N)
    rate_ceiling = measure("ceiling", ceiling, N)
    rate_naive = measure("naive", naive, len(sample))
    print(f"connector / ceiling = {rate_connector / rate_ceiling:.2f}  (target >= 0.80)")
    print(f"connector / naive   = {rate_connector / rate_naive:.2f}  (target >= 2.0)")


main()
