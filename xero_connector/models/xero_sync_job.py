from odoo import fields, models

JOB_STATES = [
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("warning", "Done with Warnings"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]
JOB_TRIGGERS = [
    ("schedule", "Schedule"),
    ("manual", "Manual"),
    ("webhook", "Webhook"),
    ("refresh_lists", "Refresh Lists"),
]


class XeroSyncJob(models.Model):
    """One run of a sync between Odoo and one Xero organisation."""

    _name = "xero.sync.job"
    _description = "Xero Sync Job"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    connection_id = fields.Many2one(
        "xero.connection", required=True, ondelete="cascade", index=True, readonly=True,
    )
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    trigger = fields.Selection(JOB_TRIGGERS, default="manual", required=True, readonly=True)
    state = fields.Selection(
        JOB_STATES, default="queued", required=True, readonly=True, index=True, tracking=True,
    )
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)
    log = fields.Text(readonly=True)
