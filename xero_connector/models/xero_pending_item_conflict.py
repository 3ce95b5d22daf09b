"""Conflicts: a contact or document edited in Odoo and in Xero since the last sync never
silently overwrites either side. It waits as a pending item showing both versions field by
field; a person keeps one, and the other side is updated (Odoo from Xero's version at once,
Xero from Odoo's by a publishing job). Either way both sides' fingerprints are taken again, so
the next sync sees nothing to do."""

import logging

from markupsafe import Markup, escape
from odoo import fields, models
from odoo.exceptions import UserError, ValidationError

from ..sync import conflicts, records
from ..sync.mappers import publish as publish_mappers
from ..sync.mappers import pull as pull_mappers
from ..sync.pull.documents import apply_xero_version, quiet
from ..sync.resolver import Resolver
from .xero_mapping import _notify

_logger = logging.getLogger(__name__)
EDITABLE = ("DRAFT", "SUBMITTED", "AUTHORISED")  # Xero lets a document change while unpaid


class XeroPendingItem(models.Model):
    _inherit = "xero.pending.item"  # pylint: disable=consider-merging-classes-inherited

    conflict_html = fields.Html("Both Versions", compute="_compute_conflict_html", sanitize=False)

    def _compute_conflict_html(self):
        for item in self:
            try:
                item.conflict_html = item._conflict_table() if item.reason_code == "conflict" else False
            except Exception:  # noqa: BLE001 (a screen never fails on what Xero sent)
                _logger.exception("Pending item %s: its two versions cannot be shown", item.id)
                item.conflict_html = False

    def _field_labels(self):
        env = self.env
        return {
            "name": env._("Name"), "email": env._("E-mail"), "phone": env._("Phone"), "street": env._("Street"),
            "street2": env._("Street (second line)"), "city": env._("City"), "zip": env._("Postcode"),
            "country": env._("Country"), "vat": env._("Tax number"), "status": env._("Status"),
            "reference": env._("Reference"),
            "date": env._("Date"), "due_date": env._("Due date"), "total": env._("Total"),
        }

    def _conflict_table(self):
        """Field | In Odoo | In Xero, the fields that differ marked."""
        odoo, xero = self._conflict_sides()
        labels = self._field_labels()
        head = "".join(f"<th>{escape(h)}</th>" for h in (
            self.env._("Field"), self.env._("In Odoo"), self.env._("In Xero")))
        body = []
        for row in conflicts.diff(odoo, xero):
            label = self.env._("Line %s", row["line"]) if row["line"] else labels[row["field"]]
            mark = ' class="table-warning fw-bold o_xero_differs"' if row["differs"] else ""
            body.append(f"<tr{mark}><td>{escape(label)}</td><td>{escape(row['odoo'])}</td>"
                        f"<td>{escape(row['xero'])}</td></tr>")
        return Markup(f'<table class="table table-sm o_xero_conflict"><thead><tr>{head}</tr></thead>'
                      f'<tbody>{"".join(body)}</tbody></table>')

    # ------------------------------------------------------------------ the two sides
    def _conflict_sides(self):
        """(Odoo's side, Xero's side) as sync/conflicts.py compares them."""
        self.ensure_one()
        if self.xero_type == "contacts":
            binding = self._conflict_binding()
            return binding._odoo_side(), conflicts.contact_side_xero(self._checked_contact())
        return self._document_sides(self._conflict_move(), self._checked_document(), self.connection_id)

    def _document_sides(self, move, doc, connection):
        """(Odoo's side, Xero's side) of a published document and Xero's copy of it (a checked
        records.Document), as sync/conflicts.py compares them: equal fingerprints, nothing to
        choose between (the publisher uses it to tell its own change, whose reply was lost, from
        an edit made in Xero)."""
        lines = move.invoice_line_ids.filtered(lambda ln: ln.display_type == "product")
        odoo = {
            "reference": move.ref, "date": move.invoice_date, "due_date": move.invoice_date_due,
            "total": move.amount_total, "lines": [{
                "description": ln.name, "quantity": ln.quantity, "unit_price": ln.price_unit,
                "discount": ln.discount, "account": ln.account_id.display_name,
                "tax": ", ".join(ln.tax_ids.mapped("name"))} for ln in lines],
        }
        xero = self._xero_document_values(doc, connection)
        words = {"posted": self.env._("Posted"), "draft": self.env._("Draft"), "cancel": self.env._("Cancelled")}
        odoo["status"] = words[move.state]
        xero["status"] = words[pull_mappers.target_state(doc)]
        if doc.status in ("VOIDED", "DELETED"):
            xero["status"] = self.env._("Voided") if doc.status == "VOIDED" else self.env._("Deleted")
        return conflicts.document_side(odoo), conflicts.document_side(xero)

    def _xero_document_values(self, doc, connection):
        """Xero's document in Odoo's words where it maps (accounts and taxes by their Odoo names),
        by Xero's codes where it does not."""
        try:
            vals = pull_mappers.document_values(doc, Resolver(self.env, connection))
        except pull_mappers.Unmapped:
            return {"reference": doc.reference, "date": doc.document_date, "due_date": doc.document_due_date,
                    "total": doc.total, "lines": [{
                        "description": ln.description, "quantity": ln.quantity, "unit_price": ln.unit_amount,
                        "discount": ln.discount_rate, "account": ln.account_code, "tax": ln.tax_type,
                    } for ln in doc.line_items]}
        Account, Tax = self.env["account.account"], self.env["account.tax"]
        lines = []
        for _op, _id, line in vals["invoice_line_ids"]:
            taxes = Tax.browse(line["tax_ids"][0][2])
            lines.append({"description": line["name"], "quantity": line["quantity"], "unit_price": line["price_unit"],
                          "discount": line["discount"], "account": Account.browse(line["account_id"]).display_name,
                          "tax": ", ".join(taxes.mapped("name"))})
        return {"reference": vals["ref"], "date": vals["invoice_date"], "due_date": vals["invoice_date_due"],
                "total": doc.total, "lines": lines}

    def _conflict_binding(self):
        binding = self.env["xero.contact"].with_context(active_test=False).search([
            ("connection_id", "=", self.connection_id.id), ("xero_id", "=", self.xero_id),
            ("partner_id", "!=", False)], limit=1)
        if not binding:
            raise UserError(self.env._("This Xero contact is no longer linked to an Odoo partner."))
        return binding

    def _conflict_move(self):
        move = self.env["account.move"].search([
            ("xero_connection_id", "=", self.connection_id.id), ("xero_id", "=", self.xero_id)], limit=1)
        if not move:
            raise UserError(self.env._("This Xero document is no longer in Odoo."))
        return move

    def _checked_document(self):
        doc = records.read_one(self.xero_type, self.raw_data or {})
        if isinstance(doc, records.Unreadable):
            raise UserError(self.env._("Xero's version could not be read (%(field)s %(reason)s).",
                                       field=doc.field, reason=doc.reason))
        return doc

    def _check_conflict(self):
        self.ensure_one()
        if self.reason_code != "conflict" or self.state != "open":
            raise UserError(self.env._("%s is not an open conflict.", self.display_name))

    # ------------------------------------------------------------------ choosing a side
    def action_keep_xero(self):
        """Xero's version is written in Odoo, as a pull of this one record."""
        self._check_conflict()
        if self.xero_type == "contacts":
            binding, contact = self._conflict_binding(), self._checked_contact()
            partner = binding.partner_id
            countries = {c.code: c.id for c in self.env["res.country"].search([])}
            values = pull_mappers.partner_values(contact, countries)
            try:
                with self.env.cr.savepoint():
                    partner.write(values)
            except ValidationError:
                if not values.get("vat"):
                    raise
                partner.write(dict(values, vat=False))  # a tax number Odoo refuses stays in Xero only
            binding.write({**pull_mappers.contact_binding(contact), **binding._agreed_vals(contact, partner)})
            record = partner
        else:
            record, doc = self._conflict_move(), self._checked_document()
            target = pull_mappers.target_state(doc)
            try:
                vals = pull_mappers.document_values(doc, Resolver(self.env, self.connection_id)) \
                    if target != "cancel" else None
            except pull_mappers.Unmapped as exc:
                raise UserError(exc.message) from exc
            apply_xero_version(record, doc, vals, target)
        record.message_post(body=self.env._(
            "Edited in Odoo and in Xero: Xero's version was kept and written here."))
        self._resolve(self.env._("Xero's version kept: Odoo was updated."))
        return _notify(self.env, self.env._("Xero's version was written in Odoo."))

    def action_keep_odoo(self):
        """Odoo's version is sent to Xero over Xero's, by a publishing job."""
        self._check_conflict()
        conn = self.connection_id
        Job = self.env["xero.sync.job"].sudo()
        if self.xero_type == "contacts":
            if not publish_mappers.publishes(conn.direction_contacts):
                raise UserError(self.env._(
                    "%s only pulls contacts from Xero, so Odoo does not change Xero's copy: keep Xero's "
                    "version, or set Contacts to Both on the organisation.", conn.name))
            if conn.state != "active":
                raise UserError(self.env._("%s is not connected. Reconnect it first.", conn.name))
            binding, contact = self._conflict_binding(), self._checked_contact()
            # Xero's version is seen: the publishing job sends Odoo's over it
            binding.write({"xero_updated": contact.updated_date_utc,
                           "xero_hash": conflicts.fingerprint(conflicts.contact_side_xero(contact))})
            jobs = Job.create({"connection_id": conn.id, "kind": "publish", "trigger": "manual",
                               "only_ids": {"contacts": [self.xero_id]}})
            conn._wake_cron()
            record = binding.partner_id
        else:
            record, doc = self._conflict_move(), self._checked_document()
            self._check_publishable(record, doc)
            try:
                source_hash = pull_mappers.content_hash(pull_mappers.document_values(doc, Resolver(self.env, conn)))
            except pull_mappers.Unmapped:
                source_hash = record.xero_source_hash
            quiet(record).write({"xero_updated": doc.updated_date_utc, "xero_source_hash": source_hash,
                                 "xero_publish_state": "changed", "xero_publish_error": False})
            jobs = conn.sudo()._publish_jobs(record)
        record.message_post(body=self.env._(
            "Edited in Odoo and in Xero: Odoo's version was kept; %s sends it to Xero.", jobs[:1].name))
        self._resolve(self.env._("Odoo's version kept: %s sends it to Xero.", jobs[:1].name))
        return jobs.with_env(self.env)._action_open()

    def _check_publishable(self, move, doc):
        """Refused (UserError, plain words) when Odoo's version cannot go to Xero."""
        conn = self.connection_id
        if not conn._publishes(move.move_type):
            raise UserError(self.env._(
                "%(org)s only pulls these documents from Xero, so Odoo does not change Xero's copy: keep "
                "Xero's version, or set the organisation's direction for them to Both.", org=conn.name))
        if move.state != "posted":
            raise UserError(self.env._("Post %s first: only a posted document is sent to Xero.", move.display_name))
        if doc.status not in EDITABLE or doc.amount_paid or doc.amount_credited:
            raise UserError(self.env._(
                "Xero no longer lets %(number)s change (it is paid, voided or deleted there): keep Xero's "
                "version, or credit the document in Odoo.", number=doc.number or move.display_name))
        if publish_mappers.DOCUMENT_KINDS.get(move.move_type) is None:
            raise UserError(self.env._("Only invoices, bills and credit notes are published to Xero."))
