#!/usr/bin/env bash
# Regenerates xero_connector/i18n/xero_connector.pot from the code (run after changing strings).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_odoo_src
bash "$REPO_ROOT/scripts/setup.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
DB="xero_pot_$$"
new_db "$DB"
CONF="$(write_conf "pot-$$" 8069)"
cd "$REPO_ROOT"
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector --stop-after-init --no-http >/dev/null 2>&1
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" --i18n-export="$REPO_ROOT/xero_connector/i18n/xero_connector.pot" \
  --modules=xero_connector --stop-after-init --no-http >/dev/null 2>&1
drop_db "$DB"
log "wrote xero_connector/i18n/xero_connector.pot ($(grep -c '^msgid' xero_connector/i18n/xero_connector.pot) strings)"
