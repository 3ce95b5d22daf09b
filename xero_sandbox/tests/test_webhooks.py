"""Webhooks: signed deliveries on contact and invoice changes, and the intent-to-receive check."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from xero_sandbox.contract import Contract
from xero_sandbox.tests.common import WALLABY

KEY = "test-webhook-key"


class Receiver(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = base64.b64encode(hmac.new(KEY.encode(), body, hashlib.sha256).digest()).decode()
        ok = hmac.compare_digest(expected, self.headers.get("x-xero-signature", ""))
        self.send_response(200 if ok else 401)
        self.end_headers()
        if ok:
            self.received.append(json.loads(body))

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(sandbox):
    Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sandbox.admin("POST", "/__sandbox__/webhooks", json={"url": f"http://127.0.0.1:{server.server_port}/hook",
                                                        "key": KEY})
    yield Receiver.received
    server.shutdown()


def wait_for(check, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline and not check():
        time.sleep(0.1)
    return check()


def test_intent_to_receive(sandbox, receiver):
    result = sandbox.admin("POST", "/__sandbox__/webhooks/intent")
    assert result == {"ok": True, "correctly_signed": 200, "wrongly_signed": 401}


def test_contact_and_invoice_changes_are_delivered_signed(api, receiver):
    contact = api.items("Contacts")[0]
    api.post("Contacts", {"Contacts": [{"ContactID": contact["ContactID"], "Name": "Webhook Renamed"}]})
    invoice = next(i for i in api.items("Invoices") if i["Status"] == "DRAFT")
    api.post(f"Invoices/{invoice['InvoiceID']}", {"Reference": "changed"})
    assert wait_for(lambda: sum(len(p["events"]) for p in receiver) >= 2)
    events = [e for p in receiver for e in p["events"]]
    assert {(e["eventCategory"], e["eventType"], e["resourceId"]) for e in events} == {
        ("CONTACT", "UPDATE", contact["ContactID"]), ("INVOICE", "UPDATE", invoice["InvoiceID"])}
    assert all(e["tenantId"] == WALLABY and e["tenantType"] == "ORGANISATION" for e in events)
    assert events[0]["resourceUrl"].endswith(f"/api.xro/2.0/Contacts/{contact['ContactID']}")
    contract = Contract.load()
    for payload in receiver:
        assert contract.check_webhook(payload) == []
        assert payload["firstEventSequence"] <= payload["lastEventSequence"]


def test_new_contact_is_a_create_event(api, receiver):
    created = api.put("Contacts", {"Contacts": [{"Name": "Fresh Customer Ltd"}]}).json()["Contacts"][0]
    assert wait_for(lambda: receiver)
    assert receiver[0]["events"][0]["eventType"] == "CREATE"
    assert receiver[0]["events"][0]["resourceId"] == created["ContactID"]


def test_failed_deliveries_are_recorded(sandbox):
    sandbox.admin("POST", "/__sandbox__/webhooks", json={"url": "http://127.0.0.1:9/nowhere", "key": KEY})
    result = sandbox.admin("POST", "/__sandbox__/webhooks/intent")
    assert result["ok"] is False and result["correctly_signed"] is None
    deliveries = sandbox.admin("GET", "/__sandbox__/webhooks")
    assert deliveries and deliveries[-1]["error"]
