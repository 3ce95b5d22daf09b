import json
import logging
from decimal import Decimal

from markupsafe import Markup, escape
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..sync import records
from ..sync.mappers import pull as pull_mappers
from ..utils import for_companies

_logger = logging.getLogger(__name__)

# What the record is, in an accountant's words (Xero's collection and the document's Type).
KINDS = [
    ("invoice", "Invoice"),
    ("bill", "Bill"),
    ("out_refund", "Customer credit note"),
    ("in_refund", "Supplier credit note"),
    ("document", "Invoice or bill"),
    ("credit_note", "Credit note"),
    ("payment", "Payment"),
    ("contact", "Contact"),
    ("account", "Account"),
    ("bank_account", "Bank account"),
    ("tax_rate", "Tax rate"),
    ("tracking", "Tracking category"),
    ("journal", "Manual journal"),
    ("item", "Item"),
    ("contact_group", "Contact group"),
    ("other", "Other"),
]
DOCUMENT_KINDS = {
    "ACCREC": "invoice", "ACCPAY": "bill", "ACCRECCREDIT": "out_refund", "ACCPAYCREDIT": "in_refund",
}
COLLECTION_KINDS = {
    "invoices": "document", "credit_notes": "credit_note", "payments": "payment", "contacts": "contact",
    "accounts": "account", "bank_accounts": "bank_account",
    "tax_rates": "tax_rate", "tracking": "tracking", "journals": "journal", "manual_journals": "journal",
    "items": "item", "contact_groups": "contact_group",
}


def _text(value):
    return records.clean_text(value, records.NAME_LIMIT) if isinstance(value, str) else ""


def _lenient(check, value):
    """A field of a record Xero sent unreadable, read on its own: None if it cannot be."""
    try:
        return check(value)
    except (ValueError, TypeError, ArithmeticError, OverflowError):
        return None


def _summary(xero_type, raw):
    """(kind, number, contact, date, amount, currency code) of a pending item's Xero data.
    Never raises: a record Xero sent unreadable gives what its readable fields give."""
    kind = COLLECTION_KINDS.get(xero_type, "other")
    if xero_type not in records.KINDS:
        return kind, "", "", None, None, ""
    record = records.read_one(xero_type, raw if raw is not None else {})
    if isinstance(record, records.Unreadable):
        return _salvage(xero_type, kind, record.raw)
    if isinstance(record, records.Document):
        total = _lenient(records.base._decimal, raw.get("Total")) if isinstance(raw, dict) else None
        if total is None:
            total = sum(((line.line_amount if line.line_amount is not None else
                          (line.quantity or 0) * (line.unit_amount or 0)) + (line.tax_amount or 0)
                         for line in record.line_items), Decimal(0))
        return (DOCUMENT_KINDS.get(record.type, kind), record.number, record.contact.name or "",
                record.document_date, total, record.currency_code or "")
    if isinstance(record, records.Payment):
        number, contact, currency = _payment_refs(raw)
        return kind, number, contact, record.date, record.amount, currency
    if isinstance(record, records.Contact):
        return kind, record.account_number or "", record.name, None, None, ""
    if isinstance(record, records.Account):
        return kind, record.code or "", "", None, None, ""
    if isinstance(record, records.ManualJournalEntry):  # its amount: what it debits
        return (kind, "", "", record.journal_date,
                sum((ln.line_amount for ln in record.journal_lines if ln.line_amount > 0), Decimal(0)), "")
    if isinstance(record, records.TaxRate):
        return kind, record.tax_type, "", None, None, ""
    return kind, "", "", None, None, ""


def _payment_refs(raw):
    """The paid document's number, its contact's name and currency, as Xero names them."""
    doc = (raw.get("Invoice") or raw.get("CreditNote")) if isinstance(raw, dict) else None
    if not isinstance(doc, dict):
        return "", "", ""
    contact = doc.get("Contact")
    return (_text(doc.get("InvoiceNumber")) or _text(doc.get("CreditNoteNumber")),
            _text(contact.get("Name")) if isinstance(contact, dict) else "",
            _text(doc.get("CurrencyCode")))


def _salvage(xero_type, kind, raw):
    """What can be read of an unreadable record, field by field."""
    if not isinstance(raw, dict):
        return kind, "", "", None, None, ""
    if xero_type in ("invoices", "credit_notes"):
        kind = DOCUMENT_KINDS.get(raw.get("Type"), kind)
        contact = raw.get("Contact")
        number = _text(raw.get("InvoiceNumber")) or _text(raw.get("CreditNoteNumber"))
        return (kind, number, _text(contact.get("Name")) if isinstance(contact, dict) else "",
                _lenient(records.base._date, raw.get("DateString")) or _lenient(records.base._date, raw.get("Date")),
                _lenient(records.base._decimal, raw.get("Total")), _text(raw.get("CurrencyCode")))
    if xero_type == "payments":
        number, contact, currency = _payment_refs(raw)
        return (kind, number, contact,
                _lenient(records.base._date, raw.get("Date")), _lenient(records.base._decimal, raw.get("Amount")),
                currency)
    if xero_type == "contacts":
        return kind, "", _text(raw.get("Name")), None, None, ""
    if xero_type == "accounts":
        return kind, _text(raw.get("Code")), "", None, None, ""
    return kind, "", "", None, None, ""


class XeroPendingItem(models.Model):
    """A Xero record that could not be booked in Odoo until a person acts.

    Never a silent drop: the raw Xero data is kept, and the next sync retries it and
    clears the item once its cause is gone.
    """

    _name = "xero.pending.item"
    _description = "Xero Pending Item"
    _inherit = ["mail.thread"]
    _order = "id desc"

    connection_id = fields.Many2one(
        "xero.connection", required=True, ondelete="cascade", index=True, readonly=True,
    )
    company_id = fields.Many2one(related="connection_id.company_id", store=True)
    xero_type = fields.Char("Xero Record Type", required=True, readonly=True)
    xero_id = fields.Char("Xero ID", required=True, readonly=True, index=True)
    name = fields.Char("Record", readonly=True)
    reason_code = fields.Char(readonly=True)
    reason = fields.Text(readonly=True)
    raw_data = fields.Json("Xero Data", readonly=True)
    raw_data_text = fields.Text("Xero Data (JSON)", compute="_compute_raw_data_text")
    # What the record is, read from its Xero data (stored: lists, filters and groups use them)
    kind = fields.Selection(KINDS, compute="_compute_summary", store=True, readonly=True)
    number = fields.Char(compute="_compute_summary", store=True, readonly=True)
    contact_name = fields.Char("Contact", compute="_compute_summary", store=True, readonly=True)
    document_date = fields.Date("Date", compute="_compute_summary", store=True, readonly=True)
    amount = fields.Monetary(compute="_compute_summary", store=True, readonly=True,
                             currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", compute="_compute_summary", store=True, readonly=True)
    lines_html = fields.Html("Lines", compute="_compute_lines_html", sanitize=False)
    job_id = fields.Many2one("xero.sync.job", "Last Seen By", readonly=True, ondelete="set null")
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved")], default="open", required=True, index=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner", "Link to Partner", help="For a contact: the Odoo partner it is.",
    )

    _sql_constraints = [
        ("item_uniq", "unique(connection_id, xero_type, xero_id)", "One pending item per Xero record."),
    ]

    def _compute_raw_data_text(self):
        for item in self:
            item.raw_data_text = json.dumps(item.raw_data or {}, indent=2, sort_keys=True)

    def _compute_lines_html(self):
        """The document's lines as Xero sent them, in words: account and tax by code and name."""
        for item in self:
            try:
                item.lines_html = item._lines_table()
            except Exception:  # noqa: BLE001 (a screen never fails on what Xero sent)
                _logger.exception("Pending item %s: its lines cannot be shown", item.id)
                item.lines_html = False

    def _lines_table(self):
        lines = self._lines()
        if not lines:
            return False
        domain = [("connection_id", "=", self.connection_id.id)]
        # the item's company's mappings, whichever company the switcher shows
        env = self.with_company(self.company_id).env if self.company_id else self.env
        accounts = {a.code: a.name for a in env["xero.account"].search(domain) if a.code}
        taxes = {t.xero_id: t.name for t in env["xero.tax.rate"].search(domain)}
        end = ' class="text-end"'
        titles = (self.env._("Description"), self.env._("Account"), self.env._("Tax"), self.env._("Tracking"),
                  self.env._("Amount"))
        head = "".join(f"<th{end if i == 4 else ''}>{escape(h)}</th>" for i, h in enumerate(titles))
        rows = []
        for line in lines:
            code, tax = _text(line.get("AccountCode")), _text(line.get("TaxType"))
            amount = _lenient(records.base._decimal, line.get("LineAmount"))
            if amount is None:
                quantity = _lenient(records.base._decimal, line.get("Quantity"))
                unit = _lenient(records.base._decimal, line.get("UnitAmount"))
                amount = quantity * unit if quantity is not None and unit is not None else None
            tracking = ", ".join(
                f"{_text(t.get('Name'))}: {_text(t.get('Option'))}" for t in (line.get("Tracking") or [])
                if isinstance(t, dict)) if isinstance(line.get("Tracking"), list) else ""
            cells = (
                _text(line.get("Description")),
                " ".join(filter(None, [code, accounts.get(code, "")])),
                " ".join(filter(None, [tax, f"({taxes[tax]})" if taxes.get(tax) and taxes[tax] != tax else ""])),
                tracking,
                self.currency_id.format(float(amount)) if amount is not None else "",
            )
            rows.append("<tr>" + "".join(
                f"<td{end if i == 4 else ''}>{escape(c)}</td>" for i, c in enumerate(cells))
                + "</tr>")
        return Markup(f'<table class="table table-sm o_list_table"><thead><tr>{head}</tr></thead>'
                      f'<tbody>{"".join(rows)}</tbody></table>')

    def _contact_names(self):
        """{(connection id, ContactID): name} of the contacts Odoo knows, for documents whose
        Xero data names the contact by its ID only."""
        wanted = {}
        for item in self:
            contact = item.raw_data.get("Contact") if isinstance(item.raw_data, dict) else None
            if isinstance(contact, dict) and isinstance(contact.get("ContactID"), str):
                wanted.setdefault(item.connection_id.id, set()).add(contact["ContactID"])
        names = {}
        for conn_id, ids in wanted.items():
            for binding in self.env["xero.contact"].sudo().search(
                    [("connection_id", "=", conn_id), ("xero_id", "in", list(ids))]):
                names[(conn_id, binding.xero_id)] = binding.name or binding.partner_id.name
        return names

    @api.depends("xero_type", "raw_data", "connection_id.company_id")
    def _compute_summary(self):
        currencies = {}
        known_contacts = self._contact_names()
        for item in self:
            try:
                kind, number, contact, date, amount, code = _summary(item.xero_type, item.raw_data)
            except Exception:  # noqa: BLE001 (a screen never fails on what Xero sent)
                _logger.exception("Pending item %s: its Xero data cannot be summarised", item.id)
                kind, number, contact, date, amount, code = (
                    COLLECTION_KINDS.get(item.xero_type, "other"), "", "", None, None, "")
            if code and code not in currencies:
                currencies[code] = self.env["res.currency"].with_context(active_test=False).search(
                    [("name", "=", code)], limit=1)
            currency = currencies.get(code) or item.connection_id.company_id.currency_id
            ref = item.raw_data.get("Contact") if isinstance(item.raw_data, dict) else None
            if not contact and isinstance(ref, dict) and isinstance(ref.get("ContactID"), str):
                contact = known_contacts.get((item.connection_id.id, ref["ContactID"]))
            item.kind = kind
            item.number = number or False
            item.contact_name = contact or False
            item.document_date = date or False
            item.amount = float(amount) if amount is not None else 0.0
            item.currency_id = currency

    @api.depends("kind", "number", "name", "contact_name")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for item in self:
            what = labels.get(item.kind) or item.xero_type
            ref = item.number or item.name or item.xero_id
            if item.kind == "payment":
                item.display_name = self.env._("Payment for %s", item.number) if item.number else what
            elif item.kind == "contact":
                item.display_name = self.env._("Contact %s", item.contact_name or ref)
            else:
                item.display_name = f"{what} {ref}" if ref else what

    @api.model
    def _raise_for(self, connection, xero_type, xero_id, name, reason_code, reason, data, job):
        """Open (or refresh) the pending item of one Xero record."""
        vals = {
            "name": name, "reason_code": reason_code, "reason": reason, "raw_data": data,
            "job_id": job.id if job else False, "state": "open",
        }
        item = self.search([
            ("connection_id", "=", connection.id), ("xero_type", "=", xero_type),
            ("xero_id", "=", xero_id),
        ])
        if item:
            item.write(vals)
        else:
            item = self.create({
                "connection_id": connection.id, "xero_type": xero_type, "xero_id": xero_id, **vals,
            })
        return item

    def _resolve(self, note):
        for item in self.filtered(lambda i: i.state == "open"):
            item.state = "resolved"
            item.message_post(body=note)

    @api.model
    def _clear_for(self, connection, xero_type, xero_ids, note):
        """Resolve the open items of these records (booked now), in one search."""
        if xero_ids:
            self.search([
                ("connection_id", "=", connection.id), ("xero_type", "=", xero_type),
                ("xero_id", "in", list(xero_ids)), ("state", "=", "open"),
            ])._resolve(note)

    # ------------------------------------------------------------------ people's actions
    def action_link_partner(self):
        """Link a contact to the partner chosen on the item."""
        for item in self:
            if item.xero_type != "contacts" or not item.partner_id:
                raise UserError(self.env._("Choose the Odoo partner this Xero contact is, then link it."))
            item._bind_contact(item.partner_id)
            item._resolve(self.env._("Linked to %s.", item.partner_id.display_name))
        return True

    def action_create_partner(self):
        """Create a new partner for a contact instead of linking an existing one."""
        for item in self:
            if item.xero_type != "contacts":
                raise UserError(self.env._("Only a contact can become a new partner."))
            countries = {c.code: c.id for c in self.env["res.country"].search([])}
            partner = self.env["res.partner"].create({
                **pull_mappers.partner_values(item._checked_contact(), countries),
                "company_id": item.company_id.id,
            })
            item.partner_id = partner
            item._bind_contact(partner)
            item._resolve(self.env._("Created partner %s.", partner.display_name))
        return True

    def _checked_contact(self):
        contact = records.read_one("contacts", self.raw_data or {})
        if isinstance(contact, records.Unreadable):
            raise UserError(self.env._(
                "Xero sent this contact unreadable (%(field)s %(reason)s): fix it in Xero, the next "
                "sync brings it again.", field=contact.field, reason=contact.reason))
        return contact

    def _bind_contact(self, partner):
        binding = self.env["xero.contact"].search([
            ("connection_id", "=", self.connection_id.id), ("xero_id", "=", self.xero_id),
        ])
        contact = self._checked_contact()
        agreed = binding._agreed_vals(contact, partner)
        vals = {**pull_mappers.contact_binding(contact), **agreed, "partner_id": partner.id}
        if binding:
            binding.write(vals)
        else:
            self.env["xero.contact"].create({"connection_id": self.connection_id.id, **vals})

    # ------------------------------------------------------------------ fixing the cause
    def _lines(self):
        raw = self.raw_data if isinstance(self.raw_data, dict) else {}
        lines = raw.get("LineItems")
        return [line for line in lines if isinstance(line, dict)] if isinstance(lines, list) else []

    def _fix_targets(self):
        """The mapping rows (or contact records) this item waits for: a recordset, maybe empty."""
        self.ensure_one()
        conn, raw = self.connection_id, self.raw_data if isinstance(self.raw_data, dict) else {}
        domain = [("connection_id", "=", conn.id)]
        code = self.reason_code
        if code == "ambiguous_product":  # the products sharing the item's code: one keeps it
            return self.env["product.product"].search([
                ("default_code", "=ilike", _text(raw.get("Code"))),
                ("company_id", "in", (conn.company_id.id, False))]) if _text(raw.get("Code")) else \
                self.env["product.product"]
        if code == "unmapped_account":
            codes = {_text(line.get("AccountCode")) for line in self._lines()}
            account = raw.get("Account")
            if isinstance(account, dict):
                codes.add(_text(account.get("Code")))
            codes.discard("")
            return self.env["xero.account"].search(
                domain + [("code", "in", list(codes)), ("account_id", "=", False)])
        if code == "unmapped_bank_account":
            return self.env["xero.account"].search(
                domain + [("xero_id", "=", self.xero_id), ("journal_id", "=", False)])
        if code == "unmapped_tax":
            types = list({_text(line.get("TaxType")) for line in self._lines()} - {""})
            side = "purchase_tax_id" if raw.get("Type") in ("ACCPAY", "ACCPAYCREDIT") else "sale_tax_id"
            return self.env["xero.tax.rate"].search(
                domain + [("xero_id", "in", types), (side, "=", False)])
        if code == "unmapped_tracking":
            ids, names = set(), set()
            for line in self._lines():
                for ref in line.get("Tracking") or []:
                    if isinstance(ref, dict):
                        ids.add(_text(ref.get("TrackingOptionID")))
                        names.add((_text(ref.get("Name")).lower(), _text(ref.get("Option")).lower()))
            options = self.env["xero.tracking.option"].search(domain + [("analytic_account_id", "=", False)])
            return options.filtered(lambda o: o.xero_id in ids or (
                (o.category_id.name or "").lower(), (o.name or "").lower()) in names)
        if code == "unknown_contact":
            contact = raw.get("Contact")
            contact_id = _text(contact.get("ContactID")) if isinstance(contact, dict) else ""
            item = self.search(domain + [("xero_type", "=", "contacts"), ("xero_id", "=", contact_id),
                                         ("state", "=", "open")], limit=1)
            return item or self.env["xero.contact"].search(domain + [("xero_id", "=", contact_id)])
        if code == "ambiguous_partner":
            return self
        if code == "currency_inactive":
            return self.env["res.currency"].with_context(active_test=False).search(
                [("name", "=", _text(raw.get("CurrencyCode"))), ("active", "=", False)], limit=1)
        if code == "document_not_booked":
            doc = raw.get("Invoice") or raw.get("CreditNote")
            doc_id = _text(doc.get("InvoiceID") or doc.get("CreditNoteID")) if isinstance(doc, dict) else ""
            return self.search(domain + [("xero_type", "in", ("invoices", "credit_notes")),
                                         ("xero_id", "=", doc_id), ("state", "=", "open")], limit=1)
        return self.env["xero.pending.item"]

    def action_fix(self):
        """Open what this item waits for: the account, tax or tracking mapping row, or the
        contact to link. Once it is mapped, the next sync books the item and clears it.

        It looks in the item's company and opens there, whichever company the switcher shows
        (the firm's administrator works in the firm's own company)."""
        self.ensure_one()
        if self.reason_code == "no_matching_customer":
            return self.env["xero.customer.name"]._action_for(self)
        item = self.with_company(self.company_id)
        return for_companies(item._fix_action(), self.company_id, first_only=True)

    def _fix_action(self):
        targets = self._fix_targets()
        if not targets:
            raise UserError(self._nothing_to_fix())
        titles = {
            "xero.account": self.env._("Accounts"),
            "xero.tax.rate": self.env._("Tax Rates"),
            "xero.tracking.option": self.env._("Tracking Options"),
            "xero.contact": self.env._("Contacts"),
            "xero.pending.item": self.env._("Pending Items"),
            "res.currency": self.env._("Currencies"),
            "product.product": self.env._("Products"),
        }
        action = {
            "type": "ir.actions.act_window", "res_model": targets._name, "name": titles[targets._name],
            "target": "current", "context": {"create": False},
        }
        if targets._name == "res.currency":
            return {**action, "name": targets.name, "res_id": targets.id, "view_mode": "form",
                    "views": [(False, "form")]}
        if targets._name == "xero.pending.item":
            return {**action, "res_id": targets.id, "view_mode": "form", "views": [(False, "form")],
                    "name": targets.display_name}
        if self.reason_code == "unmapped_bank_account":
            action.update(name=self.env._("Bank Accounts"), views=[
                (self.env.ref("xero_connector.xero_bank_account_view_list").id, "list")])
            return {**action, "view_mode": "list", "domain": [("id", "in", targets.ids)]}
        return {**action, "view_mode": "list", "views": [(False, "list")], "domain": [("id", "in", targets.ids)]}

    def _nothing_to_fix(self):
        if self.reason_code == "unknown_contact":
            return self.env._(
                "This Xero contact has not come to Odoo yet: press Sync Now on the organisation; "
                "the contact is linked or waits here for you to choose its partner.")
        if self.reason_code == "unmapped_bank_account":
            return self.env._("This Xero bank account has a journal now: the item clears itself.")
        if self.reason_code in ("unmapped_account", "unmapped_tax", "unmapped_tracking"):
            return self.env._(
                "Nothing left to map for this item: the next sync books it (or press Sync Now on "
                "the organisation). If it still waits, refresh the organisation's lists.")
        if self.reason_code == "currency_inactive":
            return self.env._("The currency is active now: the next sync books this item.")
        if self.reason_code == "document_not_booked":
            return self.env._(
                "The paid document is not waiting here: the next sync books the payment once "
                "the document is in Odoo.")
        return self.env._("There is nothing to map for this item: %s", self.reason or "")
