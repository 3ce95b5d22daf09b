#!/usr/bin/env bash
# Client health across a firm inside Odoo: a throwaway database with the addon installed, N small
# organisations (default 200, XERO_BENCH_ORGS) in a sandbox served in the same process, two checks
# of every connection stored; prints calls per organisation and the Odoo-side time.
#   bash benchmarks/client_health.sh         XERO_BENCH_ORGS=50 bash benchmarks/client_health.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
require_odoo_src
bash "$REPO_ROOT/scripts/setup.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
DB="xero_bench_health_$$"
cd "$REPO_ROOT"
new_db "$DB"
trap 'drop_db "$DB"' EXIT
CONF="$(write_conf "bench-health-$$" 8069)"
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector --stop-after-init --no-http >/dev/null 2>&1 \
  || die "install failed"
XERO_REPO_ROOT="$REPO_ROOT" \
  "${ODOO_BIN[@]}" shell -c "$CONF" -d "$DB" --no-http --log-level=warn < benchmarks/client_health.py
