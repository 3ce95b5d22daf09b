"""Xero's posted manual journals -> posted Odoo journal entries, once each.

One entry per ManualJournalID (account.move xero_id with the organisation), in the company's
miscellaneous (general) journal; drafts in Xero are not booked, and a journal voided or deleted
there cancels the entry it booked. A manual journal Odoo posted to Xero itself (journal posting
binds it: account.move xero_journal_id) is in Odoo already and never booked a second time. An
unmapped account or tax, or lines that do not balance to the cent, leave it waiting as a
pending item with the reason.
"""

from odoo import fields

from ..mappers import pull as pull_mappers
from ..resolver import Resolver
from ..steps import _lt, register
from .base import Importer

CANCELLED = ("VOIDED", "DELETED")


@register
class ManualJournalImporter(Importer):
    key = "manual_journals"
    collection = "ManualJournals"
    label = _lt("Manual journals")  # pylint: disable=prefer-env-translation
    id_key = "ManualJournalID"
    paged = True
    by_ids = "where"

    def run(self, deadline):
        if not self.conn._grants("manual_journals"):
            if not self.job.only_ids:
                self.job._log(self.env._(
                    "Manual journals: not read, Xero does not allow this connection to read them. Reconnect the "
                    "organisation to grant Xero access to manual journals (Xero asks for it at the next consent)."))
            return True
        return super().run(deadline)

    def binding_model(self):
        return self.env["account.move"]

    def _journal(self):
        if not hasattr(self, "_general"):
            self._general = self.env["account.journal"].search(
                [("company_id", "=", self.company.id), ("type", "=", "general")], order="sequence, id", limit=1)
        return self._general

    def import_records(self, journals):
        ids = [j.xero_id for j in journals]
        Move = self.env["account.move"]
        existing = {m.xero_id: m for m in Move.search([
            ("xero_connection_id", "=", self.conn.id), ("xero_id", "in", ids)])}
        # journals Odoo posted to Xero: their entries are Odoo's own, never booked a second time
        ours = Move.search(["&", ("company_id", "=", self.company.id), "|",
                            ("xero_journal_id", "in", ids), ("xero_void_journal_id", "in", ids)])
        ours = set(ours.mapped("xero_journal_id")) | set(ours.mapped("xero_void_journal_id"))
        resolver = Resolver(self.env, self.conn)
        results = []
        for record in journals:
            if record.xero_id in ours:
                results.append((record, "unchanged", self.env._("posted from Odoo")))
                continue
            try:
                with self.env.cr.savepoint():
                    outcome, detail = self.import_one(record, existing.get(record.xero_id), resolver)
            except pull_mappers.Unmapped as exc:
                outcome, detail = self.pending(record, exc.code, exc.message)
            except pull_mappers.Unbalanced as exc:
                outcome, detail = self.pending(record, "unbalanced", self.env._(
                    "Its lines do not balance to the cent as Odoo would book them (debits %(debits)s, credits "
                    "%(credits)s): correct the journal in Xero.", debits=exc.debits, credits=exc.credits))
            except Exception as exc:  # noqa: BLE001 (one record, one outcome: the page goes on)
                outcome, detail = self.refused(record, exc)
            results.append((record, outcome, detail))
        return results

    def import_one(self, record, move, resolver):
        if move:
            return self._update(record, move, resolver)
        if record.status in CANCELLED:
            return "skipped", self.env._("voided or deleted in Xero, never booked")
        if record.status != "POSTED":
            return "skipped", self.env._("a draft in Xero: booked once it is posted there")
        vals = self._values(record, resolver)
        move = self.env["account.move"].with_context(tracking_disable=True).create(vals)
        move.action_post()
        move._xero_mark_synced(pull_mappers.content_hash(vals))
        move._message_log(body=self.env._("Imported from Xero by %s.", self.job.name))
        return "created", ""

    def _values(self, record, resolver):
        vals = pull_mappers.manual_journal_values(record, resolver)
        vals.update({"xero_connection_id": self.conn.id, "xero_synced_at": fields.Datetime.now(),
                     "journal_id": self._journal().id, "company_id": self.company.id})
        return vals

    def _update(self, record, move, resolver):
        """Voided or deleted in Xero: the entry is cancelled; edited there (Xero lets a posted
        journal be edited): the entry follows."""
        if record.status in CANCELLED:
            if move.state == "cancel":
                return "unchanged", ""
            move = move.with_context(xero_from_xero=True)
            if move.state == "posted" and not move._can_be_unlinked():
                move._reverse_moves(cancel=True)  # Odoo forbids cancelling it: reversed instead
            else:
                move.button_cancel()
            move.write({"xero_status": record.status, "xero_updated": record.updated_date_utc})
            return "updated", self.env._("voided in Xero") if record.status == "VOIDED" else self.env._(
                "deleted in Xero")
        if record.status != "POSTED" or (move.xero_updated and record.updated_date_utc
                                         and record.updated_date_utc <= move.xero_updated):
            return "unchanged", ""
        vals = pull_mappers.manual_journal_values(record, resolver)
        digest = pull_mappers.content_hash(vals)
        if digest == move.xero_source_hash and move.state == "posted":
            move.write({"xero_status": record.status, "xero_updated": record.updated_date_utc})
            return "unchanged", ""
        move = move.with_context(xero_from_xero=True)
        if move.state != "draft":
            move.button_draft()
        move.write({"date": vals["date"], "ref": vals["ref"], "line_ids": [(5, 0, 0)] + vals["line_ids"],
                    "xero_status": record.status, "xero_updated": record.updated_date_utc})
        move.action_post()
        move._xero_mark_synced(digest)
        return "updated", ""
