# Shared settings for the project's scripts; sourced, never run.
# Every path can be overridden from the environment.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
export XERO_WORK="${XERO_WORK:-$HOME/.cache/xero_connector}"
# One virtualenv per set of requirements (checkouts with other pins never rebuild each other's);
# $XERO_WORK/venv links to the one built last, for people's commands.
VENV_STAMP="$( (python3 --version; cat "$ODOO_SRC/requirements.txt" "$REPO_ROOT/scripts/requirements.txt") 2>/dev/null \
  | sha256sum | cut -c1-16)"
export XERO_VENV="${XERO_VENV:-$XERO_WORK/venv-$VENV_STAMP}"
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
