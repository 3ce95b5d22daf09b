import json

from odoo import api, fields, models
from odoo.exceptions import RedirectWarning, UserError

from ..sync.publish.journals import JournalExporter, Unpostable, unmapped_words


class XeroPostWizard(models.TransientModel):
    """Post entries to Xero: selected ones, or a date range, with a dry-run preview."""

    _name = "xero.post.wizard"
    _description = "Post Journal Entries to Xero"

    connection_id = fields.Many2one(
        "xero.connection", "Organisation", required=True, domain="[('state', '=', 'active')]",
        default=lambda self: self._default_connection(),
    )
    post_journal_ids = fields.Many2many(related="connection_id.post_journal_ids", string="Journals")
    post_from_date = fields.Date(related="connection_id.post_from_date")
    date_from = fields.Date(compute="_compute_date_from", store=True, readonly=False, precompute=True)
    date_to = fields.Date(default=fields.Date.context_today)
    move_ids = fields.Many2many("account.move", string="Entries")
    preview = fields.Text("Summary", readonly=True)
    preview_json = fields.Text("What would be sent (Xero API)", readonly=True)
    preview_line_ids = fields.One2many("xero.post.preview.line", "wizard_id", "Preview", readonly=True)

    @api.model
    def _default_connection(self):
        """The current company's active organisation; else the only one among the selected
        companies (a firm working on one client at a time)."""
        Connection = self.env["xero.connection"]
        own = Connection.search([("company_id", "=", self.env.company.id), ("state", "=", "active")], limit=1)
        if own:
            return own
        others = Connection.search([("company_id", "in", self.env.companies.ids), ("state", "=", "active")], limit=2)
        return others if len(others) == 1 else Connection

    @api.depends("connection_id")
    def _compute_date_from(self):
        for wizard in self:
            wizard.date_from = wizard.connection_id.post_from_date or wizard.date_from or False

    # ------------------------------------------------------------------ what goes
    def _range_domain(self):
        conn = self.connection_id
        domain = [("company_id", "=", conn.company_id.id), ("state", "=", "posted"),
                  ("journal_id", "in", conn.post_journal_ids.ids)]
        start = max(filter(None, [self.date_from, conn.post_from_date]), default=None)
        if start:
            domain.append(("date", ">=", start))
        if self.date_to:
            domain.append(("date", "<=", self.date_to))
        return domain

    def _too_early(self, move):
        start = self.connection_id.post_from_date
        return bool(start and move.date < start)

    def _moves(self):
        """The entries the posting takes: never one that is, or came from, a Xero document."""
        candidates = self._candidates()
        refusals = candidates._xero_journal_refusals(self.connection_id)
        return candidates.filtered(lambda m: m not in refusals)

    def _candidates(self):
        self.ensure_one()
        if self.move_ids:
            return self.move_ids.filtered(
                lambda m: m.state == "posted" and m.xero_post_state != "posted" and not self._too_early(m))
        if not self.connection_id.post_journal_ids:
            return self.env["account.move"]
        return self.env["account.move"].search(
            self._range_domain() + [("xero_post_state", "!=", "posted")], order="date, id")

    def _check_setup(self):
        """No journals chosen (and no entries selected): say what is missing and where."""
        conn = self.connection_id
        if self.move_ids or conn.post_journal_ids:
            return
        raise RedirectWarning(
            self.env._("No journals are chosen for posting to Xero on %s. Choose them in the "
                       "organisation's Journal Posting tab (Post From Journals), then post again.",
                       conn.display_name),
            self.action_open_posting_setup(), self.env._("Open Journal Posting"),
        )

    def _refused_words(self, refusals):
        """Why entries of the selection never go as journals, in words (the first few)."""
        reasons = list(refusals.values())
        more = self.env._(", and %s more", len(reasons) - 5) if len(reasons) > 5 else ""
        return self.env._("Never posted as journals, being in Xero as documents or payments already: "
                          "%(reasons)s%(more)s.", reasons="; ".join(reasons[:5]), more=more)

    def _nothing_to_post(self):
        """Why nothing goes, in true words."""
        refusals = self._candidates()._xero_journal_refusals(self.connection_id)
        if refusals:
            return self.env._("Nothing to post.") + " " + self._refused_words(refusals)
        if self.move_ids:
            return self.env._("Nothing to post: the selected entries are already in Xero, not posted "
                              "in Odoo, or dated before the organisation's Post Entries From date.")
        in_range = self.env["account.move"].search_count(self._range_domain())
        journals = ", ".join(self.connection_id.post_journal_ids.mapped("name"))
        if in_range:
            return self.env._("Nothing to post: the %(count)s posted entries of %(journals)s in these "
                              "dates are already in Xero.", count=in_range, journals=journals)
        return self.env._("Nothing to post: %(journals)s have no posted entries in these dates.",
                          journals=journals)

    def action_open_posting_setup(self):
        """The organisation's form, where its Journal Posting tab chooses the journals."""
        return {
            "type": "ir.actions.act_window", "res_model": "xero.connection", "name": self.env._("Journal Posting"),
            "res_id": self.connection_id.id, "view_mode": "form", "views": [(False, "form")],
            "target": "current",
        }

    def action_preview(self):
        """Exactly the ManualJournals the posting would send, line by line, or why an entry
        cannot go."""
        self.ensure_one()
        self._check_setup()
        job = self.env["xero.sync.job"].new({"connection_id": self.connection_id.id, "kind": "journals"})
        exporter = JournalExporter(job, None)
        rows, out, ready, blocked = [], [], [], []
        candidates = self.move_ids.filtered(lambda m: m.state == "posted" and m.xero_post_state != "posted") \
            if self.move_ids else self._candidates()
        refusals = candidates._xero_journal_refusals(self.connection_id)
        for move in candidates:
            reason = ""
            if move in refusals:
                reason = self.env._("never posted as a journal: %s (posted again as a journal, it would "
                                    "count twice in Xero)", refusals[move])
            elif self._too_early(move):
                reason = self.env._("dated before the organisation's Post Entries From date (%s)",
                                    self.connection_id.post_from_date)
            else:
                try:
                    out.append({"entry": move.name, "ManualJournal": exporter.payload(move)})
                except Unpostable as exc:
                    reason = str(exc)
            (blocked if reason else ready).append(move.name)
            rows += self._preview_rows(exporter, move, reason, whole=move in refusals)
        self.preview_line_ids = [(5, 0, 0)] + [(0, 0, row) for row in rows]
        self.preview_json = json.dumps(out, indent=2) if out else False
        if not candidates:
            self.preview = self._nothing_to_post()
        else:
            names = {"ready": len(ready), "blocked": len(blocked),
                     "ready_names": f" ({', '.join(ready)})" if ready else "",
                     "blocked_names": f" ({', '.join(blocked)})" if blocked else ""}
            if len(candidates) == 1:
                self.preview = self.env._(
                    "1 entry: %(ready)s ready to post%(ready_names)s, %(blocked)s blocked%(blocked_names)s.",
                    **names)
            else:
                self.preview = self.env._(
                    "%(count)s entries: %(ready)s ready to post%(ready_names)s, %(blocked)s blocked%(blocked_names)s.",
                    count=len(candidates), **names)
        if refusals:
            self.preview += " " + self._refused_words(refusals)
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "target": "new", "name": self.env._("Post Journal Entries to Xero"),
            "context": {**self.env.context, "dialog_size": "extra-large"},
        }

    def _preview_rows(self, exporter, move, reason, whole=False):
        rows = []
        for line in move.line_ids.filtered(lambda ln: not move.currency_id.is_zero(ln.balance)):
            binding = exporter._accounts.get(line.account_id.id)
            problems = []
            if not binding or not binding.code:
                problems.append(unmapped_words(self.env, line.account_id))
            tracking = exporter._tracking(line, problems)
            rows.append({
                "move_id": move.id, "date": move.date,
                "account_code": binding.code if binding else False,
                "account_name": binding.name if binding else False,
                "odoo_account_id": line.account_id.id,
                "label": line.name or move.ref or False,
                "debit": line.debit, "credit": line.credit,
                "tracking": ", ".join(f"{t['Name']}: {t['Option']}" for t in tracking) or False,
                "state": "blocked" if reason else "ok",
                "reason": (whole and reason) or "; ".join(problems) or (
                    reason and not self._too_early(move)
                    and self.env._("held back with its entry (another line is blocked)")) or reason or False,
            })
        return rows

    def action_post(self):
        self.ensure_one()
        self._check_setup()
        moves = self._moves()
        if not moves:
            raise UserError(self._nothing_to_post())
        return self.connection_id.action_post_journals(moves=moves)


class XeroPostPreviewLine(models.TransientModel):
    """One line of the dry run: what Xero would receive for one line of an entry."""

    _name = "xero.post.preview.line"
    _description = "Xero Posting Preview Line"
    _order = "id"

    wizard_id = fields.Many2one("xero.post.wizard", required=True, ondelete="cascade")
    move_id = fields.Many2one("account.move", "Entry", readonly=True)
    date = fields.Date(readonly=True)
    account_code = fields.Char("Code", readonly=True, help="The Xero account's code.")
    account_name = fields.Char("Xero Account", readonly=True)
    odoo_account_id = fields.Many2one("account.account", readonly=True)
    label = fields.Char(readonly=True)
    currency_id = fields.Many2one(related="move_id.company_currency_id")
    debit = fields.Monetary(readonly=True)
    credit = fields.Monetary(readonly=True)
    tracking = fields.Char(readonly=True)
    state = fields.Selection([("ok", "OK"), ("blocked", "Blocked")], "Status", readonly=True)
    reason = fields.Char(readonly=True)
