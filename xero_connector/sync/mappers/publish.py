"""Odoo values -> Xero dicts for publishing (the reverse of pull.py). Pure: no Odoo, no
database, nothing but the standard library, so it is tested without Odoo.

The Odoo side reads a document into a plain dict (`doc`, see `document_payload`) and the
connection's mappings into `ctx`; this module builds the Xero invoice / credit note, says in
plain words why a document cannot go (`Unpublishable`), computes the totals Xero will compute
(per line, cents rounded half up) and compares Xero's reply with Odoo's figures.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import parse_qs, urlsplit

CENT = Decimal("0.01")
XERO_TYPES = {
    "out_invoice": ("Invoices", "ACCREC"),
    "in_invoice": ("Invoices", "ACCPAY"),
    "out_refund": ("CreditNotes", "ACCRECCREDIT"),
    "in_refund": ("CreditNotes", "ACCPAYCREDIT"),
}
ID_KEYS = {"Invoices": "InvoiceID", "CreditNotes": "CreditNoteID"}
NUMBER_KEYS = {"Invoices": "InvoiceNumber", "CreditNotes": "CreditNoteNumber"}
# the tax type of a line without tax, per organisation country (Xero's "BAS Excluded", "No VAT")
NO_TAX_TYPES = {"AU": "BASEXCLUDED", "NZ": "NONE", "GB": "NONE", "UK": "NONE"}
DIRECTIONS = ("pull", "publish", "both")
DOCUMENT_KINDS = {"out_invoice": "sales", "out_refund": "sales", "in_invoice": "purchases", "in_refund": "purchases"}


class Unpublishable(Exception):
    """Xero would refuse the document, and Odoo already knows why (plain words)."""

    def __init__(self, reasons):
        self.reasons = sorted(set(reasons))
        super().__init__("; ".join(self.reasons))
        self.message = str(self)


def money(value):
    """Cents, rounded half away from zero, as Xero and Odoo round (a Decimal exactly)."""
    if isinstance(value, Decimal):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    return Decimal(repr(float(value or 0.0))).quantize(CENT, rounding=ROUND_HALF_UP)


def publishes(direction):
    return direction in ("publish", "both")


def pulls(direction):
    return direction in ("pull", "both", None, False)


def collection_of(move_type):
    return XERO_TYPES[move_type][0]


def normalise_tax_number(number):
    return re.sub(r"[^0-9A-Za-z]", "", number or "").upper()


def normalise_name(name):
    """Xero keeps contact names unique ignoring case and surrounding spaces."""
    return " ".join((name or "").split()).lower()


# ---------------------------------------------------------------------------- contacts
def contact_payload(partner, contact_id=None):
    """A Xero contact from a partner dict (name, email, vat, phone, street, street2, city,
    zip, country_code)."""
    contact = {"Name": " ".join((partner.get("name") or "").split())[:255]}
    if contact_id:
        contact["ContactID"] = contact_id
    if partner.get("email"):
        contact["EmailAddress"] = partner["email"].strip()[:255]
    if partner.get("vat"):
        contact["TaxNumber"] = partner["vat"].strip()[:50]
    if partner.get("phone"):
        contact["Phones"] = [{"PhoneType": "DEFAULT", "PhoneNumber": partner["phone"][:50]}]
    if partner.get("street") or partner.get("city"):
        address = {"AddressType": "POBOX"}
        for key, xero in (("street", "AddressLine1"), ("street2", "AddressLine2"), ("city", "City"),
                          ("zip", "PostalCode"), ("country_code", "Country")):
            if partner.get(key):
                address[xero] = partner[key]
        contact["Addresses"] = [address]
    return contact


def _quote(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def contact_where(partners):
    """One Xero `where` finding every existing contact that could be one of these partners:
    by tax number, e-mail or name (the rules `match_contact` then applies in order)."""
    terms = []
    for partner in partners:
        if partner.get("vat"):  # as typed, and without spaces or punctuation
            terms.append(f"TaxNumber=={_quote(partner['vat'].strip())}")
            terms.append(f"TaxNumber=={_quote(normalise_tax_number(partner['vat']))}")
        if partner.get("email"):
            terms.append(f"EmailAddress=={_quote(partner['email'].strip())}")
        if partner.get("name"):
            terms.append(f"Name=={_quote(' '.join(partner['name'].split()))}")
    return " OR ".join(dict.fromkeys(terms))


def match_contact(partner, contacts):
    """The Xero contact (a checked records.Contact) a partner already is: by tax number, then
    e-mail, then exact name. -> (contact, rule) or (None, None). Active contacts first."""
    ordered = sorted(contacts, key=lambda c: c.contact_status != "ACTIVE")
    number = normalise_tax_number(partner.get("vat"))
    email = (partner.get("email") or "").strip().lower()
    name = normalise_name(partner.get("name"))
    rules = (
        ("tax number", lambda c: number and normalise_tax_number(c.tax_number) == number),
        ("e-mail", lambda c: email and (c.email_address or "").lower() == email),
        ("name", lambda c: name and normalise_name(c.name) == name),
    )
    for rule, test in rules:
        found = next((c for c in ordered if test(c)), None)
        if found:
            return found, rule
    return None, None


def duplicate_name(messages):
    """Xero's refusal of a second contact with the same name."""
    return any("is already assigned to another contact" in (m or "") for m in messages)


# ---------------------------------------------------------------------------- documents
def line_amount_types(doc, ctx):
    """Exclusive or Inclusive, as Odoo computed the document's taxes; mixed is refused."""
    included = {bool(ctx["taxes"].get(t, {}).get("price_include")) for ln in doc["lines"] for t in ln["tax_ids"]}
    if len(included) > 1:
        raise Unpublishable(["it mixes prices with tax included and prices without: Xero needs one "
                             "or the other for the whole document"])
    return "Inclusive" if included == {True} else "Exclusive"


def _tracking(line, ctx, reasons):
    distribution = line.get("analytic_distribution") or {}
    tracking = []
    for key, percent in distribution.items():
        ids = [int(i) for i in str(key).split(",")]
        if float(percent) != 100.0:
            reasons.append("a line is split between analytic accounts: Xero tracks a whole line only")
            continue
        for analytic_id in ids:
            option = ctx["tracking"].get(analytic_id)
            if not option:
                name = ctx.get("analytic_names", {}).get(analytic_id, analytic_id)
                reasons.append(f"analytic account {name} has no Xero tracking option mapped")
                continue
            tracking.append({"Name": option[0], "Option": option[1]})
    if len({t["Name"] for t in tracking}) < len(tracking) or len(tracking) > 2:
        reasons.append("a line has more than one option of a tracking category, or more than two "
                       "categories: Xero allows one option of at most two categories per line")
    return tracking


def line_item_code(line, ctx):
    """A line's ItemCode: the code of its product's item in the organisation, or None.

    line: {"product_id": id, ...}; ctx: {"item_codes": {product id: item code}} (the
    organisation's item links). Invoice, bill and order lines alike (the bridge addons call it)."""
    product_id = line.get("product_id")
    return (ctx.get("item_codes") or {}).get(product_id) if product_id else None


def _line(line, doc, ctx, reasons):
    account = ctx["accounts"].get(line["account_id"])
    if not account:
        name = ctx.get("account_names", {}).get(line["account_id"], line["account_id"])
        reasons.append(f"the Odoo account {name} has no Xero account — map it")
    if len(line["tax_ids"]) > 1:
        reasons.append("a line has more than one tax: Xero allows one tax per line")
    tax_type = ctx.get("no_tax_type") or "NONE"
    if line["tax_ids"]:
        tax = ctx["taxes"].get(line["tax_ids"][0]) or {}
        tax_type = tax.get("tax_type")
        if not tax_type and tax.get("choices"):  # one Odoo tax, several Xero rates: never a guess
            reasons.append(f"tax {tax.get('name') or line['tax_ids'][0]} stands for several Xero tax rates "
                           f"({', '.join(tax['choices'])}): choose the one to send in Xero > Mappings > Tax Rates")
        elif not tax_type:
            reasons.append(f"tax {tax.get('name') or line['tax_ids'][0]} has no Xero tax rate mapped")
    out = {
        "Description": (line.get("name") or doc.get("name") or "/")[:4000],
        "Quantity": float(line["quantity"]),
        "UnitAmount": round(float(line["price_unit"]), 4),
        "AccountCode": account,
        "TaxType": tax_type,
    }
    code = line_item_code(line, ctx)
    if code:
        out["ItemCode"] = code
    if line.get("discount"):
        out["DiscountRate"] = round(float(line["discount"]), 4)
    tracking = _tracking(line, ctx, reasons)
    if tracking:
        out["Tracking"] = tracking
    return out


def _checked_lines(doc, ctx):
    """(LineAmountTypes, Xero lines) of a document or order; raises Unpublishable with every
    reason Xero would refuse it for."""
    reasons = []
    if doc["currency"] != ctx["base_currency"] and doc["currency"] not in ctx.get("currencies", ()):
        reasons.append(f"the currency {doc['currency']} is not added to the Xero organisation")
    if not doc.get("contact_id"):
        reasons.append("the partner is not a Xero contact yet")
    if not doc["lines"]:
        reasons.append("it has no lines")
    try:
        amount_types = line_amount_types(doc, ctx)
    except Unpublishable as exc:
        reasons.extend(exc.reasons)
        amount_types = "Exclusive"
    lines = [_line(line, doc, ctx, reasons) for line in doc["lines"]]
    if reasons:
        raise Unpublishable(reasons)
    return amount_types, lines


def document_payload(doc, ctx):
    """The Xero invoice or credit note of an Odoo document; raises Unpublishable.

    doc: move_type, name, ref, payment_reference, date, due_date (ISO strings), currency,
    rate (units of document currency per company currency, Odoo's and Xero's sense), contact_id,
    token, url, lines: [{name, quantity, price_unit, discount, account_id, tax_ids,
    analytic_distribution, product_id}].
    ctx: accounts {account id: code}, taxes {tax id: {tax_type, price_include, name, choices}}
    (tax_type None and choices the Xero rates' names while nobody chose which one is sent),
    tracking {analytic id: (category, option)}, item_codes {product id: item code},
    base_currency, currencies (enabled codes),
    status ("AUTHORISED" or "DRAFT"), no_tax_type; account_names / analytic_names for messages.
    """
    collection, xero_type = XERO_TYPES[doc["move_type"]]
    amount_types, lines = _checked_lines(doc, ctx)
    sales = xero_type in ("ACCREC", "ACCRECCREDIT")
    number = doc["name"] if sales else (doc.get("ref") or doc["name"])
    payload = {
        "Type": xero_type,
        "Contact": {"ContactID": doc["contact_id"]},
        NUMBER_KEYS[collection]: number[:255],
        "Date": doc["date"],
        "CurrencyCode": doc["currency"],
        "LineAmountTypes": amount_types,
        "Status": ctx.get("status") or "AUTHORISED",
        "LineItems": lines,
    }
    if doc["currency"] != ctx["base_currency"] and doc.get("rate"):
        payload["CurrencyRate"] = round(float(doc["rate"]), 6)
    reference = (doc.get("ref") if sales else doc.get("payment_reference")) or ""
    if reference == number:
        reference = ""
    if collection == "Invoices":
        if doc.get("due_date"):
            payload["DueDate"] = doc["due_date"]
        if reference:
            payload["Reference"] = reference[:255]
        payload["Url"] = doc["url"]  # carries the token: "Go to Odoo" in Xero
    else:
        # Xero keeps no link on credit notes: the token rides at the end of the reference
        payload["Reference"] = f"{reference[:200]} [{doc['token']}]".strip()
    return payload


def publish_url(base, move_id, token):
    """A published document's link back to Odoo ("Go to Odoo" in Xero): it carries the token."""
    return f"{base}/odoo/account.move/{move_id}?xero={token}"


def url_token(url):
    """The token a link written by `publish_url` carries (its `xero` parameter), or None."""
    values = parse_qs(urlsplit(url or "").query).get("xero")
    return values[-1] if values else None


def ends_with_token(text, token):
    """Does a reference or narration end with this token, bracketed, as this module writes it?
    Exact: odoo:x:1 is not odoo:x:10, and a token quoted earlier in the text does not count."""
    token = token if token.startswith("[") else f"[{token}]"
    return (text or "").rstrip().endswith(token)


def token_of(url, reference, token):
    """Does a Xero document with this link and reference carry this token (sent by this Odoo
    document)? The whole token, where it was written (an invoice's link, else the end of a credit
    note's reference; an invoice's reference is the user's): never the start of a longer one."""
    carried = url_token(url)
    return carried == token if carried else ends_with_token(reference, token)


def supplier_credit_fingerprint(doc):
    """What Xero keeps of a supplier credit note that tells it apart (Xero keeps a credit note's
    Reference, where the token rides, for customer credit notes only). doc: contact_id, number
    (as sent), date (ISO), total, currency."""
    return (doc.get("contact_id") or "", (doc.get("number") or "")[:255], str(doc.get("date") or "")[:10],
            Decimal(str(doc.get("total") or 0)).quantize(CENT), doc.get("currency") or "")


def same_supplier_credit(fingerprint, checked):
    """Is this Xero credit note (records package) the supplier credit note of `fingerprint`?"""
    if checked.type != "ACCPAYCREDIT" or checked.total is None:
        return False
    date = checked.document_date
    return fingerprint == (checked.contact.contact_id or "", checked.credit_note_number or "",
                           date.isoformat() if date else "", Decimal(checked.total).quantize(CENT),
                           checked.currency_code or "")


def journal_narration(name, ref, token):
    """A manual journal's narration: the entry's name and reference, then its token, kept whole
    at the end (Xero keeps 500 characters)."""
    text = " ".join(f"{name or ''} {ref or ''}".split())
    return f"{text[:500 - len(token) - 1]} {token}".strip()


# ---------------------------------------------------------------------------- orders
ORDER_KEYS = {  # collection -> (ID key, number key, date key of the second date)
    "PurchaseOrders": ("PurchaseOrderID", "PurchaseOrderNumber", "DeliveryDate"),
    "Quotes": ("QuoteID", "QuoteNumber", "ExpiryDate"),
}
# Xero's statuses of orders: those a new one may have, and where each may go next
ORDER_NEW = {"PurchaseOrders": ("DRAFT", "SUBMITTED", "AUTHORISED"), "Quotes": ("DRAFT", "SENT")}
ORDER_NEXT = {
    "PurchaseOrders": {
        "DRAFT": ("SUBMITTED", "AUTHORISED", "DELETED"), "SUBMITTED": ("DRAFT", "AUTHORISED", "DELETED"),
        "AUTHORISED": ("SUBMITTED", "BILLED", "DELETED"), "BILLED": ("AUTHORISED",), "DELETED": (),
    },
    "Quotes": {
        "DRAFT": ("SENT", "DELETED"), "SENT": ("DRAFT", "ACCEPTED", "DECLINED", "DELETED"),
        "ACCEPTED": ("SENT", "INVOICED", "DELETED"), "DECLINED": ("SENT", "DELETED"), "INVOICED": ("ACCEPTED",),
        "DELETED": (),
    },
}


def next_status(collection, current, wanted):
    """The status to send next so that an order at `current` (None: not in Xero yet) reaches
    `wanted` by Xero's allowed steps (e.g. a quote accepted in Odoo goes to Xero SENT, then
    ACCEPTED); None when there is nothing to send or no way there."""
    if not wanted or current == wanted:
        return None
    graph = ORDER_NEXT[collection]
    starts = ORDER_NEW[collection] if current is None else graph.get(current, ())
    paths = [[s] for s in starts]
    seen = set(starts)
    while paths:
        path = paths.pop(0)
        if path[-1] == wanted:
            return path[0]
        for step in graph.get(path[-1], ()):
            if step not in seen:
                seen.add(step)
                paths.append([*path, step])
    return None


def order_payload(doc, ctx):
    """The Xero purchase order or quote of an Odoo order; raises Unpublishable.

    doc: collection ("PurchaseOrders" or "Quotes"), name, ref, date, second_date (delivery or
    expiry, ISO or None), currency, rate, contact_id, token, status (Xero's, to send), xero_id
    (when Xero has it), lines as document_payload's. ctx: as document_payload's.
    Xero keeps no link to Odoo on orders: the token rides at the end of the reference, as on
    credit notes. A quote's line amount types are upper case in Xero's file.
    """
    collection = doc["collection"]
    id_key, number_key, second_key = ORDER_KEYS[collection]
    amount_types, lines = _checked_lines(doc, ctx)
    payload = {
        "Contact": {"ContactID": doc["contact_id"]},
        number_key: doc["name"][:255],
        "Date": doc["date"],
        "CurrencyCode": doc["currency"],
        "LineAmountTypes": amount_types.upper() if collection == "Quotes" else amount_types,
        "LineItems": lines,
        "Reference": f"{(doc.get('ref') or '')[:200]} [{doc['token']}]".strip(),
    }
    if doc.get("status"):
        payload["Status"] = doc["status"]
    if doc.get("second_date"):
        payload[second_key] = doc["second_date"]
    if doc["currency"] != ctx["base_currency"] and doc.get("rate"):
        payload["CurrencyRate"] = round(float(doc["rate"]), 6)
    if doc.get("xero_id"):
        payload[id_key] = doc["xero_id"]
    return payload


def order_status_payload(collection, xero_id, status):
    """A change of status alone (a purchase order's; Xero validates a quote whole)."""
    return {ORDER_KEYS[collection][0]: xero_id, "Status": status}


# ---------------------------------------------------------------------------- totals
def xero_line_totals(line, rate, amount_types):
    """(line amount, net, tax) Xero computes for one line, `rate` in percent."""
    quantity = Decimal(repr(float(line.get("Quantity", 1.0))))
    unit = Decimal(repr(float(line.get("UnitAmount", 0.0))))
    discount = Decimal(repr(float(line.get("DiscountRate") or 0.0)))
    amount = (quantity * unit * (1 - discount / 100)).quantize(CENT, rounding=ROUND_HALF_UP)
    rate = Decimal(repr(float(rate or 0.0)))
    if amount_types == "Inclusive":
        tax = (amount * rate / (100 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)
        return amount, amount - tax, tax
    tax = (amount * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return amount, amount, tax


def xero_totals(payload, rates):
    """{SubTotal, TotalTax, Total} Xero computes for a payload; rates {tax type: percent}."""
    sub = tax = Decimal(0)
    for line in payload["LineItems"]:
        _amount, net, line_tax = xero_line_totals(line, rates.get(line.get("TaxType"), 0.0),
                                                  payload["LineAmountTypes"])
        sub, tax = sub + net, tax + line_tax
    return {"SubTotal": sub, "TotalTax": tax, "Total": sub + tax}


def compare_totals(odoo, doc):
    """Differences between Odoo's figures and Xero's reply (a checked records.Document), in
    plain words; [] when equal.

    odoo: {subtotal, tax, total, lines: [{description, amount, tax}]} where a line's amount
    is what Xero calls its line amount (tax included when the document is Inclusive).
    """
    differences = []
    for label, ours, theirs in (("sub-total", odoo["subtotal"], doc.sub_total), ("tax", odoo["tax"], doc.total_tax),
                                ("total", odoo["total"], doc.total)):
        if money(ours) != money(theirs):
            differences.append(f"{label}: Odoo {money(ours)}, Xero {money(theirs)}")
    if differences:
        for index, line in enumerate(odoo.get("lines") or []):
            theirs = doc.line_items[index] if index < len(doc.line_items) else None
            pairs = ((money(line["amount"]), money(theirs and theirs.line_amount)),
                     (money(line["tax"]), money(theirs and theirs.tax_amount)))
            if any(a != b for a, b in pairs):
                differences.append(
                    f"line {index + 1} ({line.get('description') or ''}): Odoo {pairs[0][0]} tax {pairs[1][0]}, "
                    f"Xero {pairs[0][1]} tax {pairs[1][1]}")
    return differences


# ---------------------------------------------------------------------------- attachments
ATTACHMENT_BYTES = 10 * 1024 * 1024  # Xero's limit per file
ATTACHMENT_TYPES = frozenset(
    "7z bmp csv doc docx eml gif jpeg jpg keynote msg numbers odf ods odt pages pdf png ppt pptx rar rtf "
    "tif tiff txt xls xlsx zip".split())


def attachment_name(name):
    """A file name Xero keeps as sent: no path separators, at most 255 characters, extension kept."""
    name = (name or "").replace("/", "_").replace("\\", "_").strip() or "document"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        return name[:255]
    return f"{stem[:254 - len(ext)]}.{ext}"


def attachment_problem(name, size):
    """Why Xero would refuse this file (plain words), or None."""
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        return f"Xero does not take .{ext or '(no extension)'} files ({name})."
    if not size:
        return f"The file {name} is empty."
    if size > ATTACHMENT_BYTES:
        return f"The file {name} is {size / 1024 / 1024:.1f} MB; Xero takes files up to 10 MB."
    return None
