"""Two-sided edits: what each side holds of a contact or a document, in the user's words, a
fingerprint of it, and the field-by-field comparison a person resolves. Pure: no Odoo, no
database.

Each side is read into a "side": a flat dict of plain strings (and, for a document, a list
of lines), normalised so that the same content on either side reads the same. A binding
remembers the fingerprint of each side as of the last sync; a side whose fingerprint differs
from it was edited since. Both edited, and different from each other: a conflict.
"""

import hashlib
import json
from decimal import Decimal, InvalidOperation

from .mappers import pull as pull_mappers

# the compared fields, in the order a person reads them (labels are given by the caller,
# translated)
CONTACT_FIELDS = ("name", "email", "phone", "street", "street2", "city", "zip", "country", "vat")
DOCUMENT_FIELDS = ("status", "reference", "date", "due_date", "total")


def _text(value):
    """A value as a person reads it: no surrounding or doubled spaces; nothing is ''."""
    if value is None or value is False:
        return ""
    return " ".join(str(value).split())


def number(value):
    """A quantity or price without trailing zeros: 3, 123.45 (exact, never a float's digits)."""
    if value is None or value is False or value == "":
        return ""
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return _text(value)
    amount = amount.quantize(Decimal("0.0001")).normalize()
    return format(amount, "f")


def money(value):
    if value is None or value is False or value == "":
        return ""
    return format(Decimal(str(value)).quantize(Decimal("0.01")), "f")


# ---------------------------------------------------------------------------- contacts
def partner_dict(partner):
    """The fields of an Odoo partner (any object with its attributes) that Xero keeps."""
    return {"name": partner.name, "email": partner.email, "vat": partner.vat, "phone": partner.phone,
            "street": partner.street, "street2": partner.street2, "city": partner.city, "zip": partner.zip,
            "country_code": partner.country_id.code}


def contact_side(partner):
    """A contact's compared fields from a partner dict (name, email, vat, phone, street,
    street2, city, zip, country_code), as Odoo holds it or as mapped from Xero."""
    return {
        "name": _text(partner.get("name")),
        "email": _text(partner.get("email")).lower(),
        "phone": _text(partner.get("phone")),
        "street": _text(partner.get("street")),
        "street2": _text(partner.get("street2")),
        "city": _text(partner.get("city")),
        "zip": _text(partner.get("zip")),
        "country": _text(partner.get("country_code")).upper(),
        "vat": _text(partner.get("vat")),
    }


def contact_side_xero(contact):
    """The same fields from a checked Xero contact (records.Contact), read as Odoo reads it
    when it pulls (pull_mappers.partner_values)."""
    vals = pull_mappers.partner_values(contact)
    address = next((a for a in contact.addresses if a.address_line1), None) or next(
        (a for a in contact.addresses if a.city or a.postal_code), None)
    if address:
        vals.update(street=address.address_line1, street2=address.address_line2, city=address.city,
                    zip=address.postal_code, country_code=address.country)
    return contact_side(vals)


# ---------------------------------------------------------------------------- documents
def document_side(values):
    """A document's compared fields from a dict: reference, date, due_date (ISO strings or
    dates), total, lines: [{description, quantity, unit_price, discount, account, tax}] where
    account and tax are names a person reads (the caller names both sides the same way); and
    status, if given, in words (posted, cancelled: the same words on both sides)."""
    side = {"status": _text(values["status"])} if "status" in values else {}
    return side | {
        "reference": _text(values.get("reference")),
        "date": _text(values.get("date")),
        "due_date": _text(values.get("due_date")),
        "total": money(values.get("total")),
        "lines": [{
            "description": _text(line.get("description")),
            "quantity": number(line.get("quantity")),
            "unit_price": number(line.get("unit_price")),
            "discount": number(line.get("discount") or 0),
            "account": _text(line.get("account")),
            "tax": _text(line.get("tax")),
        } for line in values.get("lines") or []],
    }


def line_text(line):
    """One line in a few words: "Consulting: 3 x 123.45 (less 10%), 200 Sales, GST 10%"."""
    if not line:
        return ""
    amount = f"{line['quantity']} x {line['unit_price']}"
    if line.get("discount") not in ("", "0"):
        amount += f" (less {line['discount']}%)"
    return ", ".join(filter(None, [f"{line['description']}: {amount}", line["account"], line["tax"]]))


# ---------------------------------------------------------------------------- comparing
def fingerprint(side):
    """A short digest of a side: equal sides, equal fingerprints."""
    return hashlib.sha256(json.dumps(side, sort_keys=True, default=str).encode()).hexdigest()[:32]


def diff(odoo, xero):
    """Rows of the comparison of two sides (both contacts or both documents), in reading
    order: [{"field": key, "line": n or None, "odoo": text, "xero": text, "differs": bool}].
    A document's lines are compared position by position ("line" counts from 1)."""
    keys = [k for k in (*CONTACT_FIELDS, *DOCUMENT_FIELDS) if k in odoo or k in xero]
    rows = []
    for key in keys:
        if key == "total":
            rows.extend(_line_rows(odoo.get("lines") or [], xero.get("lines") or []))
        ours, theirs = odoo.get(key, ""), xero.get(key, "")
        rows.append({"field": key, "line": None, "odoo": ours, "xero": theirs, "differs": ours != theirs})
    return rows


def _line_rows(ours, theirs):
    rows = []
    for index in range(max(len(ours), len(theirs))):
        mine = ours[index] if index < len(ours) else None
        other = theirs[index] if index < len(theirs) else None
        rows.append({"field": "line", "line": index + 1, "odoo": line_text(mine), "xero": line_text(other),
                     "differs": mine != other})
    return rows


def differing(rows):
    """The keys of the rows that differ ("line 2" for a line)."""
    return [f"line {r['line']}" if r["line"] else r["field"] for r in rows if r["differs"]]
