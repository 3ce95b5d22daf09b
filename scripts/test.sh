#!/usr/bin/env bash
# Runs every test: conventions (ruff, pylint-odoo, the OCA's checks, generated docs current),
# the wheel, the upgrade from the first release, pure-Python tests (pytest), the addon's
# Odoo tests (odoo-bin --test-enable on a throwaway database), the end-to-end tests against a
# running Odoo + Xero sandbox and the bridge addons. Ends with one line "N passed, N failed".
#   scripts/test.sh                      everything
#   scripts/test.sh --only odoo           the addon's Odoo tests (two groups: odoo and odoo-2)
#   scripts/test.sh --only odoo --tags /xero_connector:TestInstall
#   scripts/test.sh --only pytest -k oauth
#   scripts/test.sh --only lint           conventions
#   scripts/test.sh --only wheel          the addon built as a wheel and installed from it
#   scripts/test.sh --only upgrade        installed at its first release, synced, upgraded: data kept
#   scripts/test.sh --only e2e            end-to-end: a running Odoo and sandbox, driven from outside
#   scripts/test.sh --only bridges        the bridge addons (purchase orders, quotes): a database with
#                                         Purchase and Sale, the bridges installed by themselves, their tests
# The groups run side by side, each on its own database, in three lanes (below) sized for a
# 2-core machine; every group's output is printed in one piece when it ends, and the summary
# gives each group's time. A group that crashes counts as a failure, never as nothing.
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
GROUPS_ALL=(lint wheel upgrade pytest odoo odoo-2 e2e bridges)
# The Odoo tests run as two groups on two databases at once: odoo-2 takes the classes below
# (TransactionCases: no browser, no web assets to build), odoo all the others (the install
# tests, the screens, the tours). A class missing from a release simply runs in "odoo".
# --only odoo runs both; --tags runs exactly those tags in one group.
# (the longest sandbox classes, quiet days, outbox and conflicts, run in "odoo" to even the two out)
ODOO_2_CLASSES=(TestSandboxPayments TestSandboxBankAccounts TestSandboxPaymentCountries TestSandboxItems
  TestSandboxPublish TestSandboxPublishRecovery TestSandboxPublishCountries TestSandboxPublishChanges
  TestSandboxJournals TestSandboxAttachments TestSpoiledSandbox TestSandboxSync TestSandboxDocuments
  TestSandboxCountryTaxes TestNoJobIsStuck TestDocuments TestBadRecords TestJournalPosting TestSandboxBooks
  TestSandboxBooksPublished TestDailyBudget TestTaxRoundTrip TestSandboxLegacyContacts TestSandboxAdoption
  TestSandboxPublishScopes TestJournalPostingRefusesXeroDocuments TestTaxMapping TestSandboxPayrollAssets
  TestSandboxJournalVoids
  TestSandboxHealth
  TestSandboxHealthWho
  TestSandboxManualJournals
  TestSandboxForeignPayments
  TestSandboxFaults)
want() {
  case "$1" in
    odoo-2) [ -z "$TAGS_SET" ] && { [ -z "$ONLY" ] || [ "$ONLY" = odoo ]; } ;;
    *) [ -z "$ONLY" ] || [ "$ONLY" = "$1" ] ;;
  esac
}
[ -z "$ONLY" ] || [[ " ${GROUPS_ALL[*]} " == *" $ONLY "* ]] || die "--only $ONLY: one of ${GROUPS_ALL[*]}"
# addons beside the core that glue it to optional Odoo apps (auto_install): purchase orders, quotes
BRIDGES=(xero_connector_purchase xero_connector_sale)

require_odoo_src
bash "$REPO_ROOT/scripts/setup.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
RUN="$XERO_WORK/runs/$(date +%Y%m%d-%H%M%S)-$$"; mkdir -p "$RUN"
RESULTS="$RUN/results.tsv"; : > "$RESULTS"
TIMES="$RUN/times.tsv"; : > "$TIMES"
# record SUITE PASSED FAILED: into the running group's own results file (groups run at once)
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$GROUP_RESULTS"; }
cd "$REPO_ROOT"
export PYTHONPATH="$REPO_ROOT${PYTHONPATH:+:$PYTHONPATH}"

# --- conventions
group_lint() {
  log "ruff"
  if "$XERO_VENV/bin/ruff" check . > "$RUN/ruff.log" 2>&1; then record ruff 1 0
  else cat "$RUN/ruff.log"; record ruff 0 1; fi
  log "pylint-odoo"
  if "$XERO_VENV/bin/pylint" --rcfile=.pylintrc --disable=consider-merging-classes-inherited xero_connector \
    "${BRIDGES[@]}" > "$RUN/pylint.log" 2>&1; then
    record pylint-odoo 1 0
  else cat "$RUN/pylint.log"; record pylint-odoo 0 1; fi
  log "OCA checks (manifest, XML, CSV, PO)"
  local oca_ok=1 addon
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
}

# --- the addon as a wheel, installed beside Odoo and into a database from the wheel alone
group_wheel() {
  if bash scripts/test_wheel.sh "$RUN" > "$RUN/wheel.log" 2>&1; then tail -3 "$RUN/wheel.log"; record wheel 1 0
  else tail -30 "$RUN/wheel.log"; record wheel 0 1; fi
}

# --- upgrades keep data: installed at the first release, synced, upgraded to this code
group_upgrade() {
  if bash scripts/test_upgrade.sh "$RUN" > "$RUN/upgrade.log" 2>&1; then tail -4 "$RUN/upgrade.log"; record upgrade 1 0
  else tail -40 "$RUN/upgrade.log"; record upgrade 0 1; fi
}

# --- pure-Python tests (the house, sandbox, client, records and mappers), on every core
# (pytest-xdist: each worker its own sandbox process); conftest.py starts the longest first
group_pytest() {
  log "pytest: the house (no import circle), sandbox, client, records and mappers"
  local dirs=() d rc
  for d in tests/house xero_sandbox/tests xero_connector/xero_client/tests xero_connector/sync/tests; do
    [ -d "$d" ] && dirs+=("$d")
  done
  set +e
  "$PY" -m pytest -q -p no:cacheprovider -n "${XERO_PYTEST_WORKERS:-2}" --dist worksteal --durations=10 \
    --junitxml="$RUN/pytest.xml" ${PYTEST_K:+-k "$PYTEST_K"} "${dirs[@]}" > "$RUN/pytest.log" 2>&1
  rc=$?
  set -e
  tail -25 "$RUN/pytest.log"
  "$PY" scripts/testlib.py junit pytest "$RUN/pytest.xml" >> "$GROUP_RESULTS"
  # 2-4: interrupted, internal or usage error: a broken run, whatever the report says
  case "$rc" in 0|1|5) ;; *) record pytest-run 0 1 ;; esac
}

# --- the addon's Odoo tests: installed on a fresh database with --test-enable
# odoo_suite NAME DB TAGS
odoo_suite() {
  local name="$1" db="$2" tags="$3" port conf
  log "$name: database $db"
  new_db "$db"
  port="$(free_port)"; conf="$(write_conf "test-$name-$$" "$port")"
  log "$name tests ($tags)"
  # a browser tour can stall on a loaded 2-core machine: a failed test runs once more, as on
  # Odoo's runbot, and testlib.py names every test that needed it
  ODOO_TEST_FAILURE_RETRIES=1 \
  "${ODOO_BIN[@]}" -c "$conf" -d "$db" -i xero_connector --test-enable --test-tags "$tags" \
    --stop-after-init --log-level=test > "$RUN/$name.log" 2>&1 || true
  "$PY" scripts/testlib.py odoo "$name" "$RUN/$name.log" >> "$GROUP_RESULTS"
  "$PY" scripts/testlib.py slowest "$RUN/$name.log" 10 || true
  [ -n "${KEEP_DB:-}" ] || drop_db "$db"
  rm -f "$conf"
}
group_odoo() {
  local tags="$TAGS" class
  if want odoo-2; then
    for class in "${ODOO_2_CLASSES[@]}"; do tags+=",-/xero_connector:$class"; done
  fi
  odoo_suite odoo "xero_test_$$" "$tags"
}
group_odoo_2() {
  local tags="" class
  for class in "${ODOO_2_CLASSES[@]}"; do tags+="${tags:+,}/xero_connector:$class"; done
  odoo_suite odoo-2 "xero_test_2_$$" "$tags"
}

# --- end-to-end: Odoo serving its own fresh database (beside the Odoo tests' one), the strict
# sandbox, both driven from outside as a person and Xero would
E2E_PIDS=()
# shellcheck disable=SC2317  # called by the trap
stop_e2e_servers() { for p in "${E2E_PIDS[@]:-}"; do [ -n "$p" ] && { kill "$p" 2>/dev/null || true; }; done; E2E_PIDS=(); return 0; }
group_e2e() {
  local db="xero_test_e2e_$$" conf port sport sandbox_url=""
  trap stop_e2e_servers EXIT
  log "e2e: database $db"
  new_db "$db"
  conf="$(write_conf "e2e-install-$$" 8069)"
  if ! "${ODOO_BIN[@]}" -c "$conf" -d "$db" -i xero_connector --stop-after-init --no-http \
    > "$RUN/install-e2e.log" 2>&1; then
    tail -30 "$RUN/install-e2e.log"; record e2e-install 0 1
    [ -n "${KEEP_DB:-}" ] || drop_db "$db"
    return 0
  fi
  rm -f "$conf"
  port="$(free_port)"; conf="$(write_conf "e2e-$$" "$port")"
  log "e2e: Odoo on :$port"
  "${ODOO_BIN[@]}" -c "$conf" -d "$db" --db-filter="^$db\$" "${SERVE_OPTS[@]}" --log-level=debug \
    > "$RUN/odoo-e2e.log" 2>&1 &
  E2E_PIDS+=($!)
  sport="$(free_port)"
  if [ -f "$REPO_ROOT/xero_sandbox/__main__.py" ]; then
    # strict: the sandbox checks every exchange with Odoo against Xero's OpenAPI contracts
    "$PY" -m xero_sandbox serve --port "$sport" --db :memory: --strict \
      --webhook-url "http://127.0.0.1:$port/xero/webhooks" --webhook-key sandbox-webhook-key \
      > "$RUN/sandbox-e2e.log" 2>&1 &
    E2E_PIDS+=($!)
    wait_port "$sport" 120 && sandbox_url="http://127.0.0.1:$sport"
  fi
  [ -n "$sandbox_url" ] || log "no Xero sandbox: the end-to-end tests that need it are skipped"
  if wait_http "http://127.0.0.1:$port/web/login" 180; then
    # a fresh database: its web client's assets are built now, not inside the browser test's waits
    "$PY" scripts/testlib.py warm "http://127.0.0.1:$port" "$db" admin admin || true
    # in file order (the browser test, then the log checks that read what it left): one process
    ODOO_URL="http://127.0.0.1:$port" ODOO_DB="$db" ODOO_LOGIN=admin ODOO_PASSWORD=admin \
      ODOO_LOG="$RUN/odoo-e2e.log" SANDBOX_URL="$sandbox_url" \
      "$PY" -m pytest -q -p no:cacheprovider --junitxml="$RUN/e2e.xml" ${PYTEST_K:+-k "$PYTEST_K"} \
      --ignore=tests/house tests 2>&1 | tee "$RUN/e2e.log" | tail -15 || true
    "$PY" scripts/testlib.py junit e2e "$RUN/e2e.xml" >> "$GROUP_RESULTS"
    if [ -n "$sandbox_url" ]; then
      "$PY" scripts/testlib.py contract e2e-contract "$sandbox_url" >> "$GROUP_RESULTS"
    fi
  else
    tail -30 "$RUN/odoo-e2e.log"; record e2e-odoo-start 0 1
  fi
  stop_e2e_servers
  rm -f "$conf"
  [ -n "${KEEP_DB:-}" ] || drop_db "$db"
}

# --- the bridge addons: a database with Purchase and Sale, where they install by themselves
group_bridges() {
  local bdb="xero_test_bridges_$$" port conf btags installed
  log "bridges: database $bdb with Purchase and Sale (a few minutes: the apps install)"
  new_db "$bdb"
  port="$(free_port)"; conf="$(write_conf "bridges-$$" "$port")"
  # the template database was made before the bridges existed: Odoo reads its list of addons again
  echo 'env["ir.module.module"].update_list(); env.cr.commit()' \
    | "${ODOO_BIN[@]}" shell -c "$conf" -d "$bdb" --no-http > "$RUN/bridges-list.log" 2>&1 || true
  btags="/xero_connector_purchase,/xero_connector_sale"
  [ "$ONLY" = bridges ] && [ -n "$TAGS_SET" ] && btags="$TAGS"
  ODOO_TEST_FAILURE_RETRIES=1 \
  "${ODOO_BIN[@]}" -c "$conf" -d "$bdb" -i xero_connector,purchase,sale --test-enable --test-tags "$btags" \
    --stop-after-init --log-level=test > "$RUN/bridges.log" 2>&1 || true
  "$PY" scripts/testlib.py odoo bridges "$RUN/bridges.log" >> "$GROUP_RESULTS"
  installed="$(psql -d "$bdb" -tAc "select string_agg(name || '=' || state, ' ' order by name) from ir_module_module
    where name in ('xero_connector_purchase', 'xero_connector_sale')")"
  if [ "$installed" = "xero_connector_purchase=installed xero_connector_sale=installed" ]; then
    record bridges-auto-install 1 0
  else echo "bridges not installed by themselves: $installed"; record bridges-auto-install 0 1; fi
  [ -n "${KEEP_DB:-}" ] || drop_db "$bdb"
  rm -f "$conf"
}

# run_group NAME: the group in its own shell, its output and results in its own files, its
# start, end and exit status in times.tsv; a group that exits non-zero (set -e, die, a signal)
# is recorded as failed by the summary, whatever it recorded before
run_group() {
  local name="$1" start rc
  start=$(date +%s)
  log "$name: started"
  set +e
  (
    set -e
    GROUP_RESULTS="$RUN/results-$name.tsv"; : > "$GROUP_RESULTS"
    "group_${name//-/_}"
  ) > "$RUN/$name.out" 2>&1
  rc=$?
  set -e
  printf '%s\t%s\t%s\t%s\n' "$name" "$start" "$(date +%s)" "$rc" >> "$TIMES"
  log "$name: done in $(( $(date +%s) - start )) s$([ "$rc" = 0 ] || echo " (exit $rc)")"
}
# run_lane: take the next wanted group from the queue (first come, first served between the
# lanes), run it, until the queue is empty (one lane = about one core)
take_group() {
  (
    flock 9
    local next; next="$(head -1 "$RUN/queue")"
    sed -i 1d "$RUN/queue"
    echo "$next"
  ) 9> "$RUN/queue.lock"
}
run_lane() {
  local name
  while name="$(take_group)"; [ -n "$name" ]; do run_group "$name"; done
}

# Databases are copies of one template (Odoo's accounting installed once): made before the
# lanes start so that two groups never build it at once.
if want odoo || want odoo-2 || want e2e || want bridges || want wheel || want upgrade; then
  template_db > /dev/null
fi

# Three lanes on two cores take the groups longest first (the Odoo tests with the browser
# tours; pytest, whose fuzzing runs for minutes on one worker; the other half of the Odoo
# tests), then the shorter ones as lanes free up. Lanes wait on PostgreSQL, HTTP, the sandbox
# and the browser often enough that a third lane fills the gaps.
# Each lane is its own process group (set -m): stopping the run stops everything a lane started.
for name in odoo pytest odoo-2 upgrade e2e bridges wheel lint; do
  if want "$name"; then echo "$name"; fi
done > "$RUN/queue"
LANE_PIDS=()
# shellcheck disable=SC2317  # called by the trap
stop_lanes() { for p in "${LANE_PIDS[@]:-}"; do [ -n "$p" ] && { kill -- "-$p" 2>/dev/null || true; }; done; return 0; }
trap stop_lanes EXIT
set -m
for _ in 1 2 3; do run_lane & LANE_PIDS+=($!); done
for p in "${LANE_PIDS[@]}"; do wait "$p" || true; done
set +m
LANE_PIDS=()

# every group's output in one piece, in a fixed order; then the results in the same order. A
# group that recorded nothing, or whose shell failed (an error outside a test: set -e, die, a
# signal), counts one failure more: a broken group never passes silently.
for name in "${GROUPS_ALL[@]}"; do
  want "$name" || continue
  echo "===== $name"
  cat "$RUN/$name.out" 2>/dev/null || true
  if [ -s "$RUN/results-$name.tsv" ]; then cat "$RUN/results-$name.tsv" >> "$RESULTS"
  else printf '%s\t0\t1\n' "$name-no-result" >> "$RESULTS"; fi
  rc="$(awk -F'\t' -v n="$name" '$1 == n {print $4}' "$TIMES")"
  if [ "${rc:-none}" != 0 ]; then
    echo "$name: the group ended with exit status ${rc:-none} (see $RUN/$name.out)"
    printf '%s\t0\t1\n' "$name-crashed" >> "$RESULTS"
  fi
done
"$PY" scripts/testlib.py summary "$RESULTS" "$(( $(date +%s) - T0 ))" "$RUN" "$TIMES"
