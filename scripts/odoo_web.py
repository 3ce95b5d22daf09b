"""A browser-less Odoo web session (JSON-RPC) that can walk Xero's consent like a user.

Used by the demo to connect its organisations and by the end-to-end tests.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


class OdooWeb:
    def __init__(self, url, db, login, password):
        self.url, self.db = url.rstrip("/"), db
        self.http = requests.Session()
        self.uid = self.rpc("/web/session/authenticate", {
            "db": db, "login": login, "password": password,
        })["uid"]

    def rpc(self, path, params):
        reply = self.http.post(
            self.url + path, json={"jsonrpc": "2.0", "method": "call", "params": params}, timeout=120,
        ).json()
        if reply.get("error"):
            data = reply["error"].get("data") or {}
            raise RuntimeError(data.get("message") or reply["error"].get("message"))
        return reply["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def consent(self, authorize_url, tenant_names=None, tenant_ids=None):
        """Open Xero's consent page, tick organisations, allow; return Odoo's result page."""
        page = self.http.get(authorize_url, timeout=60)
        page.raise_for_status()
        form = _Form()
        form.feed(page.text)
        fields = [(n, v) for n, v, kind in form.inputs if kind not in ("checkbox", "submit")]
        boxes = [(n, v, label) for n, v, kind, label in form.checkboxes]
        for name, value, label in boxes:
            if (tenant_ids and value in tenant_ids) or (
                tenant_names and any(t.lower() in label.lower() for t in tenant_names)
            ) or (not tenant_ids and not tenant_names):
                fields.append((name, value))
        fields.append(("action", "allow"))
        action = urljoin(page.url, form.action or page.url)
        reply = self.http.post(action, data=fields, allow_redirects=False, timeout=60)
        location = reply.headers.get("Location")
        if not location:
            raise RuntimeError(f"the consent page did not redirect ({reply.status_code})")
        # Odoo's callback page is the first page of a fresh database: it builds the web client's
        # assets on the way, minutes on a loaded machine (a slow page is no failure here)
        return self.http.get(location, timeout=600)


class _Form(HTMLParser):
    """Reads the first form: its action, inputs and checkboxes with their label text."""

    def __init__(self):
        super().__init__()
        self.action, self.inputs, self.checkboxes = None, [], []
        self._in_form = self._done = False
        self._label_for, self._labels, self._open_label = {}, {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self._done:
            self._in_form, self.action = True, a.get("action")
        elif tag == "input" and self._in_form and a.get("name"):
            kind = (a.get("type") or "text").lower()
            self.inputs.append((a["name"], a.get("value", ""), kind))
            if kind == "checkbox":
                self.checkboxes.append([a["name"], a.get("value", ""), kind, a.get("id", "")])
        elif tag == "label":
            self._open_label = a.get("for") or (self.checkboxes[-1][3] if self.checkboxes else "")
            self._labels.setdefault(self._open_label, "")

    def handle_data(self, data):
        if self._open_label is not None:
            self._labels[self._open_label] += data

    def handle_endtag(self, tag):
        if tag == "label":
            self._open_label = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True
            self.checkboxes = [
                (n, v, k, re.sub(r"\s+", " ", self._labels.get(i, v)).strip())
                for n, v, k, i in self.checkboxes
            ]
