"""Invoices, bills and credit notes -> account.move; payments -> reconciled account.payment.

Odoo's ORM is the ceiling here, so a page is mapped first (pure), then created in one
batch `create` and posted in one batch `action_post`; only when a batch fails does it fall
back to one savepoint per document to isolate the bad one. A document that cannot be booked
whole becomes a pending item; nothing is half-created.
"""

import logging

from odoo import fields

from . import mappers
from .importers import Importer, register
from .resolver import Resolver

_logger = logging.getLogger(__name__)


class DocumentImporter(Importer):
    paged = True
    label_key = "InvoiceNumber"

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

    def _process_page(self, items, retry=False):
        if not retry:
            self.job._count(fetched=len(items))
        resolver = Resolver(self.env, self.conn)
        resolver.preload_partners([(i.get("Contact") or {}).get("ContactID") for i in items])
        existing = self._existing(mappers.document_id(i) for i in items)
        now = fields.Datetime.now()
        to_create, rows, outcomes, hashes = [], [], {}, {}
        for item in items:
            xid = mappers.document_id(item)
            self.cursor._seen(mappers.xero_updated(item))
            move = existing.get(xid)
            if move:
                outcomes[xid] = self._update(move, item, resolver)
                continue
            if mappers.target_state(item) == "cancel":
                outcomes[xid] = ("skipped", self.env._("voided or deleted in Xero, never booked"))
                continue
            try:
                vals = mappers.document_values(item, resolver)
            except mappers.Unmapped as exc:
                outcomes[xid] = self.pending(item, exc.code, exc.message)
                continue
            hashes[xid] = mappers.content_hash(vals)
            vals.update({
                "xero_connection_id": self.conn.id, "xero_synced_at": now,
                "journal_id": self._journal(vals["move_type"]).id, "company_id": self.company.id,
            })
            to_create.append((item, vals))
        outcomes.update(self._create_batch(to_create, hashes))
        for item in items:
            outcome, detail = outcomes[mappers.document_id(item)]
            if outcome in ("created", "updated", "unchanged"):
                self.env["xero.pending.item"]._clear_for(
                    self.conn, self.key, mappers.document_id(item), self.env._("Booked by %s.", self.job.name),
                )
            if not retry:
                self.job._count(**{outcome: 1})
            rows.append(mappers.row(self.collection, item, self.id_key, self.label_key, outcome, detail))
        if not retry:
            self.job._add_rows(rows)
        return outcomes

    def _create_batch(self, to_create, hashes):
        """Create and post a page of documents: in one batch, or one by one if that fails."""
        if not to_create:
            return {}
        Move = self.env["account.move"].with_context(
            check_move_validity=False, skip_invoice_sync=False, tracking_disable=True,
        )
        try:
            with self.env.cr.savepoint():
                moves = Move.create([vals for _item, vals in to_create])
                to_post = moves.filtered(
                    lambda m: m.xero_status in mappers.POSTED
                )
                to_post.action_post()
            for move in moves:
                move._xero_mark_synced(hashes[move.xero_id])
            return {m.xero_id: ("created", "") for m in moves}
        except Exception as exc:  # noqa: BLE001 (isolate the bad document below)
            _logger.info("Batch of %s documents failed (%s); one by one", len(to_create), exc)
        outcomes = {}
        for item, vals in to_create:
            try:
                with self.env.cr.savepoint():
                    move = Move.create(vals)
                    if move.xero_status in mappers.POSTED:
                        move.action_post()
                    move._xero_mark_synced(hashes[vals["xero_id"]])
                outcomes[vals["xero_id"]] = ("created", "")
            except Exception as exc:  # noqa: BLE001
                outcomes[vals["xero_id"]] = self.pending(item, "odoo_refused", self.env._(
                    "Odoo refused to book it: %s", exc,
                ))
        return outcomes

    def _update(self, move, item, resolver):
        """Follow Xero's changes where Odoo allows them; say why not otherwise."""
        updated = mappers.xero_updated(item)
        if move.xero_updated and updated and updated <= move.xero_updated:
            return "unchanged", ""
        target = mappers.target_state(item)
        try:
            vals = mappers.document_values(item, resolver) if target != "cancel" else None
        except mappers.Unmapped as exc:
            return self.pending(item, exc.code, exc.message)
        same_content = vals is not None and mappers.content_hash(vals) == move.xero_source_hash
        if same_content and target == move.state:
            # a status or payment change in Xero: nothing to rewrite, reconciliation kept
            move.write({"xero_status": item.get("Status"), "xero_updated": updated})
            return "unchanged", self.env._("status %s", item.get("Status"))
        if move._edited_in_odoo():
            return self.pending(item, "conflict", self.env._(
                "Changed in Odoo after the import and changed again in Xero: Odoo's version "
                "was kept. Check both and re-import by resetting the Odoo document to draft.",
            ))
        try:
            with self.env.cr.savepoint():
                self._apply(move, item, vals, target)
        except mappers.Unmapped as exc:
            return self.pending(item, exc.code, exc.message)
        except Exception as exc:  # noqa: BLE001
            self.job._log(self.env._("%(number)s not updated: %(why)s", number=move.name, why=exc))
            return "skipped", str(exc)
        return "updated", ""

    def _apply(self, move, item, vals, target):
        meta = {"xero_status": item.get("Status"), "xero_updated": mappers.xero_updated(item)}
        source_hash = mappers.content_hash(vals) if vals else move.xero_source_hash
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

    def retry_pending(self):
        items = self.env["xero.pending.item"].search([
            ("connection_id", "=", self.conn.id), ("xero_type", "=", self.key),
            ("state", "=", "open"), ("reason_code", "!=", "conflict"),
        ])
        data = [i.raw_data for i in items if i.raw_data]
        if data:
            outcomes = self._process_page(data, retry=True)
            cleared = sum(1 for o, _d in outcomes.values() if o != "pending")
            if cleared:
                self.job._log(self.env._("%(count)s pending %(what)s booked.", count=cleared, what=self.label))


@register
class InvoiceImporter(DocumentImporter):
    key = "invoices"
    collection = "Invoices"
    label = "Invoices and bills"
    id_key = "InvoiceID"


@register
class CreditNoteImporter(DocumentImporter):
    key = "credit_notes"
    collection = "CreditNotes"
    label = "Credit notes"
    id_key = "CreditNoteID"
    label_key = "CreditNoteNumber"

    def _process_page(self, items, retry=False):
        outcomes = super()._process_page(items, retry)
        self._reconcile_allocations(items)
        return outcomes

    def _reconcile_allocations(self, items):
        """Xero's allocations of credit to invoices (credit notes run after invoices) become
        reconciliations of the two documents' receivable or payable lines, once each."""
        allocations = [(mappers.document_id(i), a) for i in items for a in i.get("Allocations") or []
                       if (a.get("Invoice") or {}).get("InvoiceID")]
        if not allocations:
            return
        moves = self._existing({n for n, _a in allocations} | {a["Invoice"]["InvoiceID"] for _n, a in allocations})
        for note_id, allocation in allocations:
            note, invoice = moves.get(note_id), moves.get(allocation["Invoice"]["InvoiceID"])
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
            if note.currency_id.compare_amounts(residual, float(allocation.get("Amount") or 0.0)) != 0:
                self.job._log(self.env._(
                    "%(note)s: Xero allocates %(amount)s of it to %(invoice)s; reconcile that part by hand.",
                    note=note.name, amount=allocation.get("Amount"), invoice=invoice.name))
                continue
            open_terms.reconcile()
