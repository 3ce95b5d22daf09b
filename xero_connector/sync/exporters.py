"""Odoo journal entries -> Xero manual journals, never twice, never half.

Each entry carries a unique token in its narration. Before a batch is sent, its entries are
marked `sending` and committed; if the reply is lost (a timeout), the next attempt first
asks Xero for journals carrying those tokens and adopts them instead of sending again.
Xero's per-element validation errors (summarizeErrors=false) land on their own entries.
"""

import hashlib
import logging
from datetime import timedelta

from odoo import fields
from odoo.tools import float_round

from ..xero_client.errors import XeroTransientError, XeroValidationError
from .importers import commit, register

_logger = logging.getLogger(__name__)
BATCH = 50  # manual journals per request


class Unpostable(Exception):
    pass


@register
class JournalExporter:
    key = "journals"
    label = "Post journals"

    def __init__(self, job, xero):
        self.job, self.xero, self.env = job, xero, job.env
        self.conn = job.connection_id
        self._accounts = {}
        for binding in self.env["xero.account"].search(
            [("connection_id", "=", self.conn.id), ("account_id", "!=", False)], order="status, id",
        ):
            self._accounts.setdefault(binding.account_id.id, binding)
        self._options = {
            o.analytic_account_id.id: o for o in self.env["xero.tracking.option"].search(
                [("connection_id", "=", self.conn.id), ("analytic_account_id", "!=", False)],
            )
        }
        self._taxes = {}
        for rate in self.env["xero.tax.rate"].search([("connection_id", "=", self.conn.id)]):
            for tax in rate.sale_tax_id | rate.purchase_tax_id:
                self._taxes.setdefault(tax.id, rate.xero_id)

    # ------------------------------------------------------------------ selection
    def moves(self):
        if self.job.move_ids:
            return self.job.move_ids.filtered(lambda m: m.xero_post_state != "posted")
        domain = [
            ("company_id", "=", self.conn.company_id.id), ("state", "=", "posted"),
            ("journal_id", "in", self.conn.post_journal_ids.ids),
            ("xero_post_state", "in", (False, "error", "sending")),
        ]
        if self.conn.post_from_date:
            domain.append(("date", ">=", self.conn.post_from_date))
        if self.job.cutoff_date:
            domain.append(("date", "<=", self.job.cutoff_date))
        return self.env["account.move"].search(domain, order="date, id")

    # ------------------------------------------------------------------ payload
    def payload(self, move):
        """The ManualJournal for one entry; raises Unpostable with a plain reason."""
        lines, missing = [], []
        for line in move.line_ids.filtered(lambda ln: not move.currency_id.is_zero(ln.balance)):
            binding = self._accounts.get(line.account_id.id)
            if not binding or not binding.code:
                missing.append(self.env._("account %s has no Xero account mapped", line.account_id.display_name))
                continue
            vals = {
                "LineAmount": float_round(line.balance, 2),
                "AccountCode": binding.code,
                "Description": (line.name or move.ref or move.name)[:4000],
            }
            tax_type = line.tax_ids[:1] and self._taxes.get(line.tax_ids[:1].id)
            if tax_type:
                vals["TaxType"] = tax_type
            tracking = self._tracking(line, missing)
            if tracking:
                vals["Tracking"] = tracking
            lines.append(vals)
        if missing:
            raise Unpostable("; ".join(sorted(set(missing))))
        return {
            "Narration": f"{move.name} {move.ref or ''} {move._xero_post_token()}".replace("  ", " ")[:500],
            "Date": fields.Date.to_string(move.date),
            "Status": "POSTED",
            "LineAmountTypes": "NoTax",
            "JournalLines": lines,
        }

    def _tracking(self, line, missing):
        tracking = []
        for account_id in (line.analytic_distribution or {}):
            for aid in str(account_id).split(","):
                option = self._options.get(int(aid))
                if not option:
                    account = self.env["account.analytic.account"].browse(int(aid))
                    missing.append(self.env._("analytic account %s has no Xero tracking option mapped", account.name))
                    continue
                tracking.append({"Name": option.category_id.name, "Option": option.name})
        return tracking[:2]  # Xero allows two tracking categories per line

    # ------------------------------------------------------------------ run
    def run(self, deadline=None):
        moves = self.moves()
        self.job.write({"progress_total": len(moves)})
        self._adopt_lost(moves.filtered(lambda m: m.xero_post_state == "sending"))
        todo = moves.filtered(lambda m: m.xero_post_state != "posted")
        ready = []
        for move in todo:
            try:
                ready.append((move, self.payload(move)))
            except Unpostable as exc:
                self._error(move, str(exc))
        for start in range(0, len(ready), BATCH):
            self._send(ready[start:start + BATCH])
        return True

    def _send(self, batch):
        moves = self.env["account.move"].concat(*[m for m, _p in batch])
        moves.write({"xero_post_state": "sending", "xero_post_job_id": self.job.id,
                     "xero_sent_at": fields.Datetime.now()})
        commit(self.env)  # the mark must survive a lost reply
        # the same batch sent again carries the same key: Xero answers it without saving twice
        key = hashlib.sha256(" ".join(m._xero_post_token() for m in moves).encode()).hexdigest()
        try:
            results = self.xero.save_manual_journals([p for _m, p in batch], summarize_errors=False,
                                                     idempotency_key=key)
        except XeroTransientError as exc:
            self.job._log(self.env._("No reply from Xero for %(count)s entries (%(why)s): checking Xero "
                            "before any resend.", count=len(batch), why=exc.message))
            self._adopt_lost(moves, again_later=True)
            return
        except XeroValidationError as exc:
            results = exc.elements_as_results(len(batch)) if hasattr(exc, "elements_as_results") else [
                {"ValidationErrors": [{"Message": m} for m in exc.messages]}
            ] * len(batch)
        for (move, _payload), result in zip(batch, results, strict=False):
            errors = [e.get("Message") for e in result.get("ValidationErrors") or [] if e.get("Message")]
            if errors or not result.get("ManualJournalID"):
                self._error(move, "; ".join(errors) or self.env._("Xero did not accept the journal."))
            else:
                self._posted(move, result["ManualJournalID"])
        commit(self.env)

    def _adopt_lost(self, moves, again_later=False):
        """Journals Xero accepted whose reply was lost: find them by token, never resend.

        Right after the loss Xero may still be working on the request, so entries not found
        stay `sending` and are looked for again at the start of the next run; not found then,
        they are sent again.
        """
        if not moves:
            return
        since = min(filter(None, moves.mapped("xero_sent_at")), default=None)
        prefix = moves[0]._xero_post_token().rsplit(":", 1)[0] + ":"
        found = {
            journal.get("Narration") or "": journal
            for journal in self.xero.find_manual_journals(
                f'Narration.Contains("{prefix}")',
                modified_since=since and since - timedelta(minutes=5),
            )
        }
        for move in moves:
            token = move._xero_post_token()
            match = next((j for n, j in found.items() if token in n), None)
            if match:
                self._posted(move, match["ManualJournalID"])
            elif again_later:
                move.write({"xero_post_error": self.env._(
                    "No reply from Xero: it is looked for in Xero again before it is sent again.")})
            else:
                move.write({"xero_post_state": "error", "xero_post_error": self.env._(
                    "Not found in Xero after a lost reply: sent again.")})
        commit(self.env)

    def _posted(self, move, journal_id):
        move.write({
            "xero_post_state": "posted", "xero_journal_id": journal_id,
            "xero_posted_at": fields.Datetime.now(), "xero_post_error": False,
        })
        self.job._count(created=1)
        self.job.progress_done += 1

    def _error(self, move, message):
        move.write({"xero_post_state": "error", "xero_post_error": message})
        move.message_post(body=self.env._("Not posted to Xero: %s", message))
        self.job._count(errors=1)
        self.job._log(self.env._("%(entry)s not posted: %(why)s", entry=move.name, why=message))
