#!/usr/bin/env bash
# Regenerates xero_connector/i18n/xero_connector.pot from the code (run after changing strings),
# and each bridge addon's (xero_connector_purchase, xero_connector_sale) in a database with
# Odoo's Purchase and Sales apps, where the bridges install themselves.
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

BDB="xero_pot_bridges_$$"
new_db "$BDB"
echo 'env["ir.module.module"].update_list(); env.cr.commit()' \
  | "${ODOO_BIN[@]}" shell -c "$CONF" -d "$BDB" --no-http >/dev/null 2>&1
"${ODOO_BIN[@]}" -c "$CONF" -d "$BDB" -i xero_connector,purchase,sale --stop-after-init --no-http >/dev/null 2>&1
for bridge in xero_connector_purchase xero_connector_sale; do
  mkdir -p "$REPO_ROOT/$bridge/i18n"
  "${ODOO_BIN[@]}" -c "$CONF" -d "$BDB" --i18n-export="$REPO_ROOT/$bridge/i18n/$bridge.pot" \
    --modules="$bridge" --stop-after-init --no-http >/dev/null 2>&1
  log "wrote $bridge/i18n/$bridge.pot ($(grep -c '^msgid' "$bridge/i18n/$bridge.pot") strings)"
done
drop_db "$BDB"
