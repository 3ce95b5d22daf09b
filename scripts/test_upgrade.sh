#!/usr/bin/env bash
# Upgrades keep data: the addon at its first release (scripts/upgrade_baseline) is installed on a
# fresh database and connected to the Xero sandbox's organisations (synced, accounts mapped,
# journals posted); Odoo is stopped, the database upgraded to this work tree's code
# (-u xero_connector), and scripts/upgrade_check.py checks that every connection, token,
# binding, job, pending item and posted journal is intact and that the next sync creates
# nothing and sends nothing twice. Called by scripts/test.sh --only upgrade.
#   scripts/test_upgrade.sh RUN_DIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
RUN="${1:?usage: test_upgrade.sh RUN_DIR}"
WORK="$RUN/upgrade"; rm -rf "$WORK"; mkdir -p "$WORK/base"
DB="xero_test_upgrade_$$"
PIDS=()
stop_odoo() { [ -n "${ODOO_PID:-}" ] && kill "$ODOO_PID" 2>/dev/null && wait "$ODOO_PID" 2>/dev/null; ODOO_PID=""; return 0; }
cleanup() {
  stop_odoo
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  [ -n "${KEEP_DB:-}" ] || drop_db "$DB" || true
  rm -f "$XERO_WORK/upgrade-base-$$.conf" "$XERO_WORK/upgrade-$$.conf"
}
trap cleanup EXIT
read -r BASE BASE_VERSION < <(grep -v '^\s*#' "$REPO_ROOT/scripts/upgrade_baseline" | head -1)
git -C "$REPO_ROOT" cat-file -e "$BASE^{commit}" 2>/dev/null \
  || die "the first release's commit $BASE is not in this clone's history (a shallow clone? git fetch --unshallow)"
git -C "$REPO_ROOT" archive "$BASE" xero_connector | tar -x -C "$WORK/base"
log "upgrade: the first release, $BASE_VERSION (${BASE:0:7})"

SPORT="$(free_port)" PORT="$(free_port)"
"$PY" -m xero_sandbox serve --port "$SPORT" --db "$WORK/sandbox.sqlite" \
  --limits minute=1000,day=100000,concurrent=5,app_minute=100000 > "$WORK/sandbox.log" 2>&1 &
PIDS+=($!)
wait_port "$SPORT" 30 || { tail -20 "$WORK/sandbox.log"; die "the Xero sandbox did not start"; }

# run_odoo CONF LOG: Odoo's threaded server with its scheduler (sync jobs run as cron jobs)
run_odoo() {
  env -u PYTHONPATH "${ODOO_BIN[@]}" -c "$1" -d "$DB" --db-filter="^$DB\$" --workers=0 --max-cron-threads=2 \
    > "$2" 2>&1 &
  ODOO_PID=$!
  wait_http "http://127.0.0.1:$PORT/web/login" 120 || { tail -30 "$2"; die "Odoo did not start"; }
}
check_log() {  # errors in an Odoo log fail the stage
  if grep -E "^\S+ \S+ [0-9]+ (ERROR|CRITICAL) " "$1"; then die "errors in $(basename "$1")"; fi
}

new_db "$DB"
CONF_BASE="$(write_conf "upgrade-base-$$" "$PORT" "$WORK/base")"
env -u PYTHONPATH "${ODOO_BIN[@]}" -c "$CONF_BASE" -d "$DB" -i xero_connector --stop-after-init --no-http \
  > "$WORK/install-base.log" 2>&1 || { tail -30 "$WORK/install-base.log"; die "the first release did not install"; }
run_odoo "$CONF_BASE" "$WORK/odoo-base.log"
log "upgrade: connecting and syncing the sandbox's organisations with the first release"
"$PY" scripts/upgrade_check.py seed --odoo "http://127.0.0.1:$PORT" --db "$DB" \
  --sandbox "http://127.0.0.1:$SPORT" --out "$WORK/before.json" || die "the first release's sync failed"
stop_odoo
check_log "$WORK/odoo-base.log"

VERSION="$("$PY" -c 'import ast,sys; print(ast.literal_eval(open(sys.argv[1]).read())["version"])' \
  "$REPO_ROOT/xero_connector/__manifest__.py")"
log "upgrade: -u xero_connector to $VERSION"
CONF="$(write_conf "upgrade-$$" "$PORT")"
env -u PYTHONPATH "${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -u xero_connector --stop-after-init --no-http \
  > "$WORK/upgrade.log" 2>&1 || { tail -30 "$WORK/upgrade.log"; die "the upgrade failed"; }
check_log "$WORK/upgrade.log"
now="$(psql -d "$DB" -tAc "select latest_version from ir_module_module where name='xero_connector'")"
[ "$now" = "$VERSION" ] || die "after the upgrade xero_connector is at '$now', not $VERSION"

run_odoo "$CONF" "$WORK/odoo.log"
log "upgrade: checking the data and syncing again with the current code"
"$PY" scripts/upgrade_check.py verify --odoo "http://127.0.0.1:$PORT" --db "$DB" \
  --sandbox "http://127.0.0.1:$SPORT" --before "$WORK/before.json" || die "the upgrade lost or changed data"
stop_odoo
check_log "$WORK/odoo.log"
log "upgrade: $BASE_VERSION -> $VERSION kept every record"
