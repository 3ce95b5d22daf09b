"""Books agree at size: the Xero side of a books check of an organisation with N invoices
(default 10,000) and C new contacts (default 500) in the sandbox, Xero's limits on. Prints the
API calls it took (target: at most 15), the time and peak memory of reading Xero's side and
of the comparisons (documents both ways, contact balances) against an Odoo side that mirrors
it (so every document is matched). With XERO_BENCH_ODOO=1 it then runs the whole check inside
Odoo (benchmarks/run.sh, XERO_BENCH_ONLY=books: the same invoices and contacts imported into a
fresh database) and prints its Odoo-side time (less the time waiting on Xero) and peak memory.
Prints figures, never pass/fail.

    python benchmarks/books_check.py            XERO_BENCH_INVOICES=2000 python benchmarks/books_check.py
    XERO_BENCH_ODOO=1 python benchmarks/books_check.py
"""

import os
import resource
import subprocess
import sys
import time
import types
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "xero_connector" not in sys.modules:  # the pure parts only, without Odoo (as conftest.py does)
    package = types.ModuleType("xero_connector")
    package.__path__ = [str(ROOT / "xero_connector")]
    sys.modules["xero_connector"] = package

from xero_connector.sync.books import compare  # noqa: E402
from xero_connector.sync.books.check import read_xero_documents, read_xero_trial_balance  # noqa: E402
from xero_connector.xero_client import XeroClient, XeroConfig  # noqa: E402
from xero_sandbox import testing  # noqa: E402
from xero_sandbox.seed import TENANT_IDS  # noqa: E402

SCOPES = ["accounting.settings.read", "accounting.invoices.read", "accounting.reports.trialbalance.read"]


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    invoices = int(os.environ.get("XERO_BENCH_INVOICES", 10000))
    contacts = int(os.environ.get("XERO_BENCH_CONTACTS", 500))
    tenant = TENANT_IDS["wallaby"]
    with testing.SandboxProcess(strict=False) as sandbox:
        started = time.perf_counter()
        sandbox.admin("POST", "/__sandbox__/generate", json={"tenant": "wallaby", "invoices": invoices,
                                                            "contacts": contacts})
        print(f"sandbox: {invoices} invoices and {contacts} contacts generated in {time.perf_counter() - started:.1f} s")
        token = sandbox.grant([tenant], SCOPES)["access_token"]
        url = sandbox.url
        xero = XeroClient(XeroConfig(client_id=testing.CLIENT_ID, client_secret=testing.CLIENT_SECRET, login_url=url,
                                     identity_url=url, api_url=url, app_url=url), tenant, token)
        day = date.fromisoformat(sandbox.admin("GET", "/__sandbox__/state")["now"][:10])
        start = day - timedelta(days=366)
        before = peak_mb()
        started = time.perf_counter()
        xero.get_organisation()
        balances, problems = read_xero_trial_balance(xero, day)
        documents = read_xero_documents(xero, start, day)
        period, open_docs = documents.period, documents.open
        read = time.perf_counter() - started
        calls = xero.stats.calls
        started = time.perf_counter()
        mirror = {i: compare.OdooDoc(n, d.number, compare.ODOO_STATE[d.status], d.total, d.due, i)
                  for n, (i, d) in enumerate(period.items(), 1)}
        documents = compare.compare_documents(period, mirror)
        dues = compare.xero_dues(open_docs)
        contact_findings = compare.compare_contacts(open_docs, dues, {}, documents)
        compared = time.perf_counter() - started
        print(f"Xero side: {calls} API calls (target <= 15): organisation 1, trial balance 1, invoices and credit "
              f"notes in pages of 1,000; read in {read:.1f} s")
        print(f"  trial balance: {len(balances)} accounts, {len(problems)} unreadable rows")
        print(f"  documents of the period: {len(period)}; open documents: {len(open_docs)}; contacts owing: "
              f"{len(dues)}")
        print(f"comparisons: {len(documents) + len(contact_findings)} differences (expected 0) in {compared:.2f} s")
        print(f"peak memory: {peak_mb():.0f} MB (before reading Xero: {before:.0f} MB)")
    if os.environ.get("XERO_BENCH_ODOO"):
        print("Odoo's side: the same check inside Odoo (benchmarks/run.sh, XERO_BENCH_ONLY=books)", flush=True)
        subprocess.run(["bash", str(ROOT / "benchmarks" / "run.sh")], check=True, env={  # noqa: S603,S607 (our script)
            **os.environ, "XERO_BENCH_ONLY": "books", "XERO_BENCH_INVOICES": "0",
            "XERO_BENCH_BOOKS": str(invoices), "XERO_BENCH_BOOKS_CONTACTS": str(contacts)})


if __name__ == "__main__":
    main()
