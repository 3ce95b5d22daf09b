#!/usr/bin/env bash
# Idempotent set-up: system packages, the virtualenv, PostgreSQL and its role.
# A second run with nothing changed takes a few seconds.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_odoo_src

apt_install() {  # install Debian packages that are missing; quiet when all are there
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then log "please install: ${missing[*]}"; return 1; fi
  log "apt-get install ${missing[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null
}

# python-ldap (Odoo's auth_ldap) builds against these; chromium runs the browser tests.
apt_install libldap2-dev libsasl2-dev postgresql || die "system packages missing"
apt_install chromium || log "chromium not installed: browser tours will be skipped"

# --- virtualenv, built once per set of requirements (see common.sh), in a side folder moved
# into place when complete: a run that stops half-way leaves no broken virtualenv behind
if [ "$(cat "$XERO_VENV/.stamp" 2>/dev/null)" != "$VENV_STAMP" ]; then
  log "building virtualenv $XERO_VENV (a few minutes, once)"
  build="$XERO_VENV.build-$$"
  rm -rf "$build"; mkdir -p "$(dirname "$XERO_VENV")"
  python3 -m venv "$build"
  "$build/bin/python" -m pip install -q --upgrade 'pip<25' wheel 'setuptools<81'
  # cbor2 5.4.2's sdist breaks with setuptools>=81 in its isolated build environment;
  # PIP_CONSTRAINT reaches those build environments too.
  cons="$(mktemp)"; echo 'setuptools<81' > "$cons"
  PIP_CONSTRAINT="$cons" "$build/bin/python" -m pip install -q -r "$ODOO_SRC/requirements.txt"
  # Odoo's pins constrain ours so nothing Odoo relies on moves.
  grep -v '^\s*#' "$ODOO_SRC/requirements.txt" | grep -v '^\s*$' > "$cons.odoo"
  PIP_CONSTRAINT="$cons" "$build/bin/python" -m pip install -q -r "$REPO_ROOT/scripts/requirements.txt" -c "$cons.odoo"
  rm -f "$cons" "$cons.odoo"
  echo "$VENV_STAMP" > "$build/.stamp"
  rm -rf "$XERO_VENV"; mv "$build" "$XERO_VENV"
  # a virtualenv's scripts name their folder: rewrite them for the final one
  grep -rlF "$build" "$XERO_VENV/bin" | xargs -r sed -i "s#$build#$XERO_VENV#g"
fi
if [ -L "$XERO_WORK/venv" ] || [ ! -e "$XERO_WORK/venv" ]; then ln -sfn "$XERO_VENV" "$XERO_WORK/venv"; fi

# --- PostgreSQL: start Debian's cluster when it is down, create our role once
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  log "starting PostgreSQL"
  ver="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  pg_ctlcluster "$ver" main start || die "cannot start PostgreSQL $ver"
  for _ in $(seq 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 0.5; done
fi
if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  log "creating PostgreSQL role $PGUSER"
  env -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD su postgres -c "psql -q -c \"CREATE ROLE \\\"$PGUSER\\\" LOGIN CREATEDB PASSWORD '$PGPASSWORD'\"" \
    || die "cannot create role $PGUSER"
fi
log "set-up ready: venv $XERO_VENV, Odoo $ODOO_SRC, PostgreSQL $PGHOST:$PGPORT as $PGUSER"
