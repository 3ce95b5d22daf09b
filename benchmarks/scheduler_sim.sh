#!/usr/bin/env bash
# The scheduler's own cost with 200, 1,000 and 10,000 organisations (issue 30): a fresh Odoo
# database, no Xero (a job's body is stubbed), Odoo's cron threads polling minute by minute on a
# clock sped up. Prints figures (never pass/fail); see benchmarks/scheduler_sim.py.
#   bash benchmarks/scheduler_sim.sh     XERO_SIM_SIZES=200,1000 XERO_SIM_MINUTES=10 bash benchmarks/scheduler_sim.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
require_odoo_src
source "$REPO_ROOT/scripts/odoo_env.sh"
DB="xero_sim_$$"
cd "$REPO_ROOT"
new_db "$DB"
[ -n "${XERO_SIM_KEEP:-}" ] || trap 'drop_db "$DB"' EXIT
CONF="$(write_conf "sim-$$" 8069)"
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector --stop-after-init --no-http >/dev/null 2>&1 \
  || die "install failed"
"${ODOO_BIN[@]}" shell -c "$CONF" -d "$DB" --no-http --log-level=warn < benchmarks/scheduler_sim.py
