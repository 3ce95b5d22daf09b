"""The longer fuzz of the sandbox: schemathesis over every operation of Xero's accounting file,
several seeds, a bounded time, against a sandbox it starts itself (127.0.0.1, strict mode,
limits lifted, a fresh in-memory organisation per seed). Prints figures, per seed and in total:
requests made, server errors (5xx), replies breaching Xero's contract, and the failing cases.
Exits 1 when it found any. See docs/sandbox-fuzz.md.

    ~/.cache/xero_connector/venv/bin/python benchmarks/fuzz_sandbox.py              # 10 minutes, 3 seeds
    ~/.cache/xero_connector/venv/bin/python benchmarks/fuzz_sandbox.py --minutes 2 --seeds 7,8

The short fuzz in the test command (xero_sandbox/tests/test_fuzz.py) covers the operations the
connector uses, in-process; this one sends every operation of the file over HTTP, the ones the
sandbox does not serve included (they must answer 404/405, never 500).
"""

import argparse
import random
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402

from xero_sandbox.fuzz import (  # noqa: E402
    API,
    CASES_FIRST_ROUND,
    CASES_PER_ROUND,
    Tally,
    accounting_schema,
    breaches,
    pairs,
    record_ids,
    run_cases,
)
from xero_sandbox.seed import TENANT_IDS  # noqa: E402
from xero_sandbox.testing import SandboxProcess  # noqa: E402

WALLABY = TENANT_IDS["wallaby"]
SCOPES = ["accounting.settings", "accounting.contacts", "accounting.invoices", "accounting.payments",
          "accounting.manualjournals", "accounting.attachments"]
NO_LIMITS = "minute=1000000000,day=1000000000,concurrent=1000000,app_minute=1000000000"
MAX_FAILURES = 20  # per seed: enough to see what breaks


def fuzz_seed(schema, fuzz_seed_value, seconds, every_negative, verbose=False):
    """One seed against a fresh sandbox -> (tally, breaches, rounds, seconds taken)."""
    started = time.monotonic()
    with SandboxProcess(limits=NO_LIMITS, check_contract=False) as sandbox:
        token = sandbox.grant([WALLABY], SCOPES)["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Xero-tenant-id": WALLABY}
        session = requests.Session()
        base_url = sandbox.url + API

        def records_of(collection):
            reply = session.get(f"{base_url}/{collection}", headers=headers, timeout=60)
            return reply.json().get(collection, []) if reply.status_code == 200 else []

        ids = record_ids(records_of)
        tally, rounds = Tally(headers), 0
        deadline = started + seconds
        operations = [result.ok() for result in schema.get_all_operations()]
        todo = pairs(operations, every_negative)
        random.Random(fuzz_seed_value).shuffle(todo)  # each seed starts somewhere else in the file

        def call(case):
            return case.call(base_url=base_url, session=session, headers=headers, timeout=60)

        while todo and time.monotonic() < deadline and len(tally.failures) < MAX_FAILURES:
            for operation, mode in list(todo):
                began = time.monotonic()
                try:
                    run_cases(call, operation, mode, fuzz_seed_value * 1000 + rounds,
                              CASES_PER_ROUND if rounds else CASES_FIRST_ROUND, ids, tally.judge(operation, mode))
                except Unsatisfiable:  # nothing of this operation can be made invalid
                    todo.remove((operation, mode))
                except requests.RequestException as exc:  # the sandbox hung up or died: a finding
                    tally.failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): "
                                          f"{type(exc).__name__}: {str(exc)[:300]}")
                except Exception as exc:  # noqa: BLE001 (schemathesis could not make a case: not the sandbox's)
                    if "Unsatisfiable" in type(exc).__name__:
                        todo.remove((operation, mode))
                    else:
                        print(f"  (skipped {operation.method.upper()} {operation.path} {mode.value}: "
                              f"{type(exc).__name__}: {str(exc)[:200]})", flush=True)
                        todo.remove((operation, mode))
                if verbose:
                    print(f"  {time.monotonic() - began:6.1f} s  {operation.method.upper()} {operation.path} "
                          f"{mode.value}", flush=True)
                if time.monotonic() >= deadline or len(tally.failures) >= MAX_FAILURES:
                    break
            rounds += 1
        found = breaches(sandbox.violations())
        if sandbox.proc.poll() is not None:
            tally.failures.append(f"the sandbox exited: {sandbox.output()[-2000:]}")
    return tally, found, rounds, time.monotonic() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="total time over all seeds (default 10)")
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds (default 1,2,3)")
    parser.add_argument("--served-only", action="store_true",
                        help="only the operations the short fuzz test covers (default: every operation of the file)")
    parser.add_argument("--every-negative", action="store_true",
                        help="negative cases for every operation (slow: schemathesis takes minutes on large bodies)")
    parser.add_argument("--verbose", action="store_true", help="print each operation's time")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: the sandbox it started stops too
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    per_seed = args.minutes * 60 / len(seeds)
    set_hypothesis_home_dir(tempfile.mkdtemp(prefix="xero-fuzz-hypothesis-"))  # no .hypothesis/ in the tree
    from xero_sandbox.fuzz import served

    schema = accounting_schema(served() if args.served_only else None)
    print(f"fuzz_sandbox {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: seeds {seeds}, {args.minutes:g} min "
          f"({per_seed:.0f} s a seed), {len(list(schema.get_all_operations()))} operations", flush=True)
    totals = {"requests": 0, "errors": 0, "breaches": 0, "seconds": 0.0}
    failing = []
    for value in seeds:
        tally, found, rounds, took = fuzz_seed(schema, value, per_seed, args.every_negative, args.verbose)
        totals["requests"] += tally.requests
        totals["errors"] += tally.server_errors
        totals["breaches"] += len(found)
        totals["seconds"] += took
        print(f"seed {value}: {tally.requests} requests in {took:.0f} s ({rounds} rounds, {len(tally.seen)} operation×mode pairs), "
              f"{tally.server_errors} server errors, {len(found)} contract breaches", flush=True)
        for line in tally.failures + [str(b) for b in found[:MAX_FAILURES]]:
            print("  " + line.replace("\n", "\n  "), flush=True)
        failing += tally.failures + [str(b) for b in found]
    print(f"total: {len(seeds)} seeds, {totals['requests']} requests in {totals['seconds']:.0f} s, "
          f"{totals['errors']} server errors, {totals['breaches']} contract breaches, "
          f"{len(failing)} failing cases", flush=True)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
