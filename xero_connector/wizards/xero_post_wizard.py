import json

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..sync.exporters import JournalExporter, Unpostable


class XeroPostWizard(models.TransientModel):
    """Post entries to Xero: selected ones, or a date range, with a dry-run preview."""

    _name = "xero.post.wizard"
    _description = "Post Journal Entries to Xero"

    connection_id = fields.Many2one(
        "xero.connection", required=True, domain="[('state', '=', 'active')]",
        default=lambda self: self._default_connection(),
    )
    date_from = fields.Date()
    date_to = fields.Date(default=fields.Date.context_today)
    move_ids = fields.Many2many("account.move", string="Entries")
    preview = fields.Text("What would be sent", readonly=True)

    @api.model
    def _default_connection(self):
        return self.env["xero.connection"].search(
            [("company_id", "=", self.env.company.id), ("state", "=", "active")], limit=1,
        )

    def _moves(self):
        self.ensure_one()
        if self.move_ids:
            return self.move_ids.filtered(lambda m: m.state == "posted" and m.xero_post_state != "posted")
        conn = self.connection_id
        domain = [
            ("company_id", "=", conn.company_id.id), ("state", "=", "posted"),
            ("journal_id", "in", conn.post_journal_ids.ids),
            ("xero_post_state", "!=", "posted"),
        ]
        if self.date_from:
            domain.append(("date", ">=", self.date_from))
        if self.date_to:
            domain.append(("date", "<=", self.date_to))
        return self.env["account.move"].search(domain, order="date, id")

    def action_preview(self):
        """Exactly the ManualJournals the posting would send, or why an entry cannot go."""
        self.ensure_one()
        job = self.env["xero.sync.job"].new({"connection_id": self.connection_id.id, "kind": "journals"})
        exporter = JournalExporter(job, None)
        out = []
        for move in self._moves():
            try:
                out.append({"entry": move.name, "ManualJournal": exporter.payload(move)})
            except Unpostable as exc:
                out.append({"entry": move.name, "error": str(exc)})
        self.preview = json.dumps(out, indent=2) if out else self.env._("Nothing to post.")
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "target": "new",
        }

    def action_post(self):
        self.ensure_one()
        moves = self._moves()
        if not moves:
            raise UserError(self.env._("Nothing to post: every entry is already in Xero."))
        return self.connection_id.action_post_journals(moves=moves)
