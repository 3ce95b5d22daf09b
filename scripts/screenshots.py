"""Screenshots of the running demo for the README, through headless Chromium (CDP).

    python scripts/screenshots.py --url http://localhost:8069 --db xero_demo --out docs/screenshots
"""

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import websocket

PAGES = {
    "dashboard": "/odoo/action-xero_connector.action_xero_connection",
    "connection": "/odoo/action-xero_connector.action_xero_connection/{connection_id}",
    "jobs": "/odoo/action-xero_connector.action_xero_sync_job",
    "job": "/odoo/action-xero_connector.action_xero_sync_job/{job_id}",
    "mappings": "/odoo/action-xero_connector.action_xero_account",
    "tax_mappings": "/odoo/action-xero_connector.action_xero_tax_rate",
    "pending": "/odoo/action-xero_connector.action_xero_pending_item",
    "pending_item": "/odoo/action-xero_connector.action_xero_pending_item/{pending_id}",
    "invoice": "/odoo/action-account.action_move_out_invoice_type/{invoice_id}",
    "publish_errors": "/odoo/action-xero_connector.action_xero_publish_errors",
}


class Chrome:
    def __init__(self, width=1400, height=900):
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise SystemExit("chromium is not installed (apt-get install chromium)")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.profile = tempfile.mkdtemp(prefix="xero-shots-")
        self.proc = subprocess.Popen([
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={self.profile}", f"--remote-debugging-port={port}",
            f"--window-size={width},{height}", "about:blank",
        ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=1))
                page = next(t for t in tabs if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.1)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.ids = 0
        self.send("Page.enable")

    def send(self, method, **params):
        self.ids += 1
        self.ws.send(json.dumps({"id": self.ids, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.ids:
                return msg.get("result", {})

    def js(self, expression):
        return self.send("Runtime.evaluate", expression=expression, awaitPromise=True,
                         returnByValue=True).get("result", {}).get("value")

    def goto(self, url, wait_for=None, settle=1.5):
        self.send("Page.navigate", url=url)
        deadline = time.time() + 30
        while time.time() < deadline:
            time.sleep(0.3)
            ready = self.js("document.readyState") == "complete"
            if ready and (not wait_for or self.js(f"!!document.querySelector({json.dumps(wait_for)})")):
                break
        time.sleep(settle)

    def shot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(data))

    def close(self):
        self.proc.terminate()
        shutil.rmtree(self.profile, ignore_errors=True)


def login(chrome, url, db, user, password):
    chrome.goto(f"{url}/web/login?db={db}", wait_for="input[name=login]")
    chrome.js(
        f"document.querySelector('input[name=login]').value={json.dumps(user)};"
        f"document.querySelector('input[name=password]').value={json.dumps(password)};"
        "document.querySelector('form').submit();"
    )
    deadline = time.time() + 60  # a busy machine takes a while to answer the login
    while time.time() < deadline:
        time.sleep(0.5)
        if "/web/login" not in (chrome.js("location.href") or "/web/login"):
            break
    else:
        raise SystemExit(f"could not log in as {user}")
    time.sleep(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="xero_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--ids", default="{}", help='JSON: {"connection_id": 1, "job_id": 1}')
    parser.add_argument("--cids", default="", help="companies to show, e.g. 1-2-3 (a firm sees all its clients)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ids = json.loads(args.ids)
    chrome = Chrome()
    try:
        login(chrome, args.url, args.db, args.login, args.password)
        for name, path in PAGES.items():
            try:
                target = path.format(**ids)
            except KeyError:
                continue
            if args.cids:
                target += ("&" if "?" in target else "?") + f"cids={args.cids}"
            chrome.goto(args.url + target, wait_for=".o_content")
            out = os.path.join(args.out, f"{name}.png")
            chrome.shot(out)
            print(out)
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
