"""Xero webhooks: signed deliveries of contact, invoice and credit note events.

Like Xero: events are batched into one payload {events, firstEventSequence,
lastEventSequence, entropy}, signed with `x-xero-signature` = base64(HMAC-SHA256(webhook
key, raw body)), and POSTed to the app's delivery URL; the receiver must answer 200 within
5 seconds, and 401 to a payload whose signature is wrong ("intent to receive"). Deliveries
run on a background thread, a short moment after the change, so a burst is one payload.
"""

import base64
import hashlib
import hmac
import json
import secrets
import threading
import urllib.error
import urllib.request
from datetime import UTC, datetime

DEBOUNCE = 0.3
ATTEMPTS = 3
TIMEOUT = 5.0
CATEGORIES = {"Contacts": "CONTACT", "Invoices": "INVOICE", "CreditNotes": "CREDITNOTE"}


def sign(key, body):
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


def event_time(epoch):
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Webhooks:
    def __init__(self, app):
        self.app = app
        self.store = app.store
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = None

    @property
    def url(self):
        return self.store.get_meta("webhook_url", self.app.webhook_url)

    @property
    def key(self):
        return self.store.get_meta("webhook_key", self.app.webhook_key)

    def configure(self, url=None, key=None):
        if url is not None:
            self.store.set_meta("webhook_url", url)
        if key is not None:
            self.store.set_meta("webhook_key", key)

    def emit(self, tenant, collection, resource_id, created):
        category = CATEGORIES.get(collection)
        if not category:
            return
        self.store.execute("INSERT INTO events (tenant, category, type, resource_id, ts) VALUES (?, ?, ?, ?, ?)",
                           (tenant, category, "CREATE" if created else "UPDATE", resource_id, self.store.now()))
        self._wake.set()

    # ------------------------------------------------------------------ delivery
    def start(self):
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="xero-sandbox-webhooks", daemon=True)
            self._thread.start()

    def stop(self):
        self._stop.set()
        self._wake.set()

    def _run(self):
        while not self._stop.is_set():
            self._wake.wait(5)
            self._wake.clear()
            if self._stop.wait(DEBOUNCE):
                return
            self.flush()

    def flush(self):
        """Deliver every pending event now (one payload); returns the delivery status or None."""
        if not (self.url and self.key):
            return None
        rows = self.store.query("SELECT * FROM events WHERE delivered = 0 ORDER BY seq")
        if not rows:
            return None
        payload = {
            "events": [{
                "resourceUrl": f"{self.app.base_url}/api.xro/2.0/{_collection(r['category'])}/{r['resource_id']}",
                "resourceId": r["resource_id"], "eventDateUtc": event_time(r["ts"]),
                "eventType": r["type"], "eventCategory": r["category"],
                "tenantId": r["tenant"], "tenantType": "ORGANISATION",
            } for r in rows],
            "firstEventSequence": rows[0]["seq"], "lastEventSequence": rows[-1]["seq"],
            "entropy": secrets.token_hex(10).upper(),
        }
        status = None
        for _attempt in range(ATTEMPTS):
            status = self.deliver(payload)
            if status == 200:
                break
            self._stop.wait(1)
        self.store.execute("UPDATE events SET delivered = ? WHERE seq BETWEEN ? AND ?",
                           (1 if status == 200 else 2, rows[0]["seq"], rows[-1]["seq"]))
        return status

    def deliver(self, payload, signature_ok=True):
        """POST one payload to the delivery URL; record and return the HTTP status (None if unreachable)."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        signature = sign(self.key, body) if signature_ok else sign(self.key + "-wrong", body)
        headers = {"Content-Type": "application/json", "x-xero-signature": signature}
        # the configured http(s) delivery URL
        request = urllib.request.Request(self.url, data=body, method="POST", headers=headers)  # noqa: S310
        status, error = None, None
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:  # noqa: S310 (configured URL)
                status = reply.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, OSError) as exc:
            error = str(exc)
        self.store.execute("INSERT INTO deliveries (ts, url, status, signed_ok, body, error) VALUES (?, ?, ?, ?, ?, ?)",
                           (self.store.now(), self.url, status, int(signature_ok), body.decode(), error))
        return status

    def intent_to_receive(self):
        """Xero's check before it enables a webhook: 200 to a good signature, 401 to a bad one."""
        empty = {"events": [], "firstEventSequence": 0, "lastEventSequence": 0,
                 "entropy": secrets.token_hex(10).upper()}
        good = self.deliver(empty, signature_ok=True)
        bad = self.deliver(dict(empty, entropy=secrets.token_hex(10).upper()), signature_ok=False)
        return {"ok": good == 200 and bad == 401, "correctly_signed": good, "wrongly_signed": bad}

    def deliveries(self):
        return [dict(r) for r in self.store.query("SELECT * FROM deliveries ORDER BY seq")]


def _collection(category):
    return {v: k for k, v in CATEGORIES.items()}[category]
