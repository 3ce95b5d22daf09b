#!/usr/bin/env bash
# Benchmarks on a fresh database; prints figures (never a pass/fail).
#   bash benchmarks/run.sh            XERO_BENCH_INVOICES=10000 bash benchmarks/run.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
require_odoo_src
bash "$REPO_ROOT/scripts/setup.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
DB="xero_bench_$$"
new_db "$DB"
CONF="$(write_conf "bench-$$" 8069)"
cd "$REPO_ROOT"
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector --stop-after-init --no-http >/dev/null 2>&1 \
  || die "install failed"
"${ODOO_BIN[@]}" shell -c "$CONF" -d "$DB" --no-http --log-level=warn < benchmarks/import_benchmark.py
drop_db "$DB"
