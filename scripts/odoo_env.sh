# Odoo helpers shared by test.sh and demo.sh; sourced after common.sh.

ODOO_BIN=("$PY" "$ODOO_SRC/odoo-bin")
ODOO_DEPENDS="account,analytic,mail"   # keep in step with the manifest's depends
# The countries of the sandbox's client organisations: their charts and taxes are there to map.
TEMPLATE_MODULES="$ODOO_DEPENDS,l10n_au,l10n_nz,l10n_uk"

# How Odoo serves the demo and the end-to-end tests (the same, so the tests see what the demo
# does): the threaded server, whose websocket (live updates: job forms, notifications) shares the
# HTTP port, and two scheduler threads for sync jobs. A server with --workers=N serves the
# websocket on gevent_port instead: route /websocket there (see docs/deploying.md).
SERVE_OPTS=(--workers=0 --max-cron-threads=2)

# A per-machine token encryption key, kept outside the repo and outside the database.
token_key() {
  local f="$XERO_WORK/token.key"
  [ -s "$f" ] || { mkdir -p "$XERO_WORK"; "$PY" -c \
    'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' > "$f"; chmod 600 "$f"; }
  cat "$f"
}

# write_conf NAME [HTTP_PORT] [ADDONS_DIR] -> prints the path of an Odoo config file;
# ADDONS_DIR (default: the repository) follows Odoo's addons in addons_path, "" for none
write_conf() {
  local name="$1" port="${2:-8069}" conf="$XERO_WORK/$1.conf" extra="${3-$REPO_ROOT}"
  mkdir -p "$XERO_WORK/data"
  cat > "$conf" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons${extra:+,$extra}
data_dir = $XERO_WORK/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = $PGPASSWORD
http_interface = 127.0.0.1
http_port = $port
gevent_port = $((port + 3))
admin_passwd = ${ODOO_MASTER_PASSWORD:-admin}
without_demo = all
xero_token_key = $(token_key)
CONF
  echo "$conf"
}

db_exists() { psql -d postgres -tAc "select 1 from pg_database where datname='$1'" | grep -q 1; }

drop_db() {
  db_exists "$1" || return 0
  # our own sessions only: an autovacuum worker on the database is the server's (not ours to end)
  psql -q -d postgres -c "select pg_terminate_backend(pid) from pg_stat_activity where datname='$1' and usename = current_user" >/dev/null
  dropdb --if-exists "$1"
  rm -rf "$XERO_WORK/data/filestore/$1"
}

# A database with Odoo's accounting installed, built once per Odoo source and reused:
# copying it takes a second where installing `account` takes a minute.
template_db() {
  local key; key="$( (cat "$ODOO_SRC/odoo/release.py"; echo "$TEMPLATE_MODULES") | sha256sum | cut -c1-10)"
  local tmpl="xero_tmpl_$key"
  if ! db_exists "$tmpl" || ! psql -d "$tmpl" -tAc "select 1 from ir_module_module where name='account' and state='installed'" 2>/dev/null | grep -q 1; then
    log "building template database $tmpl (Odoo accounting, about a minute, once)"
    drop_db "$tmpl"
    local conf; conf="$(write_conf template)"
    "${ODOO_BIN[@]}" -c "$conf" -d "$tmpl" -i "$TEMPLATE_MODULES" --stop-after-init --no-http \
      --log-level=warn > "$XERO_WORK/template.log" 2>&1 \
      || { tail -30 "$XERO_WORK/template.log" >&2; die "template database failed"; }
  fi
  echo "$tmpl"
}

# new_db NAME: a fresh database copied from the template (filestore included)
new_db() {
  local tmpl; tmpl="$(template_db)"
  drop_db "$1"
  createdb -T "$tmpl" "$1"
  if [ -d "$XERO_WORK/data/filestore/$tmpl" ]; then
    mkdir -p "$XERO_WORK/data/filestore"
    cp -r "$XERO_WORK/data/filestore/$tmpl" "$XERO_WORK/data/filestore/$1"
  fi
}

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_http() {  # wait_http URL SECONDS
  local url="$1" t="${2:-60}"
  for _ in $(seq $((t * 4))); do
    "$PY" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" \
      >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  return 1
}

wait_port() {  # wait_port PORT SECONDS: until something listens on 127.0.0.1:PORT
  for _ in $(seq $(($2 * 4))); do
    "$PY" -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)" "$1" \
      >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  return 1
}
