#!/usr/bin/env bash
# Two publishers at once on one organisation (issue 27): two Odoo processes (odoo-bin shell)
# publish the same organisation's invoices for XERO_TWO_ROUNDS rounds (default 40), each round
# posting new invoices, sometimes leaving a job "running" as a killed worker does, and running
# the organisation's jobs. Prints: documents in Xero twice, locks left held after a run,
# serialization failures met, documents not published. Figures, never pass/fail.
# XERO_TWO_OLD_UNLOCK=1: the publishers release the lock as before the fix, for comparison.
#   bash benchmarks/two_publishers.sh        XERO_TWO_ROUNDS=100 bash benchmarks/two_publishers.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
require_odoo_src
bash "$REPO_ROOT/scripts/setup.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
DB="xero_two_$$"
SDB="$XERO_WORK/two-sandbox-$$.sqlite"
SPORT="$(free_port)"
OUT="$XERO_WORK/two-publishers-$$"
mkdir -p "$OUT"
cd "$REPO_ROOT"
"$PY" -m xero_sandbox seed --db "$SDB" --tenant wallaby --quiet > /dev/null
"$PY" -m xero_sandbox serve --db "$SDB" --port "$SPORT" --quiet > "$OUT/sandbox.log" 2>&1 &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID 2>/dev/null; rm -f "$SDB" "$SDB"-*' EXIT
wait_port "$SPORT" 30 || die "the sandbox did not start"
new_db "$DB"
CONF="$(write_conf "two-$$" 8069)"
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector --stop-after-init --no-http >/dev/null 2>&1 \
  || die "install failed"
shell() {  # shell ROLE: benchmarks/two_publishers.py in an Odoo shell of its own
  XERO_TWO_ROLE="$1" XERO_TWO_OLD_UNLOCK="${XERO_TWO_OLD_UNLOCK:-}" XERO_TWO_SLOW_LOCK="${XERO_TWO_SLOW_LOCK:-0.3}" XERO_TWO_OUT="$OUT" XERO_BENCH_SANDBOX="http://127.0.0.1:$SPORT" \
    "${ODOO_BIN[@]}" shell -c "$CONF" -d "$DB" --no-http --log-level=error < benchmarks/two_publishers.py
}
shell setup
shell A > "$OUT/A.txt" 2>&1 &
A=$!
shell B > "$OUT/B.txt" 2>&1 &
B=$!
wait "$A" "$B"
grep -h "^worker" "$OUT/A.txt" "$OUT/B.txt"
shell check
drop_db "$DB"
