#!/usr/bin/env bash
# A real worker killed with SIGKILL mid-send (issue 27): an Odoo process (odoo-bin shell) publishes
# XERO_KILL_DOCS invoices (default 300) to the sandbox, or voids published ones it has just
# cancelled, and is killed with SIGKILL at a random moment (0-2 s) after its first write reached
# the sandbox; now and
# then Xero holds a write (the sandbox's `hang` fault) so the kill lands after Xero received it and
# before the reply. XERO_KILL_ROUNDS rounds (default 3 of publishing, then 3 of cancelling); each
# next process is also the restart of the one killed before it. Then the restart and one run, and
# the figures: lost, in Xero twice, voided in Xero but posted in Odoo, cancelled in Odoo but live
# in Xero, left mid-send, jobs left running. Figures, never pass/fail.
#   bash benchmarks/sigkill.sh        XERO_KILL_ROUNDS=5 XERO_KILL_DOCS=1000 bash benchmarks/sigkill.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
require_odoo_src
bash "$REPO_ROOT/scripts/setup.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
ROUNDS="${XERO_KILL_ROUNDS:-3}"
DB="xero_kill_$$"
SDB="$XERO_WORK/kill-sandbox-$$.sqlite"
SPORT="$(free_port)"
OUT="$XERO_WORK/sigkill-$$"
mkdir -p "$OUT"
cd "$REPO_ROOT"
"$PY" -m xero_sandbox seed --db "$SDB" --tenant wallaby --quiet > /dev/null
"$PY" -m xero_sandbox serve --db "$SDB" --port "$SPORT" --quiet > "$OUT/sandbox.log" 2>&1 &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID 2>/dev/null; rm -f "$SDB" "$SDB"-*; drop_db "$DB" 2>/dev/null || true' EXIT
wait_port "$SPORT" 30 || die "the sandbox did not start"
new_db "$DB"
CONF="$(write_conf "kill-$$" 8069)"
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector --stop-after-init --no-http >/dev/null 2>&1 \
  || die "install failed"
SANDBOX="http://127.0.0.1:$SPORT"
shell() {  # shell ROLE: benchmarks/sigkill.py in an Odoo shell of its own, in the background; PID in $SHELL_PID
  XERO_KILL_ROLE="$1" XERO_KILL_OUT="$OUT" XERO_BENCH_SANDBOX="$SANDBOX" \
    "${ODOO_BIN[@]}" shell -c "$CONF" -d "$DB" --no-http --log-level=error < benchmarks/sigkill.py >> "$OUT/$1.txt" 2>&1 &
  SHELL_PID=$!
}
writes() {  # write calls to the organisation's invoices so far (the sandbox's call log)
  { curl -s "$SANDBOX/__sandbox__/calls?tenant=$(sed 's/.*"tenant": "\([^"]*\)".*/\1/' "$OUT/setup.json")" \
    | grep -oE '"method": *"(PUT|POST)", *"path": *"[^"]*/Invoices"' || true; } | wc -l
}
fault() { curl -s -X POST -H 'Content-Type: application/json' -d "$1" "$SANDBOX/__sandbox__/faults" > /dev/null; }
shell setup; wait "$SHELL_PID" || die "setup failed: $(tail -5 "$OUT/setup.txt")"
kill_round() {  # kill_round ROLE N
  rm -f "$OUT/started" "$OUT/finished"
  # a write held 3 s: a kill inside it lands after Xero received it, before the reply
  [ $(( $2 % 2 )) -eq 1 ] && fault '{"kind": "hang", "path": "Invoices", "method": "'"$([ "$1" = cancel ] && echo POST || echo PUT)"'", "seconds": 3}'
  shell "$1"
  local pid=$SHELL_PID waited=0 before
  before=$(writes)
  while [ ! -f "$OUT/started" ] && kill -0 "$pid" 2>/dev/null && [ $waited -lt 600 ]; do sleep 0.1; waited=$((waited + 1)); done
  # mid-send: once its first write to Xero has gone out
  while [ "$(writes)" = "$before" ] && [ ! -f "$OUT/finished" ] && kill -0 "$pid" 2>/dev/null && [ $waited -lt 1200 ]; do
    sleep 0.1; waited=$((waited + 1))
  done
  local delay; delay=$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", rand() * 2.0 }')
  sleep "$delay"
  if [ -f "$OUT/finished" ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "round $1 $2 ($(cat "$OUT/started" 2>/dev/null)): finished before the kill (${delay} s)"
  else
    kill -9 "$pid"; echo "round $1 $2 ($(cat "$OUT/started")): SIGKILL ${delay} s after its first write to Xero"
  fi
  wait "$pid" 2>/dev/null || true  # 137 when killed
  curl -s -X DELETE "$SANDBOX/__sandbox__/faults" > /dev/null
}
for n in $(seq 1 "$ROUNDS"); do kill_round publish "$n"; done
for n in $(seq 1 "$ROUNDS"); do kill_round cancel "$n"; done
shell check; wait "$SHELL_PID"
cat "$OUT/check.txt"
