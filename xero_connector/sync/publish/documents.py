"""Odoo invoices, bills and credit notes (and their contacts) -> Xero, never twice, never half,
equal to the cent.

The batch discipline is batch.BatchExporter's; here: the token rides on the document's
link back to Odoo (invoices, bills) or at the end of its reference (credit notes, which have
no link in Xero); the partner becomes a Xero contact first (an existing one found by tax
number, e-mail or exact name is adopted, never duplicated); the reply's totals are compared
with Odoo's; the published document is bound (xero_connection_id + xero_id, sync hashes) so
the next pull sees it unchanged instead of booking it a second time.
"""

import logging

from odoo import fields

from .. import conflicts
from ..mappers import publish as publish_mappers
from ..mappers import pull as pull_mappers
from ..records import Unreadable, read_one
from ..resolver import Resolver
from ..steps import _lt, conflict_reason, register
from .batch import BatchExporter, Unsendable
from .contacts import ContactPublishing
from .lookups import fetch_documents

_logger = logging.getLogger(__name__)
UPDATE = "/update"  # the group of changes to documents Xero already has


def quiet_move(record):
    """A document written with what Xero answered: the chatter gets one note ("Published to Xero
    as ..."), not field tracking; no line changes, so neither the lines' sync nor the balance
    check has anything to do."""
    return record.with_context(skip_invoice_sync=True, tracking_disable=True, check_move_validity=False)


@register
class DocumentPublisher(ContactPublishing, BatchExporter):
    key = "publish"
    label = _lt("Publish to Xero")  # pylint: disable=prefer-env-translation
    state_field, error_field = "xero_publish_state", "xero_publish_error"
    sent_field, job_field = "xero_publish_sent_at", "xero_publish_job_id"
    done_states = ("published", "mismatch")
    bound_field, bound_scope = "xero_id", "xero_connection_id"

    def __init__(self, job, xero):
        super().__init__(job, xero)
        self.company = self.conn.company_id
        self._contacts = {}        # partner id -> ContactID
        self._contact_errors = {}  # partner id -> why it is not a Xero contact
        self._amount_types = {}    # move id -> LineAmountTypes sent
        self._sent = {}            # move id -> (Odoo's figures, Odoo's digest) as sent, see payload
        self._ctx = None

    def run(self, deadline=None):
        self._publish_edited_contacts()
        return super().run(deadline)

    # ------------------------------------------------------------------ selection
    def records(self):
        Move = self.env["account.move"]
        if self.job.only_ids and not self.job.move_ids:
            return Move  # a job for given contacts only
        if self.job.move_ids:
            # a document that came from Xero, or is already there, is never sent
            return self.job.move_ids.filtered(
                lambda m: m.state == "posted" and self.conn._publishes(m.move_type) and (
                    not m.xero_id or m.xero_publish_state in ("changed", "sending", "error", "unsent")))
        return Move.search(Move._xero_publish_domain(self.conn), order="date, id")

    def group(self, record):
        """Xero's collection; a change to a document Xero has goes apart (a POST with its ID)."""
        collection = publish_mappers.collection_of(record.move_type)
        return f"{collection}{UPDATE}" if record.xero_id else collection

    # ------------------------------------------------------------------ contacts
    def _partner(self, record):
        """The partner a record is sent for: its Xero contact."""
        return record.commercial_partner_id

    def prepare(self, records):
        partners = self.env["res.partner"].union(*(self._partner(r) for r in records))
        bindings = self.env["xero.contact"].with_context(active_test=False).search(
            [("connection_id", "=", self.conn.id), ("partner_id", "in", partners.ids)], order="status, id")
        for binding in bindings:
            self._contacts.setdefault(binding.partner_id.id, binding.xero_id)
        unbound = partners.filtered(lambda p: p.id not in self._contacts)
        if unbound:
            self._find_contacts(unbound)
        unbound = unbound.filtered(lambda p: p.id not in self._contacts)
        if unbound:
            self._create_contacts(unbound)
        ready = self.env[records._name]
        for record in records:
            why = self._contact_errors.get(self._partner(record).id)
            if why:
                self._not_sent(record, self.env._("the contact %(name)s: %(why)s",
                                               name=self._partner(record).name, why=why))
            else:
                ready |= record
        ready = self._hold_conflicts(ready)
        self._ctx = self._context(ready)
        return ready

    def _hold_conflicts(self, moves):
        """Changes to documents Xero has, for kinds set to "Both": Xero's copy is read (one call
        per 50); a document Xero changed too since the last sync is not sent over it, it becomes a
        conflict pending item. A payment or approval in Xero changes no content: sent. Nor is a
        copy that already holds Odoo's version a conflict: that is Odoo's own change whose reply
        was lost (sent again, Xero answers from its memory), or the same edit on both sides."""
        both = moves.filtered(lambda m: m.xero_id and self.conn[
            f"direction_{publish_mappers.DOCUMENT_KINDS[m.move_type]}"] == "both")
        found = {}
        for collection in {publish_mappers.collection_of(m.move_type) for m in both}:
            kind = "credit_notes" if collection == "CreditNotes" else "invoices"
            docs, _unreadable = fetch_documents(self.xero, collection, [
                m.xero_id for m in both if publish_mappers.collection_of(m.move_type) == collection])
            found.update({xero_id: (kind, doc) for xero_id, doc in docs.items()})
        held = self.env["account.move"]
        for move in both:
            kind, doc = found.get(move.xero_id, (None, None))
            if not (doc and doc.updated_date_utc) or (move.xero_updated and doc.updated_date_utc <= move.xero_updated):
                continue
            try:
                values = pull_mappers.document_values(doc, self._resolver())
                same = pull_mappers.content_hash(values) == move.xero_source_hash
            except pull_mappers.Unmapped:
                same = False
            if not same:  # Xero's copy already Odoo's (its change whose reply was lost): sent, replayed
                odoo_side, xero_side = self.env["xero.pending.item"]._document_sides(move, doc, self.conn)
                same = conflicts.fingerprint(odoo_side) == conflicts.fingerprint(xero_side)
            if not same:
                reason = self._conflict(kind, doc, doc.number or move.name)
                quiet_move(move).write({"xero_publish_state": "conflict", "xero_publish_error": reason})
                self._note(move, reason)
                held |= move
        return moves - held

    def _conflict(self, kind, record, label):
        reason = conflict_reason(self.env)
        self.env["xero.pending.item"]._raise_for(self.conn, kind, record.xero_id, label, "conflict", reason,
                                                 record.raw, self.job)
        self.job._count_step(self.key, {"pending": 1})
        self.job._log(self.env._("%(record)s: %(why)s", record=label, why=reason))
        return reason

    # ------------------------------------------------------------------ payload
    def _context(self, records):
        """The organisation's mappings, reversed: Odoo account / tax / analytic -> Xero."""
        conn, company = self.conn, self.company
        accounts, names = {}, {}
        for binding in self.env["xero.account"].search(
                [("connection_id", "=", conn.id), ("account_id", "!=", False), ("code", "!=", False)],
                order="status, id"):
            accounts.setdefault(binding.account_id.id, binding.code)
        found = self.env["xero.tax.rate"]._publish_map(conn)  # one Xero type per Odoo tax, or a choice
        rate_names = {}
        if found.undecided:
            rate_names = {r.xero_id: r.name or r.xero_id for r in self.env["xero.tax.rate"].search(
                [("connection_id", "=", conn.id), ("xero_id", "in", sorted({t for ts in found.undecided.values()
                                                                           for t in ts}))])}
        line_taxes, line_accounts, distributions = self._context_lines(records)
        taxes = {t.id: {"tax_type": found.types.get(t.id), "price_include": t.price_include, "name": t.name,
                        "choices": [rate_names.get(x, x) for x in found.undecided.get(t.id, ())]}
                 for t in line_taxes}
        for account in line_accounts.with_company(company):  # the code is the company's own
            names[account.id] = f"{account.name} ({account.code})" if account.code else account.name
        tracking = {
            o.analytic_account_id.id: (o.category_id.name, o.name)
            for o in self.env["xero.tracking.option"].search([
                ("connection_id", "=", conn.id), ("analytic_account_id", "!=", False), ("status", "=", "ACTIVE")])
        }
        analytic_ids = {int(i) for dist in distributions for k in (dist or {}) for i in str(k).split(",")}
        analytics = self.env["account.analytic.account"].browse(sorted(analytic_ids)).exists()
        analytic_names = {a.id: a.name for a in analytics}
        currencies = set()
        base = conn.base_currency or company.currency_id.name
        if any(m.currency_id.name != base for m in records):
            currencies = {c.get("Code") for c in self.xero.get_all("Currencies") if isinstance(c, dict)}
        item_codes = self.env["xero.product.binding"]._item_codes(conn, self._context_products(records))
        return {
            "accounts": accounts, "account_names": names, "taxes": taxes, "tracking": tracking,
            "item_codes": item_codes,
            "analytic_names": analytic_names, "base_currency": base, "currencies": currencies,
            "status": conn.publish_status, "no_tax_type": publish_mappers.NO_TAX_TYPES.get(
                (conn.country_code or "").upper(), "NONE"),
        }

    def _context_lines(self, records):
        """(taxes, accounts, analytic distributions) of the records' lines, for _context."""
        lines = self._context_fetch(records)
        return lines.tax_ids, lines.account_id, lines.mapped("analytic_distribution")

    def _context_products(self, records):
        """The products of the records' lines, whose item codes the lines carry."""
        return self._context_fetch(records).product_id

    def _context_fetch(self, records):
        """The records' invoice lines with the four fields _context needs, read in one go: the run's
        every line with all its columns (10,000 invoices: 20,000 lines) cost seconds before the first
        batch could leave, and the batches read their own lines again after the first commit."""
        if getattr(self, "_context_cache", (None,))[0] != records.ids:
            self._context_cache = (records.ids, self.env["account.move.line"].search_fetch(
                [("move_id", "in", records.ids), ("display_type", "in", ("product", "line_section", "line_note"))],
                ["tax_ids", "account_id", "analytic_distribution", "product_id"]))
        return self._context_cache[1]

    @staticmethod
    def _lines(record):
        """The document's product lines, reading the database with the lines of the batch's other
        documents (filtered() alone would read each document's lines apart: a query per document)."""
        lines = record.invoice_line_ids
        return lines.filtered(lambda ln: ln.display_type == "product").with_prefetch(lines._prefetch_ids)

    def payload(self, record):
        if record.company_id.tax_calculation_rounding_method != "round_per_line":
            raise Unsendable(self.env._(
                "%s rounds tax on the total, Xero per line: set the company to round per line first.",
                record.company_id.name))
        doc = {
            "move_type": record.move_type, "name": record.name, "ref": record.ref or "",
            "payment_reference": record.payment_reference or "",
            "date": fields.Date.to_string(record.invoice_date or record.date),
            "due_date": fields.Date.to_string(record.invoice_date_due) if record.invoice_date_due else None,
            "currency": record.currency_id.name, "rate": record.invoice_currency_rate,
            "contact_id": self._contacts.get(record.commercial_partner_id.id),
            "token": record._xero_publish_token(), "url": record._xero_publish_url(),
            "lines": [{
                "name": ln.name, "quantity": ln.quantity, "price_unit": ln.price_unit, "discount": ln.discount,
                "account_id": ln.account_id.id, "tax_ids": ln.tax_ids.ids,
                "analytic_distribution": ln.analytic_distribution or {}, "product_id": ln.product_id.id,
            } for ln in self._lines(record)],
        }
        try:
            payload = publish_mappers.document_payload(doc, self._ctx)
        except publish_mappers.Unpublishable as exc:
            raise Unsendable(exc.message) from exc
        if record.xero_id:  # the same Xero document, changed
            payload[publish_mappers.ID_KEYS[publish_mappers.collection_of(record.move_type)]] = record.xero_id
        self._amount_types[record.id] = payload["LineAmountTypes"]
        # what Xero's answer is checked against and the digest the next sync compares, taken now that
        # the lines are read: after the commit that marks the batch they would be read again; and
        # they are then what was sent (an edit made meanwhile is a change to send at the next run)
        self._sent[record.id] = (self._odoo_figures(record, payload), record._xero_odoo_hash())
        return payload

    # ------------------------------------------------------------------ sending
    def token(self, record):
        return record._xero_publish_token()

    def carries(self, checked, token):
        return publish_mappers.token_of(checked.url, checked.reference, token)

    def matches(self, record, checked):
        if self.carries(checked, self.token(record)):
            return True
        # Xero keeps a credit note's Reference (where the token rides) for customer credit notes
        # only: a supplier credit note is known by what Xero keeps of it; _adopt_lost binds one
        # Xero credit note to one record, never one already bound
        if record._name != "account.move" or record.move_type != "in_refund":
            return False
        prints = self.__dict__.setdefault("_fingerprints", {})
        if record.id not in prints:
            prints[record.id] = publish_mappers.supplier_credit_fingerprint({
                "contact_id": self._contact_of(record), "number": record.ref or record.name,
                "date": fields.Date.to_string(record.invoice_date or record.date), "total": record.amount_total,
                "currency": record.currency_id.name})
        return publish_mappers.same_supplier_credit(prints[record.id], checked)

    def reply_kind(self, group):
        return "credit_notes" if group.startswith("CreditNotes") else "invoices"

    def save(self, group, payloads, idempotency_key):
        collection, update, _rest = group.partition(UPDATE)
        return self.xero.save_batch(collection, payloads, summarize_errors=False, idempotency_key=idempotency_key,
                                    update=bool(update))

    def _adopt_lost(self, records, again_later=False):
        """A change whose reply was lost is simply sent again: the same content twice changes
        nothing (and Xero's copy, found by token, cannot tell whether the change arrived)."""
        changes = records.filtered("xero_id")
        if changes:
            changes.write({"xero_publish_state": "changed", "xero_publish_error": self.env._(
                "No reply from Xero: the change is sent again.") if again_later else False})
        return super()._adopt_lost(records - changes, again_later)

    def element_of(self, result):
        return result["Element"]

    def find_sent(self, group, records, since):
        contacts = sorted({c for c in (self._contact_of(r) for r in records) if c})
        where = None
        if contacts and len(contacts) <= 20:
            where = " OR ".join(f'Contact.ContactID==Guid("{c}")' for c in contacts)
        return self.xero.find(group.partition(UPDATE)[0], where=where, modified_since=since)

    def _contact_of(self, record):
        partner = self._partner(record)
        if partner.id not in self._contacts:
            binding = self.env["xero.contact"].with_context(active_test=False).search(
                [("connection_id", "=", self.conn.id), ("partner_id", "=", partner.id)], limit=1)
            self._contacts[partner.id] = binding.xero_id
        return self._contacts[partner.id]

    # ------------------------------------------------------------------ outcome
    def _odoo_figures(self, record, element):
        inclusive = self._amount_types.get(record.id, element.get("LineAmountTypes")) == "Inclusive"
        return {
            "subtotal": record.amount_untaxed, "tax": record.amount_tax, "total": record.amount_total,
            "lines": [{"description": ln.name, "amount": ln.price_total if inclusive else ln.price_subtotal,
                       "tax": ln.price_total - ln.price_subtotal} for ln in self._lines(record)],
        }

    @staticmethod
    def _quiet(record):
        return quiet_move(record)

    def accepted(self, record, xero_id, element):
        """Bind the record to Xero's document, read (once, at the page edge) from the reply;
        Xero's totals must equal Odoo's."""
        doc = read_one("credit_notes" if "CreditNoteID" in element else "invoices", element)
        changed = bool(record.xero_id)  # a change to a document Xero already had
        vals = {"xero_connection_id": self.conn.id, "xero_id": xero_id, "xero_published_at": fields.Datetime.now()}
        if isinstance(doc, Unreadable):  # in Xero all the same: bound, never sent twice
            problem = self.env._("Xero took it, but its reply could not be read (%(field)s %(why)s): check it "
                                 "in Xero.", field=doc.field, why=doc.reason)
            record.write(dict(vals, xero_publish_state="mismatch", xero_publish_error=problem))
            self._flag(record, element, problem)
            self._done()
            return
        figures, odoo_hash = self._sent.pop(record.id, (None, None))  # none when adopted after a lost reply
        differences = publish_mappers.compare_totals(figures or self._odoo_figures(record, element), doc)
        vals.update({
            "xero_publish_state": "mismatch" if differences else "published",
            "xero_publish_error": self.env._("Xero's totals differ from Odoo's: %s", "; ".join(differences))
            if differences else False,
            "xero_number": doc.number or False, "xero_status": doc.status, "xero_updated": doc.updated_date_utc,
        })
        try:
            source_hash = pull_mappers.content_hash(pull_mappers.document_values(doc, self._resolver()))
        except pull_mappers.Unmapped as exc:
            _logger.info("%s: no source hash (%s)", record.name, exc.message)
            source_hash = False
        # one write: each costs a balance check
        record.write({**vals, **record._xero_synced_vals(source_hash, odoo_hash)})
        number = vals["xero_number"] or xero_id
        if differences:
            self._flag(record, element, vals["xero_publish_error"])
        self._note(record, self.env._("Its change was sent to Xero (%s).", number) if changed
                   else self.env._("Published to Xero as %s.", number))
        if not differences:
            self._row(record, element, "updated" if changed else "created", "")
        self._done(created=not changed)

    def _flag(self, record, element, problem):
        self._note(record, problem)
        self.job._count(errors=1)
        self.job._log(self.env._("%(doc)s: %(why)s", doc=record.name, why=problem))
        self._row(record, element, "mismatch", problem)

    def _resolver(self):
        if not hasattr(self, "_resolver_cache"):
            self._resolver_cache = Resolver(self.env, self.conn)
        return self._resolver_cache

    def _error(self, record, message):
        result = super()._error(record, message)
        self._row(record, {}, "errors", message)
        return result

    def _not_sent(self, record, message):
        """Odoo knows why Xero would refuse it: nothing was sent, so it is "Not Sent", never
        "Xero Refused" (the chatter and the Publishing Errors list tell the two apart). Orders
        (the bridge addons) say "Not Sent" too."""
        again = record.xero_publish_state == "unsent" and record.xero_publish_error == message
        record.write({"xero_publish_state": "unsent", "xero_publish_error": message})
        if not again:
            record.message_post(body=self.env._("Not sent to Xero (fix it in Odoo, then retry): %s", message))
        self.job._count_not_sent(self.key)
        self.job._log(self.env._("%(record)s: not sent: %(why)s", record=record.display_name, why=message))
        self._row(record, {}, "not sent", message)

    def _held_row(self, record, reason):
        self._row(record, {}, "errors", reason)

    def _row(self, record, element, outcome, detail):
        collection = publish_mappers.collection_of(record.move_type)
        status = element.get("Status") if isinstance(element.get("Status"), str) else ""
        self._add_row(pull_mappers.csv_row([
            collection, record.xero_id or "", record.name, status, record.xero_updated or "", outcome, detail, "",
            record.amount_total]))

    def refused_note(self, message):
        return self.env._("Not published to Xero: %s", message)
