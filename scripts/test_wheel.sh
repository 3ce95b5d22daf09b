#!/usr/bin/env bash
# The addon installed as Odoo people install community addons: built as the wheel
# odoo-addon-xero_connector (whool, xero_connector/pyproject.toml), installed with pip into a
# fresh virtualenv beside Odoo, then installed into a fresh database from that wheel alone
# (the repository is not in Odoo's addons path). Called by scripts/test.sh --only wheel.
#   scripts/test_wheel.sh RUN_DIR     exit 0 when the addon installed from the wheel
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$REPO_ROOT/scripts/odoo_env.sh"
RUN="${1:?usage: test_wheel.sh RUN_DIR}"
WORK="$RUN/wheel"; rm -rf "$WORK"; mkdir -p "$WORK/dist"
DB="xero_test_wheel_$$"
trap 'drop_db "$DB" || true; rm -rf "$WORK/venv"' EXIT   # the wheel stays in RUN_DIR/wheel/dist

log "wheel: building odoo-addon-xero_connector with whool"
# --no-build-isolation: whool comes from the project's virtualenv (pinned), no download
"$PY" -m pip wheel -q --no-deps --no-build-isolation --no-index -w "$WORK/dist" "$REPO_ROOT/xero_connector" \
  > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; die "the wheel did not build"; }
WHEEL="$(ls "$WORK"/dist/odoo_addon_xero_connector-*.whl)"
MANIFEST_VERSION="$("$PY" -c 'import ast,sys; print(ast.literal_eval(open(sys.argv[1]).read())["version"])' \
  "$REPO_ROOT/xero_connector/__manifest__.py")"
"$PY" - "$WHEEL" "$MANIFEST_VERSION" <<'PY' || die "the wheel's metadata does not follow the manifest"
import ast, sys, zipfile
from email.parser import Parser
wheel, version = sys.argv[1:]
with zipfile.ZipFile(wheel) as zf:
    names = zf.namelist()
    meta = Parser().parsestr(zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode())
    manifest = ast.literal_eval(zf.read("odoo/addons/xero_connector/__manifest__.py").decode())
problems = []
if meta["Name"] != "odoo-addon-xero_connector":
    problems.append(f"name {meta['Name']}")
# whool adds .N after the manifest's version for commits to the addon since the version changed
if meta["Version"] != version and not meta["Version"].startswith(version + "."):
    problems.append(f"version {meta['Version']} is not the manifest's {version}")
requires = {r.split(";")[0].split("=")[0].split("<")[0].split(">")[0].strip().lower()
            for r in meta.get_all("Requires-Dist") or []}
wanted = {p.lower() for p in manifest["external_dependencies"]["python"]} | {"odoo"}
if requires != wanted:
    problems.append(f"Requires-Dist {sorted(requires)} != manifest's {sorted(wanted)}")
for must in ("odoo/addons/xero_connector/__init__.py", "odoo/addons/xero_connector/static/description/index.html"):
    if must not in names:
        problems.append(f"{must} missing")
if any(n.startswith(("odoo/__init__", "odoo/addons/__init__")) for n in names):
    problems.append("the wheel must not own the odoo / odoo.addons namespace packages")
print(f"  {meta['Name']} {meta['Version']}: {len(names)} files; requires {', '.join(sorted(requires))}")
sys.exit("; ".join(problems) if problems else 0)
PY

# the bridge addons (purchase orders, quotes): their own wheels, which require the core's
for bridge in xero_connector_purchase xero_connector_sale; do
  log "wheel: building odoo-addon-$bridge"
  "$PY" -m pip wheel -q --no-deps --no-build-isolation --no-index -w "$WORK/dist" "$REPO_ROOT/$bridge" \
    > "$WORK/build-$bridge.log" 2>&1 || { cat "$WORK/build-$bridge.log"; die "the $bridge wheel did not build"; }
  "$PY" - "$(ls "$WORK"/dist/odoo_addon_"$bridge"-*.whl)" "$bridge" <<'PY' || die "the $bridge wheel's metadata is wrong"
import sys, zipfile
from email.parser import Parser
wheel, name = sys.argv[1:]
with zipfile.ZipFile(wheel) as zf:
    names = zf.namelist()
    meta = Parser().parsestr(zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode())
norm = lambda text: text.strip().lower().replace("_", "-")  # noqa: E731
requires = {norm(r.split(";")[0].split("=")[0].split("<")[0].split(">")[0]) for r in meta.get_all("Requires-Dist") or []}
problems = []
if meta["Name"] != f"odoo-addon-{name}":
    problems.append(f"name {meta['Name']}")
if requires != {"odoo", "odoo-addon-xero-connector"}:
    problems.append(f"Requires-Dist {sorted(requires)}: wants odoo and odoo-addon-xero_connector")
if f"odoo/addons/{name}/__manifest__.py" not in names:
    problems.append("the manifest is missing")
print(f"  {meta['Name']} {meta['Version']}: {len(names)} files; requires {', '.join(sorted(requires))}")
sys.exit("; ".join(problems) if problems else 0)
PY
done

log "wheel: a fresh virtualenv beside Odoo"
VENV="$WORK/venv"
"$PY" -m venv --without-pip "$VENV"
SITE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
# Odoo's and the project's libraries come from the project's virtualenv (installed once, cheap
# to share); Odoo itself is a source tree, registered as the distribution `odoo` the way
# `pip install -e $ODOO_SRC` would, so pip checks the wheel's odoo==18.0.* requirement too.
"$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' > "$SITE/xero_project_venv.pth"
echo "$ODOO_SRC" > "$SITE/odoo_src.pth"
ODOO_VERSION="$("$PY" -c 'import runpy,sys; print(runpy.run_path(sys.argv[1])["series"])' "$ODOO_SRC/odoo/release.py")"
mkdir -p "$SITE/odoo-$ODOO_VERSION.dist-info"
printf 'Metadata-Version: 2.1\nName: odoo\nVersion: %s\n' "$ODOO_VERSION" > "$SITE/odoo-$ODOO_VERSION.dist-info/METADATA"
echo "xero_connector scripts/test_wheel.sh" > "$SITE/odoo-$ODOO_VERSION.dist-info/INSTALLER"
# pip resolves the wheel's Requires-Dist against what is installed: --no-index, nothing downloaded
"$PY" -m pip --python "$VENV/bin/python" install -q --no-index --find-links "$WORK/dist" \
  odoo-addon-xero_connector > "$WORK/pip.log" 2>&1 || { cat "$WORK/pip.log"; die "pip could not install the wheel"; }
[ -f "$SITE/odoo/addons/xero_connector/__manifest__.py" ] || die "the wheel did not install to odoo/addons/xero_connector"
"$PY" -m pip --python "$VENV/bin/python" install -q --no-index --find-links "$WORK/dist" \
  odoo-addon-xero_connector_purchase odoo-addon-xero_connector_sale > "$WORK/pip-bridges.log" 2>&1 \
  || { cat "$WORK/pip-bridges.log"; die "pip could not install the bridge wheels"; }

log "wheel: installing xero_connector from the wheel into $DB"
new_db "$DB"
CONF="$(write_conf "wheel-$$" 8069 "")"   # Odoo's own addons only: xero_connector comes from site-packages
env -u PYTHONPATH "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -i xero_connector \
  --stop-after-init --no-http > "$WORK/odoo.log" 2>&1 || { tail -30 "$WORK/odoo.log"; die "install failed"; }
rm -f "$CONF"
state="$(psql -d "$DB" -tAc "select state || ' ' || latest_version from ir_module_module where name='xero_connector'")"
log "wheel: xero_connector $state"
[ "${state%% *}" = installed ] || { tail -30 "$WORK/odoo.log"; die "xero_connector is '$state', not installed"; }
grep -q "addons paths:.*$SITE/odoo/addons" "$WORK/odoo.log" || die "Odoo did not load addons from the wheel's site-packages"
# the bridges are beside it, but without Purchase and Sales they stay uninstalled
bridges="$(psql -d "$DB" -tAc "select count(*) from ir_module_module where name like 'xero_connector_%' and state = 'installed'")"
[ "$bridges" = 0 ] || die "a bridge addon was installed without its app"
if grep -q "addons paths:.*$REPO_ROOT" "$WORK/odoo.log"; then die "the repository was in Odoo's addons path"; fi
if grep -E "^\S+ \S+ [0-9]+ (ERROR|CRITICAL) " "$WORK/odoo.log"; then die "errors in the install log"; fi
echo "$WHEEL"
