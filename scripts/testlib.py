"""Small stdlib helpers for scripts/test.sh: read test reports, print the summary line.

    testlib.py junit SUITE FILE.xml   -> "SUITE<TAB>passed<TAB>failed"
    testlib.py odoo SUITE odoo.log    -> same, from Odoo's test log (install errors count)
    testlib.py contract SUITE SANDBOX_URL -> 1 passed if no exchange broke Xero's contracts
    testlib.py slowest odoo.log [N]   -> the N slowest Odoo tests (seconds, from the log's times)
    testlib.py warm ODOO_URL DB LOGIN PASSWORD -> the web client's asset bundles built, once
    testlib.py summary RESULTS.tsv SECONDS RUN_DIR [TIMES.tsv]
        TIMES.tsv: "group<TAB>start<TAB>end<TAB>exit status" (epoch seconds), one row per group
"""

import http.cookiejar
import json
import re
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime

# Lines in Odoo's log that mean the run is broken even if every test passed.
ODOO_BAD = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
ODOO_WARN_OURS = re.compile(r"^\S+ \S+ \d+ WARNING .*xero", re.IGNORECASE)
ODOO_REPORT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")


def junit(suite, path):
    try:
        root = ET.parse(path).getroot()  # noqa: S314 (our own pytest report)
    except (OSError, ET.ParseError):
        return f"{suite}\t0\t1"
    cases = root.iter("testcase")
    passed = failed = 0
    for case in cases:
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            failed += 1
        elif "skipped" not in tags:
            passed += 1
    return f"{suite}\t{passed}\t{failed}"


def odoo(suite, path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    reports = ODOO_REPORT.findall(text)
    match = reports[-1] if reports else None
    problems = [
        line for line in text.splitlines() if ODOO_BAD.match(line) or ODOO_WARN_OURS.match(line)
    ]
    if not match:
        print("\n".join(text.splitlines()[-40:]), file=sys.stderr)
        print(f"{suite}: no test report in {path} (install failed?)", file=sys.stderr)
        return f"{suite}\t0\t1"
    failed, errors, total = (int(g) for g in match)
    # ODOO_TEST_FAILURE_RETRIES (test.sh): a test that failed once is run again, as on Odoo's
    # runbot; it passes only if the second run does, and is named here so a flaky test shows
    lines = text.splitlines()
    flaky, failed_twice = [], []
    for at, line in enumerate(lines):
        if "Retrying a failed test:" not in line:
            continue
        name = line.split("Retrying a failed test:", 1)[1].strip()
        method = name.split(" ", 1)[0]
        # the retry failed too when Odoo reports the same test failing after the retry line
        again = any(re.search(rf"(FAIL|ERROR): \S*\.{re.escape(method)}\b", later) for later in lines[at + 1:])
        (failed_twice if again else flaky).append(name)
    if flaky:
        print(f"{suite}: failed once and passed when run again (flaky under load?):", file=sys.stderr)
        print("\n".join(f"  {name}" for name in flaky), file=sys.stderr)
    if failed_twice:
        print(f"{suite}: failed, and failed again when run again:", file=sys.stderr)
        print("\n".join(f"  {name}" for name in failed_twice), file=sys.stderr)
    if problems:
        print(f"{suite}: errors or xero warnings in the log:", file=sys.stderr)
        print("\n".join(problems[:40]), file=sys.stderr)
    # a clean log counts as one more check
    return f"{suite}\t{total - failed - errors}\t{failed + errors + (1 if problems else 0)}"


def contract(suite, sandbox_url):
    """The strict sandbox's record of exchanges that broke Xero's OpenAPI contracts."""
    try:
        with urllib.request.urlopen(f"{sandbox_url}/__sandbox__/contract", timeout=30) as reply:  # noqa: S310
            violations = json.load(reply)["violations"]
    except (OSError, ValueError, KeyError) as exc:
        print(f"{suite}: could not read the sandbox's contract report: {exc}", file=sys.stderr)
        return f"{suite}\t0\t1"
    for violation in violations[:20]:
        print(f"{suite}: {violation}", file=sys.stderr)
    return f"{suite}\t{0 if violations else 1}\t{1 if violations else 0}"


ODOO_STARTING = re.compile(r"^(\S+ \S+),\d+ \d+ \S+ \S+ \S+: Starting (\S+) \.\.\.")
ODOO_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+ ")


def slowest(path, count=10):
    """The slowest Odoo tests: from each "Starting X ..." line to the next test's (or to the
    last line of the log), so a class's set-up counts with its first test."""
    def when(stamp):
        return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")

    spans, current, last = [], None, None
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            stamp = ODOO_TIME.match(line)
            if not stamp:
                continue
            last = when(stamp.group(1))
            started = ODOO_STARTING.match(line)
            if started:
                if current:
                    spans.append(((last - current[0]).total_seconds(), current[1]))
                current = (last, started.group(2))
    if current and last:
        spans.append(((last - current[0]).total_seconds(), current[1]))
    spans.sort(reverse=True)
    print(f"slowest Odoo tests ({len(spans)} run, {sum(s for s, _ in spans):.0f} s in all):")
    for seconds, name in spans[:int(count)]:
        print(f"  {seconds:5.0f} s  {name}")


ASSET_URL = re.compile(r'(?:src|href)="(/web/assets/[^"]+)"')


def warm(url, db, login, password):
    """Build the asset bundles of the login page and of the web client on a fresh database by
    asking for them as a browser would, with no time limit: the end-to-end browser test then
    meets a web client that loads in seconds (Odoo builds a bundle on its first request, which
    takes minutes on a loaded machine, past the test's own waits)."""
    started = time.monotonic()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(path, data=None):
        headers = {"Content-Type": "application/json"} if data else {}
        request = urllib.request.Request(url + path, data=data, headers=headers)
        with opener.open(request, timeout=900) as reply:  # our own Odoo on localhost
            return reply.read().decode("utf-8", "replace")

    try:
        get("/web/session/authenticate", json.dumps({"jsonrpc": "2.0", "method": "call", "params": {
            "db": db, "login": login, "password": password}}).encode())
        bundles = sorted({path for page in ("/web/login", "/odoo") for path in ASSET_URL.findall(get(page))})
        for path in bundles:
            get(path)
    except OSError as exc:
        print(f"warm: could not build the web client's assets: {exc}", file=sys.stderr)
        return
    print(f"warm: {len(bundles)} asset bundles built in {time.monotonic() - started:.0f} s")


def _group_times(times):
    """[(group, seconds, exit status)] in the order the groups ended, and the wall-clock span."""
    rows = []
    with open(times, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                name, start, end, status = line.rstrip("\n").split("\t")
                rows.append((name, int(start), int(end), int(status)))
    return rows


def summary(results, seconds, run_dir, times=None):
    passed = failed = 0
    with open(results, encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if line.strip()]
    for suite, p, f in rows:
        passed, failed = passed + int(p), failed + int(f)
        print(f"  {suite:<14} {p:>5} passed {f:>4} failed")
    if times:
        groups = _group_times(times)
        if groups:
            first = min(start for _, start, _, _ in groups)
            print("time per group (side by side: they add up to more than the run):")
            for name, start, end, status in sorted(groups, key=lambda g: g[1]):
                began = time.strftime("%H:%M:%S", time.localtime(start))
                note = "" if status == 0 else f"  exit {status}"
                print(f"  {name:<14} {end - start:>5} s  from {began} (+{start - first} s){note}")
    print(f"logs: {run_dir}")
    print(f"time from start to result: {seconds} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    if cmd == "summary":
        sys.exit(summary(*args))
    if cmd in ("slowest", "warm"):
        sys.exit({"slowest": slowest, "warm": warm}[cmd](*args))
    print({"junit": junit, "odoo": odoo, "contract": contract}[cmd](*args))
