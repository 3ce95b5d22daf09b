"""Client health across a firm: N small organisations (default 200, XERO_BENCH_ORGS) in one sandbox
served in this process, Xero's limits on. Each organisation is a copy of the Australian demo one;
one in four has bank lines waiting, one in ten a lock date moved backwards between two checks, one
in five a document of its closed period changed in between. Two checks of every organisation:
the first (lock dates first seen) and the second (changes after close read). Prints the API calls
per organisation (mean and most), the conditions found, and the time.

Plain Python: the Xero side only (sync/books/health.py).
    python benchmarks/client_health.py
Inside Odoo (a throwaway database with the addon installed): the whole check per connection,
stored; prints the Odoo-side time (the check's total less the time spent reading Xero).
    bash benchmarks/client_health.sh
Prints figures, never pass/fail.
"""

import logging
import os
import statistics
import sys
import threading
import time
import types
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(os.environ.get("XERO_REPO_ROOT") or Path(__file__).resolve().parent.parent) \
    if "__file__" in globals() else Path(os.environ["XERO_REPO_ROOT"])
sys.path.insert(0, str(ROOT))
IN_ODOO = "env" in globals()
if not IN_ODOO and "xero_connector" not in sys.modules:  # the pure parts only, without Odoo
    package = types.ModuleType("xero_connector")
    package.__path__ = [str(ROOT / "xero_connector")]
    sys.modules["xero_connector"] = package

from werkzeug.serving import make_server  # noqa: E402

from xero_sandbox import banking, testing  # noqa: E402
from xero_sandbox.accounting import COLLECTIONS  # noqa: E402
from xero_sandbox.app import SandboxApp  # noqa: E402
from xero_sandbox.books import now_xero  # noqa: E402
from xero_sandbox.seed import TENANT_IDS  # noqa: E402
from xero_sandbox.store import Store  # noqa: E402

SCOPES = ["offline_access", "accounting.settings.read", "accounting.invoices.read", "accounting.manualjournals.read",
          "accounting.reports.banksummary.read", "accounting.banktransactions.read", "accounting.payments.read"]
KINDS = ("Accounts", "TaxRates", "Currencies", "Contacts", "Invoices", "CreditNotes", "Payments", "ManualJournals")


def firm(store, count):
    """`count` copies of Wallaby Wholesale -> their tenant ids."""
    source = store.tenant(TENANT_IDS["wallaby"])
    records = {kind: store.all(source["id"], kind) for kind in KINDS}
    tenants = []
    for n in range(count):
        tid = str(uuid.uuid4())
        org = dict(source["organisation"], OrganisationID=tid, Name=f"Client {n + 1:03d} Pty",
                   ShortCode=f"!c{n:04d}")
        store.add_tenant(tid, f"client{n}", org["Name"], org)
        for kind, items in records.items():
            store.put_many(tid, kind, [(i[COLLECTIONS[kind][0]], i) for i in items])
        tenants.append(tid)
    return tenants


def plant_before(store, tenants, today):
    """Bank lines waiting in one organisation in four (the copied payments reconciled, as a bank
    feed leaves them); a lock date in every one."""
    for n, tid in enumerate(tenants):
        banking.plant(store, tid, {"reconcile": "all"})
        if n % 4 == 0:
            banking.plant(store, tid, {"items": [
                {"bank": "090", "amount": 10 + k, "date": today.isoformat(), "reference": f"Line {k}"}
                for k in range(3)]})
        org = store.tenant(tid)["organisation"]  # every client has closed its books to last month
        org["PeriodLockDate"] = f"/Date({int(datetime(today.year, today.month, 1, tzinfo=UTC).timestamp()) * 1000}+0000)/"
        store.save_organisation(tid, org)


def plant_between(store, tenants, today):
    """A lock date moved backwards in one in ten; a closed-period document changed in one in five."""
    store.advance(120)
    stamp = now_xero(store)
    back = today.replace(day=1) - timedelta(days=90)
    for n, tid in enumerate(tenants):
        if n % 10 == 0:
            org = store.tenant(tid)["organisation"]
            org["PeriodLockDate"] = f"/Date({int(datetime(back.year, back.month, back.day, tzinfo=UTC).timestamp()) * 1000}+0000)/"
            store.save_organisation(tid, org)
        if n % 5 == 0:
            doc = min((d for d in store.all(tid, "Invoices") if d.get("Status") == "AUTHORISED"),
                      key=lambda d: d["DateString"])
            store.put(tid, "Invoices", doc["InvoiceID"], dict(doc, Reference="changed after close",
                                                               UpdatedDateUTC=stamp))


def serve(count):
    store = Store(":memory:")
    app = SandboxApp(store, client_id=testing.CLIENT_ID, client_secret=testing.CLIENT_SECRET)
    from xero_sandbox import seed

    seed.seed(store, app)
    started = time.perf_counter()
    tenants = firm(store, count)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", testing.free_port(), app, threaded=True)
    app.base_url = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"sandbox: {count} organisations in {time.perf_counter() - started:.1f} s at {app.base_url}")
    return store, app, server, tenants


def figures(label, calls, found, seconds):
    print(f"{label}: API calls per organisation mean {statistics.mean(calls):.2f}, most {max(calls)}, "
          f"all {sum(calls)}; in {seconds:.1f} s ({seconds / len(calls) * 1000:.0f} ms per organisation)")
    print("  found: " + ", ".join(f"{k} {v}" for k, v in found.items()))


def pure(store, app, tenants):
    from xero_connector.sync.books.health import HealthCheck
    from xero_connector.xero_client import XeroClient, XeroConfig

    url = app.base_url
    token = app.identity.grant_for_tests(tenants, SCOPES)["access_token"]
    today = datetime.fromtimestamp(store.now(), UTC).date()
    memories = {}
    plant_before(store, tenants, today)
    for round_ in ("first check", "second check"):
        if round_ == "second check":
            plant_between(store, tenants, today)
        calls, found = [], dict.fromkeys(("bank lines waiting", "reopened", "changed after close", "overdue"), 0)
        started = time.perf_counter()
        for tid in tenants:
            xero = XeroClient(XeroConfig(client_id=testing.CLIENT_ID, client_secret=testing.CLIENT_SECRET,
                                         login_url=url, identity_url=url, api_url=url, app_url=url), tid, token)
            result = HealthCheck(xero, SCOPES, today, memories.get(tid)).run()
            memories[tid] = result.memory
            calls.append(result.calls)
            found["bank lines waiting"] += bool(result.waiting)
            found["reopened"] += bool(result.memory.reopened_from)
            found["changed after close"] += bool(result.changes)
            found["overdue"] += bool(result.overdue_receivable or result.overdue_payable)
        figures(f"Xero side, {round_}", calls, found, time.perf_counter() - started)


def in_odoo(store, app, tenants):  # pragma: no cover (runs in odoo-bin shell)
    from odoo.addons.xero_connector.sync.books import health as health_module  # noqa: PLC0415

    env = globals()["env"]
    icp = env["ir.config_parameter"].sudo()
    icp.set_param("xero_connector.client_id", testing.CLIENT_ID)
    icp.set_param("xero_connector.client_secret", testing.CLIENT_SECRET)
    icp.set_param("xero_connector.service_url", app.base_url)
    grant = app.identity.grant_for_tests(tenants, SCOPES)
    token = env["xero.token"].sudo().create(env["xero.token"]._values_from({
        "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
        "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split()}))
    conns = env["xero.connection"].browse()
    for n, tid in enumerate(tenants):
        conns |= env["xero.connection"].create({"name": f"Client {n + 1:03d}", "tenant_id": tid,
                                                "company_id": env.company.id})
    conns.sudo().write({"token_id": token.id, "state": "active", "granted_scopes": token.scope})
    env.cr.commit()
    xero_time = [0.0]
    real_run = health_module.HealthCheck.run

    def timed_run(self):
        started = time.perf_counter()
        try:
            return real_run(self)
        finally:
            xero_time[0] += time.perf_counter() - started

    health_module.HealthCheck.run = timed_run
    today = datetime.fromtimestamp(store.now(), UTC).date()
    plant_before(store, tenants, today)
    for round_ in ("first check", "second check"):
        if round_ == "second check":
            plant_between(store, tenants, today)
        xero_time[0] = 0.0
        started = time.perf_counter()
        checks = env["xero.health.check"].browse()
        for conn in conns:
            checks |= env["xero.health.check"]._check(conn)
        env.cr.commit()
        total = time.perf_counter() - started
        found = {"bank lines waiting": len(conns.filtered("health_unreconciled")),
                 "reopened": len(conns.filtered("health_reopened")),
                 "changed after close": len(conns.filtered("health_changed")),
                 "failed": len(checks.filtered(lambda c: c.state == "failed"))}
        figures(f"Odoo, {round_}", checks.mapped("api_calls"), found, total)
        print(f"  Odoo side (the check's total less reading Xero): {total - xero_time[0]:.1f} s "
              f"({(total - xero_time[0]) / len(conns) * 1000:.0f} ms per organisation)")
    started = time.perf_counter()
    env["xero.connection"].search([("health_attention", ">", 0)], order="health_attention desc, name")
    print(f"the dashboard's 'needs work' list, sorted: {(time.perf_counter() - started) * 1000:.0f} ms")


def main():
    count = int(os.environ.get("XERO_BENCH_ORGS", 200))
    store, app, server, tenants = serve(count)
    try:
        (in_odoo if IN_ODOO else pure)(store, app, tenants)
    finally:
        server.shutdown()


if __name__ in ("__main__", "builtins") or IN_ODOO:
    main()
