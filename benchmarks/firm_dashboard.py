"""The firm's dashboard (Xero > Organisations) in headless Chromium, for benchmarks/firm.py: its
load time cold and warm, kanban and list, then paging, search and grouping as Odoo's own lists do.

    firm_dashboard.walk("http://127.0.0.1:8069", "xero_firm_1", orgs=200)   # prints the figures
"""

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def say(text):
    print(text, flush=True)


def walk(url, db, orgs):
    sys.path.insert(0, str(ROOT / "scripts"))
    from screenshots import Chrome, login

    subprocess.run([PY, str(ROOT / "scripts/testlib.py"), "warm", url, db, "admin", "admin"],  # noqa: S603
                   check=False, capture_output=True)  # the web client's bundles built before the clock runs
    chrome = Chrome()
    try:
        login(chrome, url, db, "admin", "admin")
        out = {}
        for view, row in (("kanban", ".o_kanban_record:not(.o_kanban_ghost)"),
                          ("kanban", ".o_kanban_record:not(.o_kanban_ghost)"), ("list", ".o_data_row")):
            chrome.js("window.firmOld = true")  # the page before: its cards are not the new page's
            t = time.time()
            chrome.send("Page.navigate", url=f"{url}/odoo/action-xero_connector.action_xero_connection"
                                             f"?view_type={view}")
            while time.time() - t < 120:
                if chrome.js(f"!window.firmOld && document.querySelectorAll({json.dumps(row)}).length > 0"):
                    break
                time.sleep(0.05)
            key = "cold" if view == "kanban" and "cold" not in out else view
            out[key] = (time.time() - t, chrome.js(f"document.querySelectorAll({json.dumps(row)}).length"),
                         chrome.js("(document.querySelector('.o_pager_value')||{}).textContent + ' / ' + "
                                   "(document.querySelector('.o_pager_limit')||{}).textContent"))
        say(f"\n== The firm's dashboard (Xero > Organisations) with {orgs + 1} organisations, headless "
            f"Chromium: kanban {out['cold'][0]:.1f} s to its cards (browser cache cold), "
            f"{out['kanban'][0]:.1f} s again ({out['kanban'][1]} shown, pager "
            f"{out['kanban'][2]}), list {out['list'][0]:.1f} s to its rows ({out['list'][1]} shown, pager "
            f"{out['list'][2]})")
        t = time.time()
        chrome.js("document.querySelector('.o_pager_next').click()")
        pager = wait_js(chrome, "(document.querySelector('.o_pager_value')||{}).textContent", lambda v: v and
                        not v.startswith("1-"))
        say(f"paging: next page {pager} in {time.time() - t:.1f} s")
        t = time.time()
        wanted = f"Firm Client {orgs // 2:04d}"
        chrome.js(f"document.querySelector('.o_searchview_input').value = '{wanted}';"
                  "document.querySelector('.o_searchview_input').dispatchEvent(new Event('input'));")
        time.sleep(0.5)
        chrome.js("document.querySelector('.o_searchview_input').dispatchEvent("
                  "new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));")
        rows = wait_js(chrome, "document.querySelectorAll('.o_data_row').length", lambda v: v is not None and
                       v <= 2)
        names = chrome.js("[...document.querySelectorAll('.o_data_row td[name=name]')].map(r => r.innerText)"
                          ".join('; ')")
        say(f"search '{wanted}': {rows} row(s) in {time.time() - t:.1f} s ({names})")
        chrome.js("document.querySelector('.o_facet_remove').click()")
        time.sleep(1.5)
        t = time.time()
        chrome.js("document.querySelector('.o_searchview_dropdown_toggler').click()")
        time.sleep(0.8)
        chrome.js("[...document.querySelectorAll('.o_group_by_menu .o_menu_item, .o_group_by_menu span')]"
                  ".find(e => e.textContent.trim() === 'Status').click()")
        groups = wait_js(chrome, "[...document.querySelectorAll('.o_group_header')].map(g => g.innerText."
                         "replace(/\\s+/g, ' ').trim()).join('; ')", lambda v: bool(v))
        say(f"group by Status: {groups} in {time.time() - t:.1f} s")
    finally:
        chrome.close() if hasattr(chrome, "close") else chrome.proc.kill()


def wait_js(chrome, expression, ok, seconds=60):
    deadline = time.time() + seconds
    value = None
    while time.time() < deadline:
        value = chrome.js(expression)
        if ok(value):
            return value
        time.sleep(0.1)
    return value
