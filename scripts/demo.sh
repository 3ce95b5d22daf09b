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
log "installing/updating xero_connector, with Purchase and Sales (the bridge addons install by themselves)"
# the template database was made before the bridges existed: Odoo reads its list of addons again
echo 'env["ir.module.module"].update_list(); env.cr.commit()' \
  | "${ODOO_BIN[@]}" shell -c "$CONF" -d "$DB" --no-http > "$XERO_WORK/demo-list.log" 2>&1 || true
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector,purchase,sale -u xero_connector --stop-after-init \
  --no-http > "$XERO_WORK/demo-install.log" 2>&1 \
  || { tail -30 "$XERO_WORK/demo-install.log"; die "install failed (log: $XERO_WORK/demo-install.log)"; }

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done' EXIT

# The local Xero sandbox: state in SQLite so the demo survives restarts.
SANDBOX_PORT="${SANDBOX_PORT:-8070}"
SANDBOX_DB="$XERO_WORK/demo-sandbox.sqlite"
HAVE_SANDBOX=""
if [ -f "$REPO_ROOT/xero_sandbox/__main__.py" ]; then
  [ -z "$KEEP" ] && rm -f "$SANDBOX_DB"
  "$PY" -m xero_sandbox serve --port "$SANDBOX_PORT" --db "$SANDBOX_DB" \
    --webhook-url "http://127.0.0.1:$ODOO_PORT/xero/webhooks" --webhook-key sandbox-webhook-key \
    > "$XERO_WORK/demo-sandbox.log" 2>&1 &
  PIDS+=($!)
  wait_port "$SANDBOX_PORT" 30 || { tail -30 "$XERO_WORK/demo-sandbox.log"; die "the Xero sandbox did not start"; }
  HAVE_SANDBOX=1
else
  log "no Xero sandbox in this checkout: Odoo runs without a connected organisation"
fi

# Odoo's threaded server: web requests, live updates (its websocket on the same port) and two
# scheduler threads for sync jobs, so a click never waits for a sync (SERVE_OPTS, odoo_env.sh:
# the end-to-end tests serve Odoo the same way and check its log for websocket errors).
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" --db-filter="^$DB\$" "${SERVE_OPTS[@]}" \
  > "$XERO_WORK/demo-odoo.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$ODOO_PORT/web/login" 120 || { tail -30 "$XERO_WORK/demo-odoo.log"; die "Odoo did not start"; }
if [ -n "$HAVE_SANDBOX" ]; then
  log "connecting the sandbox's organisations through Xero's consent flow"
  "$PY" "$REPO_ROOT/scripts/demo_setup.py" --odoo "http://127.0.0.1:$ODOO_PORT" --db "$DB" \
    --sandbox "http://127.0.0.1:$SANDBOX_PORT" || die "demo set-up failed"
fi

SANDBOX_LINE="Sandbox:  none in this checkout (set a Xero app in Settings > Invoicing > Xero)"
[ -n "$HAVE_SANDBOX" ] && SANDBOX_LINE="Sandbox:  http://localhost:$SANDBOX_PORT  (its consent page opens from \"Connect more organisations\")"
cat <<MSG

  Odoo 18 with xero_connector is running.
    URL:      http://localhost:$ODOO_PORT/odoo/action-xero_connector.action_xero_connection
    $SANDBOX_LINE
    Login:    admin
    Password: admin
    Database: $DB   (Odoo log: $XERO_WORK/demo-odoo.log)

  Press Ctrl-C to stop.
MSG
wait "${PIDS[0]}"
