#!/usr/bin/env bash
# Runs every test: conventions (ruff, pylint-odoo, the OCA's checks, generated docs current),
# the wheel, the upgrade from the first release, pure-Python tests (pytest), the addon's
# Odoo tests (odoo-bin --test-enable on a throwaway database) and the end-to-end tests
# against a running Odoo + Xero sandbox. Ends with one line "N passed, N failed".
#   scripts/test.sh                      everything
#   scripts/test.sh --only odoo --tags /xero_connector:TestInstall
#   scripts/test.sh --only pytest -k oauth
#   scripts/test.sh --only wheel          the addon built as a wheel and installed from it
#   scripts/test.sh --only upgrade        installed at its first release, synced, upgraded: data kept
#   scripts/test.sh --only bridges        the bridge addons (purchase orders, quotes): a database with
#                                         Purchase and Sale, the bridges installed by themselves, their tests
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
T0=$(date +%s)
ONLY="" TAGS="/xero_connector" PYTEST_K="" TAGS_SET=""
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY="$2"; shift 2 ;;
    --tags) TAGS="$2"; TAGS_SET=1; shift 2 ;;
    -k) PYTEST_K="$2"; shift 2 ;;
    *) die "unknown option $1 (see the header of scripts/test.sh)" ;;
  esac
done
want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
# addons beside the core that glue it to optional Odoo apps (auto_install): purchase orders, quotes
BRIDGES=(xero_connector_purchase xero_connector_sale)

require_odoo_src
bash "$REPO_ROOT/scripts/setup.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
RUN="$XERO_WORK/runs/$(date +%Y%m%d-%H%M%S)-$$"; mkdir -p "$RUN"
RESULTS="$RUN/results.tsv"; : > "$RESULTS"
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RESULTS"; }  # suite passed failed
cd "$REPO_ROOT"
export PYTHONPATH="$REPO_ROOT${PYTHONPATH:+:$PYTHONPATH}"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done; return 0; }
trap cleanup EXIT

# --- conventions
if want lint; then
  log "ruff"
  if "$XERO_VENV/bin/ruff" check . > "$RUN/ruff.log" 2>&1; then record ruff 1 0
  else cat "$RUN/ruff.log"; record ruff 0 1; fi
  log "pylint-odoo"
  if "$XERO_VENV/bin/pylint" --rcfile=.pylintrc --disable=consider-merging-classes-inherited xero_connector \
    "${BRIDGES[@]}" > "$RUN/pylint.log" 2>&1; then
    record pylint-odoo 1 0
  else cat "$RUN/pylint.log"; record pylint-odoo 0 1; fi
  log "OCA checks (manifest, XML, CSV, PO)"
  oca_ok=1
  for addon in xero_connector "${BRIDGES[@]}"; do
    "$XERO_VENV/bin/oca-checks-odoo-module" "$addon" >> "$RUN/oca.log" 2>&1 \
      && "$XERO_VENV/bin/oca-checks-po" "$addon"/i18n/*.po* >> "$RUN/oca.log" 2>&1 || oca_ok=""
  done
  if [ -n "$oca_ok" ]; then
    record oca-checks 1 0
  else cat "$RUN/oca.log"; record oca-checks 0 1; fi
  log "generated docs current (scripts/make_docs.py --check)"
  if "$PY" scripts/make_docs.py --check > "$RUN/docs.log" 2>&1; then record docs-current 1 0
  else cat "$RUN/docs.log"; record docs-current 0 1; fi
fi

# --- the addon as a wheel, installed beside Odoo and into a database from the wheel alone
if want wheel; then
  if bash scripts/test_wheel.sh "$RUN" > "$RUN/wheel.log" 2>&1; then tail -3 "$RUN/wheel.log"; record wheel 1 0
  else tail -30 "$RUN/wheel.log"; record wheel 0 1; fi
fi

# --- upgrades keep data: installed at the first release, synced, upgraded to this code
if want upgrade; then
  if bash scripts/test_upgrade.sh "$RUN" > "$RUN/upgrade.log" 2>&1; then tail -4 "$RUN/upgrade.log"; record upgrade 1 0
  else tail -40 "$RUN/upgrade.log"; record upgrade 0 1; fi
fi

# --- pure-Python tests (sandbox, client)
if want pytest; then
  log "pytest: the house (no import circle), sandbox, client, records and mappers"
  PYTEST_DIRS=()
  for d in tests/house xero_sandbox/tests xero_connector/xero_client/tests xero_connector/sync/tests; do [ -d "$d" ] && PYTEST_DIRS+=("$d"); done
  set +e
  "$PY" -m pytest -q -p no:cacheprovider --junitxml="$RUN/pytest.xml" ${PYTEST_K:+-k "$PYTEST_K"} \
    "${PYTEST_DIRS[@]}" > "$RUN/pytest.log" 2>&1
  rc=$?
  set -e
  tail -15 "$RUN/pytest.log"
  "$PY" scripts/testlib.py junit pytest "$RUN/pytest.xml" >> "$RESULTS"
  # 2-4: interrupted, internal or usage error: a broken run, whatever the report says
  case "$rc" in 0|1|5) ;; *) record pytest-run 0 1 ;; esac
fi

# --- Odoo tests, then the end-to-end tests against the same database
DB="xero_test_$$"
if want odoo || want e2e; then
  log "database $DB"
  new_db "$DB"
fi
if want odoo; then
  PORT="$(free_port)"; CONF="$(write_conf "test-$$" "$PORT")"
  log "odoo tests ($TAGS)"
  # a browser tour can stall on a loaded 2-core machine: a failed test runs once more, as on
  # Odoo's runbot, and testlib.py names every test that needed it
  ODOO_TEST_FAILURE_RETRIES=1 \
  "${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector --test-enable --test-tags "$TAGS" \
    --stop-after-init --log-level=test > "$RUN/odoo.log" 2>&1 || true
  "$PY" scripts/testlib.py odoo odoo "$RUN/odoo.log" >> "$RESULTS"
elif want e2e; then
  CONF="$(write_conf "test-$$" 8069)"
  "${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i xero_connector --stop-after-init --no-http \
    > "$RUN/install.log" 2>&1 || { tail -30 "$RUN/install.log"; die "install failed"; }
fi
if want e2e; then
  PORT="$(free_port)"; CONF="$(write_conf "e2e-$$" "$PORT")"
  log "e2e: Odoo on :$PORT"
  "${ODOO_BIN[@]}" -c "$CONF" -d "$DB" --db-filter="^$DB\$" "${SERVE_OPTS[@]}" --log-level=debug \
    > "$RUN/odoo-e2e.log" 2>&1 &
  PIDS+=($!)
  SPORT="$(free_port)" SANDBOX_URL=""
  if [ -f "$REPO_ROOT/xero_sandbox/__main__.py" ]; then
    # strict: the sandbox checks every exchange with Odoo against Xero's OpenAPI contracts
    "$PY" -m xero_sandbox serve --port "$SPORT" --db :memory: --strict \
      --webhook-url "http://127.0.0.1:$PORT/xero/webhooks" --webhook-key sandbox-webhook-key \
      > "$RUN/sandbox-e2e.log" 2>&1 &
    PIDS+=($!)
    wait_port "$SPORT" 30 && SANDBOX_URL="http://127.0.0.1:$SPORT"
  fi
  [ -n "$SANDBOX_URL" ] || log "no Xero sandbox: the end-to-end tests that need it are skipped"
  if wait_http "http://127.0.0.1:$PORT/web/login" 90; then
    ODOO_URL="http://127.0.0.1:$PORT" ODOO_DB="$DB" ODOO_LOGIN=admin ODOO_PASSWORD=admin \
      ODOO_LOG="$RUN/odoo-e2e.log" SANDBOX_URL="$SANDBOX_URL" \
      "$PY" -m pytest -q -p no:cacheprovider --junitxml="$RUN/e2e.xml" ${PYTEST_K:+-k "$PYTEST_K"} \
      --ignore=tests/house tests 2>&1 | tee "$RUN/e2e.log" | tail -15 || true
    "$PY" scripts/testlib.py junit e2e "$RUN/e2e.xml" >> "$RESULTS"
    if [ -n "$SANDBOX_URL" ]; then
      "$PY" scripts/testlib.py contract e2e-contract "$SANDBOX_URL" >> "$RESULTS"
    fi
  else
    tail -30 "$RUN/odoo-e2e.log"; record e2e-odoo-start 0 1
  fi
  cleanup; PIDS=()
fi
if [ -z "${KEEP_DB:-}" ] && { want odoo || want e2e; }; then drop_db "$DB"; fi

# --- the bridge addons: a database with Purchase and Sale, where they install by themselves
if want bridges; then
  BDB="xero_test_bridges_$$" BT0=$(date +%s)
  log "bridges: database $BDB with Purchase and Sale (a few minutes: the apps install)"
  new_db "$BDB"
  PORT="$(free_port)"; CONF="$(write_conf "bridges-$$" "$PORT")"
  # the template database was made before the bridges existed: Odoo reads its list of addons again
  echo 'env["ir.module.module"].update_list(); env.cr.commit()' \
    | "${ODOO_BIN[@]}" shell -c "$CONF" -d "$BDB" --no-http > "$RUN/bridges-list.log" 2>&1 || true
  BTAGS="/xero_connector_purchase,/xero_connector_sale"
  [ "$ONLY" = bridges ] && [ -n "$TAGS_SET" ] && BTAGS="$TAGS"
  ODOO_TEST_FAILURE_RETRIES=1 \
  "${ODOO_BIN[@]}" -c "$CONF" -d "$BDB" -i xero_connector,purchase,sale --test-enable --test-tags "$BTAGS" \
    --stop-after-init --log-level=test > "$RUN/bridges.log" 2>&1 || true
  "$PY" scripts/testlib.py odoo bridges "$RUN/bridges.log" >> "$RESULTS"
  installed="$(psql -d "$BDB" -tAc "select string_agg(name || '=' || state, ' ' order by name) from ir_module_module
    where name in ('xero_connector_purchase', 'xero_connector_sale')")"
  if [ "$installed" = "xero_connector_purchase=installed xero_connector_sale=installed" ]; then
    record bridges-auto-install 1 0
  else echo "bridges not installed by themselves: $installed"; record bridges-auto-install 0 1; fi
  [ -n "${KEEP_DB:-}" ] || drop_db "$BDB"
  log "bridges: $(( $(date +%s) - BT0 )) s"
fi

"$PY" scripts/testlib.py summary "$RESULTS" "$(( $(date +%s) - T0 ))" "$RUN"
