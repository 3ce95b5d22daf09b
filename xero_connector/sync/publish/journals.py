"""Odoo journal entries -> Xero manual journals, never twice, never half.

Each entry carries a unique token in its narration; batching, the `sending` mark, the
Idempotency-Key, adopting journals whose reply was lost and per-entry errors are the shared
discipline of batch.BatchExporter.
"""

import logging

from odoo import fields
from odoo.tools import float_round

from ..mappers import publish as publish_mappers
from ..steps import _lt, register
from .batch import BatchExporter, Unsendable

_logger = logging.getLogger(__name__)


def unmapped_words(env, account):
    """Why an entry is not sent, in the accountant's words: "the Odoo account Sales (400000) has
    no Xero account — map it" (as documents not sent say it)."""
    name = f"{account.name} ({account.code})" if account.code else account.name
    return env._("the Odoo account %s has no Xero account — map it", name)


class Unpostable(Unsendable):
    pass


@register
class JournalExporter(BatchExporter):
    key = "journals"
    label = _lt("Post journals")  # pylint: disable=prefer-env-translation
    state_field, error_field = "xero_post_state", "xero_post_error"
    sent_field, job_field = "xero_sent_at", "xero_post_job_id"
    done_states = ("posted",)
    bound_field = "xero_journal_id"
    result_id_key = "ManualJournalID"

    def __init__(self, job, xero):
        super().__init__(job, xero)
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
        self._taxes = self.env["xero.tax.rate"]._publish_map(self.conn)  # one Xero type per Odoo tax
        self._blocks = {}  # entry id -> why it is not sent (account.move POST_BLOCKS)

    # ------------------------------------------------------------------ selection
    def moves(self):
        """The entries to post: never one that is, or came from, a Xero document (however they
        were selected: the job's entries, or the chosen journals); the job says which, and why."""
        moves = self._selected()
        refusals = moves._xero_journal_refusals(self.conn)
        if refusals:
            self.job._count_step(self.key, {"skipped": len(refusals)})
            self.job._log(self.env._("Never posted as journals (in Xero as documents or payments): %s.",
                                     "; ".join(refusals.values())))
        return moves.filtered(lambda m: m not in refusals)

    def _selected(self):
        if self.job.move_ids:
            return self.job.move_ids.filtered(lambda m: m.xero_post_state != "posted")
        domain = [
            ("company_id", "=", self.conn.company_id.id), ("state", "=", "posted"),
            ("journal_id", "in", self.conn.post_journal_ids.ids),
            ("xero_post_state", "in", (False, "error", "sending")),
            "|", ("xero_id", "=", False), ("move_type", "!=", "entry"),  # not Xero's manual journals, pulled
        ]
        if self.conn.post_from_date:
            domain.append(("date", ">=", self.conn.post_from_date))
        if self.job.cutoff_date:
            domain.append(("date", "<=", self.job.cutoff_date))
        return self.env["account.move"].search(domain, order="date, id")

    # ------------------------------------------------------------------ payload
    def payload(self, move):
        """The ManualJournal for one entry; raises Unpostable with a plain reason."""
        lines, missing, unmapped = [], [], False
        for line in move.line_ids.filtered(lambda ln: not move.currency_id.is_zero(ln.balance)):
            binding = self._accounts.get(line.account_id.id)
            if not binding or not binding.code:
                unmapped = True
                missing.append(unmapped_words(self.env, line.account_id))
                continue
            vals = {
                "LineAmount": float_round(line.balance, 2),
                "AccountCode": binding.code,
                "Description": (line.name or move.ref or move.name)[:4000],
            }
            tax_type = line.tax_ids[:1] and self._taxes.types.get(line.tax_ids[:1].id)
            if line.tax_ids[:1].id in self._taxes.undecided:  # never a guess: the entry waits
                missing.append(self.env._("tax %s stands for several Xero tax rates: choose the one to send in "
                                          "Xero > Mappings > Tax Rates", line.tax_ids[:1].name))
            if tax_type:
                vals["TaxType"] = tax_type
            tracking = self._tracking(line, missing)
            if tracking:
                vals["Tracking"] = tracking
            lines.append(vals)
        if missing:
            self._blocks[move.id] = "unmapped_account" if unmapped else "unmapped_other"
            raise Unpostable("; ".join(sorted(set(missing))))
        return {
            "Narration": publish_mappers.journal_narration(move.name, move.ref, move._xero_post_token()),
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

    # ------------------------------------------------------------------ BatchExporter
    def records(self):
        return self.moves()

    def token(self, record):
        return record._xero_post_token()

    def carries(self, checked, token):
        return publish_mappers.ends_with_token(checked.narration, token)

    def reply_kind(self, group):
        return "journals"

    def save(self, group, payloads, idempotency_key):
        return self.xero.save_manual_journals(payloads, summarize_errors=False, idempotency_key=idempotency_key)

    def find_sent(self, group, records, since):
        prefix = records[0]._xero_post_token().rsplit(":", 1)[0] + ":"
        return self.xero.find_manual_journals(f'Narration.Contains("{prefix}")', modified_since=since)

    def _error(self, record, message):
        """Refused by Xero, or (from _not_sent) not sent: the Posting Report groups by which."""
        result = super()._error(record, message)
        record.write({"xero_post_block": self._blocks.pop(record.id, False)})
        return result

    def accepted(self, record, xero_id, element):
        record.write({
            "xero_post_block": False,
            "xero_post_state": "posted", "xero_journal_id": xero_id,
            "xero_posted_at": fields.Datetime.now(), "xero_post_error": False,
        })
        self._done()

    def _not_sent(self, record, message):
        """Odoo knew Xero would refuse the entry: nothing went there. The Posting Report, the
        entry and its chatter say "Not sent", never that Xero refused it."""
        self._unsent_note = True
        try:
            return super()._not_sent(record, self.env._("Not sent: %s", message))
        finally:
            self._unsent_note = False

    def refused_note(self, message):
        if getattr(self, "_unsent_note", False):
            return self.env._("%s (nothing went to Xero: fix it in Odoo, then post again)", message)
        return self.env._("Not posted to Xero: %s", message)
