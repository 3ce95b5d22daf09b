#!/usr/bin/env bash
# The firm at size (issue 30): N client organisations of M invoices in the Xero sandbox, two
# Odoo server processes on one database, every first sync at once; then the steady state and
# the firm's dashboard in headless Chromium. Prints figures, never pass/fail.
#   bash benchmarks/firm.sh                               (200 organisations of 250 invoices)
#   bash benchmarks/firm.sh --orgs 10 --invoices 30       (a quick run)
#   bash benchmarks/firm.sh --consent one --kill          (one organisation per consent; SIGKILL one server mid-run)
# Options are benchmarks/firm.py's (python benchmarks/firm.py --help).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
require_odoo_src
source "$REPO_ROOT/scripts/odoo_env.sh"
[ -x "$PY" ] || bash "$REPO_ROOT/scripts/setup.sh"
DB="xero_firm_$$"
cd "$REPO_ROOT"
new_db "$DB"
trap 'drop_db "$DB"' EXIT
CONF="$(write_conf "firm-$$" 8069)"
log "installing the addon on $DB"
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector --stop-after-init --no-http --log-level=warn \
  > "$XERO_WORK/firm-install-$$.log" 2>&1 || { tail -30 "$XERO_WORK/firm-install-$$.log"; die "install failed"; }
FIRM_DB="$DB" FIRM_CONF="$CONF" FIRM_ODOO_BIN="$ODOO_SRC/odoo-bin" FIRM_WORK="$XERO_WORK/firm-$$" \
  "$PY" benchmarks/firm.py "$@"
