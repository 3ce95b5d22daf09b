import base64
import hashlib
import hmac
import logging
from datetime import timedelta

from odoo import api, fields, models

from ..const import PARAM_WEBHOOK_KEY, PARAM_WEBHOOK_SEEN
from ..sync import records

_logger = logging.getLogger(__name__)

CATEGORY_STEPS = {"CONTACT": "contacts", "INVOICE": "invoices"}


class XeroWebhookEvent(models.Model):
    """One event Xero delivered; duplicates and replays are recognised and ignored."""

    _name = "xero.webhook.event"
    _description = "Xero Webhook Event"
    _order = "id desc"

    connection_id = fields.Many2one("xero.connection", ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    tenant_id = fields.Char(readonly=True, required=True)
    category = fields.Char(readonly=True)
    event_type = fields.Char(readonly=True)
    resource_id = fields.Char(readonly=True, index=True)
    event_date = fields.Char(readonly=True)
    job_id = fields.Many2one("xero.sync.job", readonly=True, ondelete="set null")

    _sql_constraints = [(
        "event_uniq", "unique(tenant_id, category, resource_id, event_type, event_date)",
        "An event is stored once.",
    )]

    @api.model
    def _signature_ok(self, body, signature):
        key = self.env["ir.config_parameter"].sudo().get_param(PARAM_WEBHOOK_KEY)
        if not key or not signature:
            return False
        expected = base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()
        return hmac.compare_digest(expected, signature)

    @api.model
    def _mark_seen(self):
        """Signed, so Xero's webhooks reach this Odoo: scheduled runs leave contacts and invoices to
        them. Written at most once an hour: writing a system parameter clears the caches of every
        Odoo process, and every delivery of a firm's many organisations would do it (and collide
        with the delivery beside it on the one row); the schedule asks only whether one came within
        days."""
        params = self.env["ir.config_parameter"].sudo()
        seen = params.get_param(PARAM_WEBHOOK_SEEN)
        now = fields.Datetime.now()
        if not seen or fields.Datetime.to_datetime(seen) < now - timedelta(hours=1):
            params.set_param(PARAM_WEBHOOK_SEEN, fields.Datetime.to_string(now))

    @api.model
    def _receive(self, payload):
        """Store new events and queue one incremental job per tenant for what changed.

        The delivery is read at its edge like any Xero reply: an event that cannot be read is
        logged with its reason and the others are taken.
        """
        self._mark_seen()
        events, problems = records.read_webhook(payload)
        for problem in problems:
            _logger.info("Xero webhook: %s; that event is ignored.", problem)
        conns = {
            c.tenant_id: c for c in self.env["xero.connection"].search([
                ("tenant_id", "in", [e.tenant_id for e in events]), ("state", "=", "active"),
            ])
        }
        # the events stored before (a replay, or Xero's retry): one query for the whole delivery,
        # which may name many organisations
        stored = {(e.tenant_id, e.category, e.resource_id, e.event_type, e.event_date) for e in self.search([
            ("tenant_id", "in", list(conns)), ("resource_id", "in", [e.resource_id for e in events])])}
        changed, new = {}, []
        for event in events:
            conn = conns.get(event.tenant_id)
            step = CATEGORY_STEPS.get(event.event_category)
            if not conn or not step:
                _logger.info("Xero webhook for unknown tenant or category dropped: %s %s",
                             event.tenant_id, event.event_category)
                continue
            key = (conn.tenant_id, event.event_category, event.resource_id, event.event_type, event.event_date_utc)
            if key in stored:
                continue
            stored.add(key)
            new.append({
                "connection_id": conn.id, "tenant_id": conn.tenant_id,
                "category": event.event_category, "event_type": event.event_type,
                "resource_id": event.resource_id, "event_date": event.event_date_utc,
            })
            changed.setdefault(conn, {}).setdefault(step, set()).add(event.resource_id)
        self.create(new)
        jobs = self.env["xero.sync.job"]
        for conn, steps in changed.items():
            only = {step: sorted(ids) for step, ids in steps.items()}
            jobs |= jobs._enqueue(conn, "changes", "webhook", only_ids=only)
        return jobs
