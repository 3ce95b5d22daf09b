#!/usr/bin/env bash
# The benchmarks: a fresh Odoo database and a Xero sandbox seeded with N
# generated invoices (default 10,000 x 3 lines), Xero's real limits on; invoice import,
# then posting XERO_BENCH_JOURNALS journal entries (default 1,000), then publishing invoices
# and their payments (XERO_BENCH_PUBLISH, default N; XERO_BENCH_ONLY=publish for that part alone). Prints figures
# (never a pass/fail).
#   bash benchmarks/run.sh            XERO_BENCH_INVOICES=2000 bash benchmarks/run.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
require_odoo_src
bash "$REPO_ROOT/scripts/setup.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
N="${XERO_BENCH_INVOICES:-10000}"
[ "${XERO_BENCH_ONLY:-}" != books ] || N="${XERO_BENCH_INVOICES:-0}"  # the books check makes its own
DB="xero_bench_$$"
SDB="$XERO_WORK/bench-sandbox-$$.sqlite"
SPORT="$(free_port)"
cd "$REPO_ROOT"
"$PY" -m xero_sandbox seed --db "$SDB" --invoices "$N" --lines 3 --tenant wallaby --quiet > /dev/null
"$PY" -m xero_sandbox serve --db "$SDB" --port "$SPORT" --quiet > "$XERO_WORK/bench-sandbox.log" 2>&1 &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID 2>/dev/null; rm -f "$SDB" "$SDB"-*' EXIT
wait_port "$SPORT" 30 || die "the sandbox did not start"
new_db "$DB"
CONF="$(write_conf "bench-$$" 8069)"
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector --stop-after-init --no-http >/dev/null 2>&1 \
  || die "install failed"
XERO_BENCH_SANDBOX="http://127.0.0.1:$SPORT" \
  "${ODOO_BIN[@]}" shell -c "$CONF" -d "$DB" --no-http --log-level=warn < benchmarks/benchmark.py
drop_db "$DB"
