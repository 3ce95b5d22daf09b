import base64
import hashlib
import hmac
import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from ..const import PARAM_WEBHOOK_KEY, PARAM_WEBHOOK_SEEN

KEY = "test-webhook-key"


def sign(body, key=KEY):
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


@tagged("post_install", "-at_install")
class TestWebhooks(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(PARAM_WEBHOOK_KEY, KEY)
        cls.conn = cls.env["xero.connection"].create({"name": "Hooked", "tenant_id": "tenant-hook"})
        cls.conn.sudo().state = "active"

    def deliver(self, events, key=KEY):
        body = json.dumps({"events": events, "firstEventSequence": 1, "lastEventSequence": 1,
                           "entropy": "ABC"}).encode()
        return self.url_open("/xero/webhooks", data=body, headers={
            "x-xero-signature": sign(body, key), "Content-Type": "application/json",
        })

    def event(self, resource, category="CONTACT", tenant="tenant-hook", when="2026-03-31T10:00:00"):
        return {
            "resourceUrl": f"https://api.xero.com/api.xro/2.0/Contacts/{resource}",
            "resourceId": resource, "eventDateUtc": when, "eventType": "UPDATE",
            "eventCategory": category, "tenantId": tenant, "tenantType": "ORGANISATION",
        }

    def jobs(self):
        return self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id)])

    def test_intent_to_receive(self):
        self.assertEqual(self.deliver([]).status_code, 200)
        self.assertEqual(self.deliver([], key="wrong").status_code, 401)

    def test_forged_event_changes_nothing(self):
        response = self.deliver([self.event("c1")], key="wrong")
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self.jobs())
        self.assertFalse(self.env["xero.webhook.event"].search([]))

    def test_duplicates_make_one_job(self):
        for _i in range(100):
            self.assertEqual(self.deliver([self.event("c1")]).status_code, 200)
        self.deliver([self.event("i1", category="INVOICE", when="2026-03-31T10:00:01")])
        job = self.jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual((job.trigger, job.state), ("webhook", "queued"))
        self.assertEqual(job.only_ids, {"contacts": ["c1"], "invoices": ["i1"]})
        self.assertEqual(self.env["xero.webhook.event"].search_count([]), 2)

    def test_unknown_tenant_dropped(self):
        self.assertEqual(self.deliver([self.event("c1", tenant="nobody")]).status_code, 200)
        self.assertFalse(self.env["xero.sync.job"].search([]))

    def test_spoiled_deliveries_take_the_readable_events(self):
        spoiled = [self.event("c2"), "junk", {"eventCategory": "CONTACT"}, dict(self.event("c3"), resourceId=None),
                   dict(self.event("c4\x00"), tenantId=7)]
        self.assertEqual(self.deliver(spoiled).status_code, 200)
        self.assertEqual(self.jobs().only_ids, {"contacts": ["c2"]})
        for payload in (b"[1, 2]", b'{"events": {"a": 1}}', b"null"):
            response = self.url_open("/xero/webhooks", data=payload, headers={
                "x-xero-signature": sign(payload), "Content-Type": "application/json"})
            self.assertEqual(response.status_code, 200)
        response = self.url_open("/xero/webhooks", data=b"<html>proxy</html>", headers={
            "x-xero-signature": sign(b"<html>proxy</html>")})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(self.jobs()), 1)

    def test_many_organisations_in_one_delivery(self):
        """A delivery naming many organisations: one job each, duplicates inside it stored once,
        and the 'webhooks reach us' mark written at most once an hour (a system parameter's write
        clears every Odoo process's caches)."""
        conns = self.env["xero.connection"].create([{"name": f"Client {n}", "tenant_id": f"tenant-many-{n}"}
                                                    for n in range(30)])
        conns.sudo().write({"state": "active"})
        events = [self.event(f"c{n}", tenant=f"tenant-many-{n}") for n in range(30)]
        icp = self.env["ir.config_parameter"].sudo()
        recent = fields.Datetime.to_string(fields.Datetime.now() - timedelta(minutes=10))
        icp.set_param(PARAM_WEBHOOK_SEEN, recent)
        self.assertEqual(self.deliver(events + events[:5]).status_code, 200)
        self.assertEqual(self.env["xero.webhook.event"].search_count([("connection_id", "in", conns.ids)]), 30)
        jobs = self.env["xero.sync.job"].search([("connection_id", "in", conns.ids)])
        self.assertEqual(sorted(jobs.connection_id.ids), sorted(conns.ids))
        self.assertEqual(icp.get_param(PARAM_WEBHOOK_SEEN), recent, "written at most once an hour")
        icp.set_param(PARAM_WEBHOOK_SEEN, fields.Datetime.to_string(fields.Datetime.now() - timedelta(hours=2)))
        self.deliver([self.event("c-later", tenant="tenant-many-0")])
        seen = fields.Datetime.to_datetime(icp.get_param(PARAM_WEBHOOK_SEEN))
        self.assertGreater(seen, fields.Datetime.now() - timedelta(minutes=5))
