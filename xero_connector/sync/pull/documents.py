"""Invoices, bills and credit notes -> account.move; payments -> reconciled account.payment.

Odoo's ORM is the ceiling here, so a page is mapped first (pure), then created in one
batch `create` and posted in one batch `action_post`; only when a batch fails does it fall
back to one savepoint per document to isolate the bad one. A document that cannot be booked
whole becomes a pending item; nothing is half-created.
"""

import logging

from odoo import fields
from odoo.tools.misc import formatLang

from .. import conflicts
from ..mappers import pull as pull_mappers
from ..resolver import Resolver
from ..steps import _lt, conflict_reason, register
from .base import Importer

LIVE = ("published", "mismatch", "changed")  # publishing states of a document Xero holds

_logger = logging.getLogger(__name__)


class DocumentImporter(Importer):
    paged = True

    def binding_model(self):
        return self.env["account.move"]

    def _existing(self, xero_ids):
        moves = self.env["account.move"].search([
            ("xero_connection_id", "=", self.conn.id), ("xero_id", "in", list(xero_ids)),
        ])
        return {m.xero_id: m for m in moves}

    def _journal(self, move_type):
        if not hasattr(self, "_journals"):
            self._journals = {}
        kind = "sale" if move_type.startswith("out_") else "purchase"
        if kind not in self._journals:
            self._journals[kind] = self.env["account.journal"].search(
                [("company_id", "=", self.company.id), ("type", "=", kind)], limit=1,
            )
        return self._journals[kind]

    def import_records(self, docs):
        """Map the page (pure), then create and post what is new in one batch."""
        resolver = Resolver(self.env, self.conn)
        resolver.preload_partners([d.contact.contact_id for d in docs])
        existing = self._existing(d.xero_id for d in docs)
        now = fields.Datetime.now()
        to_create, outcomes, hashes = [], {}, {}
        for doc in docs:
            move = existing.get(doc.xero_id)
            try:
                if move:
                    outcomes[doc.xero_id] = self._update(move, doc, resolver)
                    continue
                if pull_mappers.target_state(doc) == "cancel":
                    outcomes[doc.xero_id] = ("skipped", self.env._("voided or deleted in Xero, never booked"))
                    continue
                vals = pull_mappers.document_values(doc, resolver)
            except pull_mappers.Unmapped as exc:
                outcomes[doc.xero_id] = self.pending(doc, exc.code, exc.message)
                continue
            except Exception as exc:  # noqa: BLE001 (one record, one outcome)
                outcomes[doc.xero_id] = self.refused(doc, exc)
                continue
            hashes[doc.xero_id] = pull_mappers.content_hash(vals)
            vals.update({
                "xero_connection_id": self.conn.id, "xero_synced_at": now,
                "journal_id": self._journal(vals["move_type"]).id, "company_id": self.company.id,
            })
            to_create.append((doc, vals))
        outcomes.update(self._create_batch(to_create, hashes))
        return [(doc, *outcomes[doc.xero_id]) for doc in docs]

    def _create_batch(self, to_create, hashes):
        """Create and post a page of documents: in one batch, or one by one if that fails."""
        if not to_create:
            return {}
        Move = self.env["account.move"].with_context(
            check_move_validity=False, skip_invoice_sync=False, tracking_disable=True,
        )
        try:
            with self.env.cr.savepoint():
                moves = Move.create([vals for _doc, vals in to_create])
                to_post = moves.filtered(
                    lambda m: m.xero_status in pull_mappers.POSTED
                )
                to_post.action_post()
            for move in moves:
                move._xero_mark_synced(hashes[move.xero_id])
            self._note_imported(moves)
            return {m.xero_id: ("created", "") for m in moves}
        except Exception as exc:  # noqa: BLE001 (isolate the bad document below)
            _logger.info("Batch of %s documents failed (%s); one by one", len(to_create), exc)
        outcomes = {}
        for doc, vals in to_create:
            try:
                with self.env.cr.savepoint():
                    move = Move.create(vals)
                    if move.xero_status in pull_mappers.POSTED:
                        move.action_post()
                    move._xero_mark_synced(hashes[vals["xero_id"]])
                    self._note_imported(move)
                outcomes[vals["xero_id"]] = ("created", "")
            except Exception as exc:  # noqa: BLE001
                outcomes[vals["xero_id"]] = self.refused(doc, exc)
        return outcomes

    def _note_imported(self, moves):
        """One chatter note per document, written in one batch: where it came from."""
        body = self.env._("Imported from Xero by %s.", self.job.name)
        moves._message_log_batch({move.id: body for move in moves})

    def _update(self, move, doc, resolver):
        """Follow Xero's changes where Odoo allows them; say why not otherwise."""
        updated = doc.updated_date_utc
        if move.xero_updated and updated and updated <= move.xero_updated:
            return "unchanged", ""
        target = pull_mappers.target_state(doc)
        try:
            vals = pull_mappers.document_values(doc, resolver) if target != "cancel" else None
        except pull_mappers.Unmapped as exc:
            return self.pending(doc, exc.code, exc.message)
        same_content = vals is not None and pull_mappers.content_hash(vals) == move.xero_source_hash
        if same_content and target == move.state:
            # a status or payment change in Xero: nothing to rewrite, reconciliation kept
            move.write({"xero_status": doc.status, "xero_updated": updated})
            return "unchanged", self.env._("status %s", doc.status)
        differs = self._published_differs(move, doc, target)
        if differs:  # never overwritten silently, never ignored: a person keeps one side
            quiet(move).write({"xero_publish_state": "conflict", "xero_publish_error": differs})
            return self.pending(doc, "conflict", differs)
        if move._edited_in_odoo() and self._holds_odoos_version(move, doc, vals):
            return "unchanged", self.env._("Xero holds Odoo's version")
        if move._edited_in_odoo() or move.xero_publish_state == "conflict":
            if move.xero_publish_state in LIVE:  # not published over Xero's edit either
                quiet(move).write({"xero_publish_state": "conflict", "xero_publish_error": conflict_reason(self.env)})
            return self.pending(doc, "conflict", conflict_reason(self.env))
        try:
            with self.env.cr.savepoint():
                apply_xero_version(move, doc, vals, target)
        except pull_mappers.Unmapped as exc:
            return self.pending(doc, exc.code, exc.message)
        except Exception as exc:  # noqa: BLE001 (Odoo refused the change: it waits with the reason)
            return self.refused(doc, exc)
        return "updated", ""


    def _holds_odoos_version(self, move, doc, vals):
        """Edited in Odoo and changed in Xero, but Xero's copy is Odoo's version: Odoo's own change
        whose reply was lost (or the same edit on both sides), not a conflict. Both sides are
        marked in step; a change waiting to be sent is then in Xero already."""
        if vals is None or move.xero_publish_state not in (*LIVE, "sending"):
            return False
        odoo_side, xero_side = self.env["xero.pending.item"]._document_sides(move, doc, self.conn)
        if conflicts.fingerprint(odoo_side) != conflicts.fingerprint(xero_side):
            return False
        done = {"xero_publish_state": "published", "xero_publish_error": False} if (
            move.xero_publish_state == "changed") else {}
        quiet(move).write({"xero_status": doc.status, "xero_updated": doc.updated_date_utc, **done,
                           **move._xero_synced_vals(pull_mappers.content_hash(vals))})
        return True

    def _published_differs(self, move, doc, target):
        """Why Xero's copy of a document published from Odoo (and posted in Odoo) no longer is
        what Odoo sent: voided or deleted there, or its total changed there. None otherwise (a
        reference or date edited there follows the usual two-way rules)."""
        if move.xero_publish_state not in LIVE or move.state != "posted":
            return None
        number = doc.number or move.xero_number or move.name
        if target == "cancel":
            return self.env._(
                "%(number)s is %(status)s in Xero, and still posted in Odoo as published: neither side was "
                "changed. Keep Xero's version to cancel it in Odoo, or enter it again in Xero (Xero never "
                "un-voids a document).", number=number,
                status=self.env._("deleted") if doc.status == "DELETED" else self.env._("voided"))
        if target == "posted" and move.xero_publish_state == "published" and doc.total is not None \
                and move.currency_id.compare_amounts(float(doc.total), move.amount_total):
            return self.env._(
                "The total of %(number)s changed in Xero (%(xero)s there, %(odoo)s in Odoo as published): neither "
                "side was overwritten. Compare the two versions and keep one.", number=number,
                xero=move.currency_id.format(float(doc.total)), odoo=move.currency_id.format(move.amount_total))
        return None


def quiet(move):
    return move.with_context(tracking_disable=True, skip_invoice_sync=True, check_move_validity=False)


def apply_xero_version(move, doc, vals, target):
    """Write Xero's version of a document onto its Odoo twin (`vals` mapped from the checked
    `doc`; None when it is cancelled there). A document published from Odoo stays published:
    Xero is where this change comes from, so it is not sent back."""
    meta = {"xero_status": doc.status, "xero_updated": doc.updated_date_utc}
    if move.xero_publish_state in (*LIVE, "conflict"):
        meta.update(xero_publish_state="cancelled" if target == "cancel" else "published", xero_publish_error=False)
    move = move.with_context(xero_from_xero=True)
    source_hash = pull_mappers.content_hash(vals) if vals else move.xero_source_hash
    if target == "cancel":
        if move.state == "posted" and not move._can_be_unlinked():
            move._reverse_moves(cancel=True)  # Odoo forbids cancelling it: reverse instead
        elif move.state != "cancel":
            move.button_cancel()
    else:
        vals = dict(vals)
        if move.state == "posted":
            move.button_draft()
        if move.state == "cancel":
            move.button_draft()
        vals["invoice_line_ids"] = [(5, 0, 0)] + vals["invoice_line_ids"]
        for key in ("xero_id", "move_type"):
            vals.pop(key)
        move.write(vals)
        if target == "posted":
            move.action_post()
    move.write(meta)
    move._xero_mark_synced(source_hash)


@register
class InvoiceImporter(DocumentImporter):
    key = "invoices"
    collection = "Invoices"
    label = _lt("Invoices and bills")  # pylint: disable=prefer-env-translation
    id_key = "InvoiceID"


@register
class CreditNoteImporter(DocumentImporter):
    key = "credit_notes"
    follows_invoices = True  # Xero's webhooks announce invoices, not the credit notes allocated to them
    collection = "CreditNotes"
    label = _lt("Credit notes")  # pylint: disable=prefer-env-translation
    id_key = "CreditNoteID"
    by_ids = "where"

    def import_records(self, docs):
        results = super().import_records(docs)
        self._reconcile_allocations(docs)
        return results

    def _reconcile_allocations(self, notes):
        """Xero's allocations of credit to invoices (credit notes run after invoices) become
        reconciliations of the two documents' receivable or payable lines, once each."""
        allocations = [(n.xero_id, a) for n in notes for a in n.allocations]
        if not allocations:
            return
        moves = self._existing({n for n, _a in allocations} | {a.invoice.invoice_id for _n, a in allocations})
        for note_id, allocation in allocations:
            note, invoice = moves.get(note_id), moves.get(allocation.invoice.invoice_id)
            if not (note and invoice and note.state == invoice.state == "posted"):
                continue  # booked later: the next run of this credit note reconciles it
            terms = (note | invoice).line_ids.filtered(
                lambda ln: ln.account_id.account_type in ("asset_receivable", "liability_payable"))
            note_terms, invoice_terms = terms & note.line_ids, terms & invoice.line_ids
            partials = note_terms.matched_debit_ids | note_terms.matched_credit_ids
            if (partials.debit_move_id | partials.credit_move_id) & invoice_terms:
                continue  # already reconciled
            open_terms = terms.filtered(lambda ln: not ln.reconciled)
            residual = min(abs(sum((open_terms & m.line_ids).mapped("amount_residual_currency")))
                           for m in (note, invoice))
            if note.currency_id.compare_amounts(residual, float(allocation.amount)) != 0:
                self.job._log(self.env._(
                    "%(note)s: Xero allocates %(amount)s of it to %(invoice)s; reconcile that part by hand.",
                    note=note.name, invoice=invoice.name,
                    amount=formatLang(self.env, float(allocation.amount), currency_obj=note.currency_id)))
                continue
            open_terms.reconcile()
