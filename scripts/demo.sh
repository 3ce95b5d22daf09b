#!/usr/bin/env bash
# Runs the demo: Odoo 18 with xero_connector on a fresh database, reachable on localhost.
#   scripts/demo.sh            (re)create the demo database and serve it on :8069
#   scripts/demo.sh --keep     keep an existing demo database
# Ctrl-C stops everything.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
KEEP=""; [ "${1:-}" = "--keep" ] && KEEP=1
require_odoo_src
bash "$REPO_ROOT/scripts/setup.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
DB="${XERO_DEMO_DB:-xero_demo}"
ODOO_PORT="${ODOO_PORT:-8069}"
CONF="$(write_conf demo "$ODOO_PORT")"
cd "$REPO_ROOT"
export PYTHONPATH="$REPO_ROOT${PYTHONPATH:+:$PYTHONPATH}"

if [ -z "$KEEP" ] || ! db_exists "$DB"; then
  log "creating database $DB"
  new_db "$DB"
fi
log "installing/updating xero_connector"
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector -u xero_connector --stop-after-init \
  --no-http > "$XERO_WORK/demo-install.log" 2>&1 \
  || { tail -30 "$XERO_WORK/demo-install.log"; die "install failed (log: $XERO_WORK/demo-install.log)"; }

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done' EXIT
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" --db-filter="^$DB\$" > "$XERO_WORK/demo-odoo.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$ODOO_PORT/web/login" 120 || { tail -30 "$XERO_WORK/demo-odoo.log"; die "Odoo did not start"; }

cat <<MSG

  Odoo 18 with xero_connector is running.
    URL:      http://localhost:$ODOO_PORT/odoo/action-xero_connector.action_xero_connection
    Login:    admin
    Password: admin
    Database: $DB   (Odoo log: $XERO_WORK/demo-odoo.log)

  Press Ctrl-C to stop.
MSG
wait "${PIDS[0]}"
