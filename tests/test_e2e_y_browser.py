"""End to end in a real headless Chromium: an administrator connects two organisations from
the Xero dashboard through the sandbox's consent page, lands back in Odoo connected, syncs
one from its card, opens the job and downloads its data file, then posts a journal entry to
Xero from the Journal Posting menu (preview first)."""

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from odoo_web import OdooWeb  # noqa: E402

pytestmark = pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                                reason="chromium is not installed (scripts/setup.sh installs it)")


def wait(chrome, expression, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if chrome.js(expression):
            return True
        time.sleep(0.3)
    return False


def click(chrome, selector, text):
    return chrome.js(
        f"(() => {{ const el = [...document.querySelectorAll({json.dumps(selector)})]"
        f".find(e => e.textContent.includes({json.dumps(text)})); if (el) el.click(); return !!el; }})()")


@pytest.fixture
def chrome():
    from screenshots import Chrome  # needs websocket-client, installed by scripts/setup.sh

    browser = Chrome()
    yield browser
    browser.close()


def test_connect_two_organisations_in_the_browser(odoo_env, chrome):
    sandbox = os.environ.get("SANDBOX_URL")
    if not sandbox:
        pytest.skip("SANDBOX_URL is not set: run the end-to-end tests through scripts/test.sh")
    from screenshots import login

    web = OdooWeb(odoo_env["url"], odoo_env["db"], odoo_env["login"], odoo_env["password"])
    for key, value in {"web.base.url": odoo_env["url"], "xero_connector.client_id": "sandbox-client-id",
                       "xero_connector.client_secret": "sandbox-client-secret",
                       "xero_connector.service_url": sandbox}.items():
        web.call("ir.config_parameter", "set_param", key, value)

    login(chrome, odoo_env["url"], odoo_env["db"], odoo_env["login"], odoo_env["password"])
    chrome.goto(odoo_env["url"] + "/odoo/action-xero_connector.action_xero_connection", wait_for=".o_content")
    assert wait(chrome, "[...document.querySelectorAll('button')].some(b => "
                        "b.textContent.includes('Connect Xero organisations'))")
    assert click(chrome, "button", "Connect Xero organisations")
    assert wait(chrome, "[...document.querySelectorAll('.modal button')].some(b => "
                        "b.textContent.includes('Continue to Xero'))"), "the connect dialog did not open"
    # the dialog asks where the organisations book; nothing is chosen for the user
    chrome.js("document.querySelector('.modal .o_radio_input[data-value=current]').click()")
    assert wait(chrome, "document.querySelector('.modal .o_radio_input[data-value=current]').checked")
    assert click(chrome, ".modal button", "Continue to Xero")

    # Xero's (the sandbox's) consent page: tick two organisations, allow
    assert wait(chrome, "!!document.querySelector('input[name=tenant_ids]')"), chrome.js("location.href")
    assert chrome.js("location.href").startswith(sandbox)
    ticked = chrome.js(
        "(() => { let n = 0; for (const label of document.querySelectorAll('label')) {"
        " if (/Thames|Demo Accounting/.test(label.textContent)) {"
        " document.getElementById(label.htmlFor).checked = true; n++; } } return n; })()")
    assert ticked == 2
    chrome.js("document.querySelector('button[value=allow]').click()")

    # back in Odoo: the callback's result page, then the connections exist
    assert wait(chrome, "!!document.querySelector('.o_xero_result')", timeout=60), chrome.js("location.href")
    assert chrome.js("document.querySelector('.o_xero_result').dataset.ok") == "1", \
        chrome.js("document.body.innerText")
    conns = web.call("xero.connection", "search_read", [("state", "=", "active")], fields=["name", "country_code"])
    names = {c["name"] for c in conns}
    assert {"Thames Consulting Ltd", "Demo Accounting Firm"} <= names, names

    # Sync now from Thames's card on the dashboard; the scheduler runs it
    thames = next(c for c in conns if c["name"] == "Thames Consulting Ltd")
    chrome.goto(odoo_env["url"] + "/odoo/action-xero_connector.action_xero_connection", wait_for=".o_kanban_record")
    assert chrome.js(
        "(() => { const card = [...document.querySelectorAll('.o_kanban_record')]"
        ".find(c => c.textContent.includes('Thames Consulting')); const b = card && "
        "card.querySelector('button[name=action_sync_now]'); if (b) b.click(); return !!b; })()")
    deadline, job = time.time() + 180, None
    while time.time() < deadline and not job:
        job = web.call("xero.sync.job", "search_read", [("connection_id", "=", thames["id"]),
                                                         ("state", "in", ("done", "warning"))], fields=["id"])
        time.sleep(2)
    assert job, "the scheduler did not run the sync started from the card"

    # the job's form: counts, log, and a data file (a spreadsheet, and the same rows as CSV)
    chrome.goto(f"{odoo_env['url']}/odoo/action-xero_connector.action_xero_sync_job/{job[0]['id']}",
                wait_for=".o_form_view")
    assert wait(chrome, "!!document.querySelector('.o_field_widget[name=data_file]')")
    assert wait(chrome, "document.querySelector('.o_field_widget[name=log]').textContent.includes('Finished')")
    # what the download link fetches, with the browser's own session
    csv = chrome.js(f"fetch('/web/content/xero.sync.job/{job[0]['id']}/data_file_csv?download=true')"
                    ".then(r => r.ok ? r.text() : 'HTTP ' + r.status)")
    assert csv.splitlines()[0].lower().startswith(("entity", "collection", "type", "xero")), csv[:200]
    assert len(csv.splitlines()) > 10
    post_from_the_journal_posting_menu(chrome, web, odoo_env, thames)


def post_from_the_journal_posting_menu(chrome, web, odoo_env, thames):
    """Thames's sales and receivable accounts mapped, one entry posted to Xero from the menu."""
    company = web.call("xero.connection", "read", [thames["id"]], ["company_id"])[0]["company_id"][0]
    accounts = {t: web.call("account.account", "search", [("company_ids", "in", company), ("account_type", "=", t)],
                            limit=1)[0] for t in ("income", "asset_current")}
    for code, account in (("200", accounts["income"]), ("610", accounts["asset_current"])):
        ids = web.call("xero.account", "search", [("connection_id", "=", thames["id"]), ("code", "=", code)])
        web.call("xero.account", "write", ids, {"account_id": account})
    journal = web.call("account.journal", "search", [("company_id", "=", company), ("type", "=", "general")],
                       limit=1)[0]
    web.call("xero.connection", "write", [thames["id"]], {"post_journal_ids": [(6, 0, [journal])]})
    move = web.call("account.move", "create", {"journal_id": journal, "ref": "Browser accrual", "line_ids": [
        (0, 0, {"account_id": accounts["asset_current"], "debit": 75.0, "name": "Accrued"}),
        (0, 0, {"account_id": accounts["income"], "credit": 75.0, "name": "Accrued"})]})
    web.call("account.move", "action_post", [move])
    move_name = web.call("account.move", "read", [move], ["name"])[0]["name"]

    chrome.goto(odoo_env["url"] + "/odoo/action-xero_connector.action_xero_post_wizard", wait_for=".o_dialog")
    chrome.js("(() => { const i = document.querySelector('.o_field_widget[name=connection_id] input');"
              " i.value = 'Thames'; i.dispatchEvent(new Event('input', {bubbles: true})); })()")
    assert wait(chrome, "[...document.querySelectorAll('.o-autocomplete--dropdown-item')]"
                        ".some(e => e.textContent.includes('Thames'))")
    assert click(chrome, ".o-autocomplete--dropdown-item", "Thames")
    assert wait(chrome, "document.querySelector('.o_field_widget[name=connection_id] input').value"
                        ".includes('Thames')")
    assert click(chrome, ".o_dialog button", "Preview (dry run)")
    assert wait(chrome, f"(document.querySelector('.o_field_widget[name=preview]') || {{}}).textContent"
                        f"?.includes({json.dumps(move_name)})"), "the dry run does not show the entry"
    assert click(chrome, ".o_dialog button", "Post to Xero")
    deadline, state = time.time() + 180, None
    while time.time() < deadline and state != "posted":
        state = web.call("account.move", "read", [move], ["xero_post_state"])[0]["xero_post_state"]
        time.sleep(2)
    assert state == "posted", state
    assert web.call("account.move", "read", [move], ["xero_journal_id"])[0]["xero_journal_id"]
