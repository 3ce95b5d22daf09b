# Shared settings for the project's scripts; sourced, never run.
# Every path can be overridden from the environment.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
export XERO_VENV="${XERO_VENV:-$HOME/.cache/xero_connector/venv}"
export XERO_WORK="${XERO_WORK:-$HOME/.cache/xero_connector}"
export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-odoo}"
export PGPASSWORD="${PGPASSWORD:-odoo}"
PY="$XERO_VENV/bin/python"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

require_odoo_src() {
  if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -f "$ODOO_SRC/odoo/addons/base/__manifest__.py" ]; then
    cat >&2 <<MSG
ERROR: Odoo 18.0 Community source not found at ODOO_SRC=$ODOO_SRC

This project runs against a real Odoo 18.0; it does not ship Odoo. Provide it, then re-run:
  git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git /opt/odoo
or point ODOO_SRC at an existing Odoo 18.0 checkout:
  export ODOO_SRC=/path/to/odoo
MSG
    exit 2
  fi
}
