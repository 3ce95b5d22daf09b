"""What each organisation costs in Xero's budgets, day by day: calls made and bytes received.

    env["xero.usage"]._add(conn, calls=9, received=21675)   # after each page of a job

Xero meters apps since March 2026: calls a day per organisation (1,000 on the Starter tier,
5,000 above it), calls a minute across every organisation, and data egress by the month above
Starter. One row per organisation and day, written as the jobs' calls are counted, so the pivot
and graph views show which client costs what.
"""

from odoo import api, fields, models
from odoo.tools import mute_logger
from psycopg2 import IntegrityError
from psycopg2.errors import SerializationFailure

from ..utils import env_on


class XeroUsage(models.Model):
    _name = "xero.usage"
    _description = "Xero API Usage per Day"
    _order = "day desc, connection_id"
    _rec_name = "day"

    connection_id = fields.Many2one("xero.connection", "Organisation", required=True, ondelete="cascade",
                                    index=True, readonly=True)
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    day = fields.Date(required=True, readonly=True, index=True)
    calls = fields.Integer("API Calls", readonly=True, aggregator="sum")
    bytes_received = fields.Integer(readonly=True, aggregator="sum")
    megabytes = fields.Float("MB Received", compute="_compute_megabytes", store=True, digits=(16, 3),
                             aggregator="sum")

    _sql_constraints = [("connection_day_uniq", "unique(connection_id, day)", "One row per organisation and day.")]

    @api.depends("bytes_received")
    def _compute_megabytes(self):
        for row in self:
            row.megabytes = row.bytes_received / 1e6

    def _add(self, conn, calls=0, received=0):
        if not (calls or received):
            return
        today = fields.Date.context_today(self)
        usage = self.sudo()
        row = usage.search([("connection_id", "=", conn.id), ("day", "=", today)], limit=1)
        if not row:
            try:
                with self.env.cr.savepoint():
                    usage.create({"connection_id": conn.id, "day": today, "calls": calls,
                                  "bytes_received": received})
                return
            except IntegrityError:  # another worker made today's row first: add to it
                row = usage.search([("connection_id", "=", conn.id), ("day", "=", today)], limit=1)
        try:
            # flushed inside: a conflict is caught here (expected, so not logged as a bad query), not at a later flush
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                row.write({"calls": row.calls + calls, "bytes_received": row.bytes_received + received})
        except SerializationFailure:
            # a job of the organisation counted its calls since this (long) transaction began, e.g.
            # a books check by hand beside the runners: the calls were made whatever becomes of
            # this transaction, so they are counted in a short one of their own
            row.invalidate_recordset()
            with self.env.registry.cursor() as cr:
                fresh = env_on(cr, self.env)["xero.usage"].browse(row.id)
                fresh.write({"calls": fresh.calls + calls, "bytes_received": fresh.bytes_received + received})
