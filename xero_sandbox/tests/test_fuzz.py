"""Fuzzing the sandbox from Xero's OpenAPI file with schemathesis (pinned in
scripts/requirements.txt): every operation the sandbox serves, with data that fits the
contract (positive) and data that does not (negative). Whatever is sent, the sandbox must
answer as Xero would (a 400 with Xero's body, a 404 or a 405, or a reply that keeps the
contract), never a 5xx, and strict mode must find nothing.

The app runs in-process (no HTTP: more cases per second), strict, limits lifted, with a fixed
seed. The time budget is XERO_FUZZ_SECONDS (default 30): operations are fuzzed in rounds, a
few cases each, until it is spent, so a longer budget goes deeper everywhere:

    XERO_FUZZ_SECONDS=1800 $PY -m pytest -q xero_sandbox/tests/test_fuzz.py
"""

import os
import time

import pytest

pytest.importorskip("schemathesis")

from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402

from xero_sandbox.app import SandboxApp  # noqa: E402
from xero_sandbox.fuzz import (  # noqa: E402
    CASES_FIRST_ROUND,
    CASES_PER_ROUND,
    Tally,
    accounting_schema,
    breaches,
    pairs,
    record_ids,
    run_cases,
    served,
)
from xero_sandbox.seed import TENANT_IDS  # noqa: E402
from xero_sandbox.seed import seed as seed_store  # noqa: E402
from xero_sandbox.store import Store  # noqa: E402

BUDGET = float(os.environ.get("XERO_FUZZ_SECONDS", "30"))
SEED = int(os.environ.get("XERO_FUZZ_SEED", "20261202"))
WALLABY = TENANT_IDS["wallaby"]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))  # no .hypothesis/ in the work tree
    store = Store(":memory:")
    app = SandboxApp(store, strict=True, limits={"minute": 10**9, "day": 10**9, "concurrent": 10**6,
                                                 "app_minute": 10**9})
    seed_store(store, app)
    token = app.identity.grant_for_tests([WALLABY], ["accounting.settings", "accounting.contacts",
                                                     "accounting.invoices", "accounting.payments",
                                                     "accounting.manualjournals"])["access_token"]
    return app, accounting_schema(served()), {"Authorization": f"Bearer {token}", "Xero-tenant-id": WALLABY}


def test_fuzz_every_served_operation(fuzzed):
    app, schema, headers = fuzzed
    ids = record_ids(lambda collection: app.store.all(WALLABY, collection))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40  # Payments have no attachments in the file
    tally, rounds, deadline = Tally(headers), 0, time.monotonic() + BUDGET
    todo = pairs(operations)
    failures = tally.failures
    while todo and (not rounds or time.monotonic() < deadline) and len(failures) < 20:
        for operation, mode in list(todo):
            try:
                run_cases(lambda case: case.call(app=app, headers=headers), operation, mode, SEED + rounds,
                          CASES_PER_ROUND if rounds else CASES_FIRST_ROUND, ids, tally.judge(operation, mode))
            except Unsatisfiable:  # nothing of this operation can be made invalid (e.g. GET /Currencies)
                todo.remove((operation, mode))
            except Exception as exc:  # noqa: BLE001 (an exception inside the app is a finding)
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): "
                                f"{type(exc).__name__}: {str(exc)[:500]}")
            if rounds and time.monotonic() >= deadline:
                break
        rounds += 1
    found = breaches(app.violations)
    print(f"fuzz: {rounds} round(s), {tally.requests} cases")  # with -s
    for key, statuses in sorted(tally.seen.items()):
        print(f"  {key}: {dict(sorted(statuses.items()))}")
    assert not failures, "\n".join(failures[:20])
    assert not found, "\n".join(str(b) for b in found[:10])
    assert rounds >= 1
