"""Xero's write rules for purchase orders and quotes: request element (+ the stored record when
updating) -> (record to store, validation messages), as documents.py does for invoices.

Purchase orders: DRAFT, SUBMITTED, AUTHORISED, BILLED, DELETED. A new one is created DRAFT,
SUBMITTED or AUTHORISED; approved, it may be billed or deleted; billed, it may go back to
approved (un-billed); deleted is final. A billed or deleted order's lines no longer change.

Quotes: DRAFT, SENT, DECLINED, ACCEPTED, INVOICED, DELETED. A quote needs a contact, a date and
lines on every write (Xero validates the whole quote, a status change included). A new one is
created DRAFT or SENT; then DRAFT -> SENT or DELETED; SENT -> ACCEPTED, DECLINED, DRAFT or
DELETED; ACCEPTED -> INVOICED, SENT or DELETED; DECLINED -> SENT or DELETED; INVOICED ->
ACCEPTED; deleted is final. Only a DRAFT or SENT quote's lines change. Its LineAmountTypes are
upper case (EXCLUSIVE, INCLUSIVE, NOTAX), as Xero's file says.
"""

import re
from decimal import Decimal

from .books import as_date, date_fields, dec, money
from .documents import _copy, check_contact, check_currency
from .store import new_id

PO_STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED", "BILLED", "DELETED")
PO_NEW = {"DRAFT", "SUBMITTED", "AUTHORISED"}
PO_NEXT = {
    "DRAFT": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
    "SUBMITTED": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
    "AUTHORISED": {"AUTHORISED", "SUBMITTED", "BILLED", "DELETED"},
    "BILLED": {"BILLED", "AUTHORISED"},
    "DELETED": set(),
}
QUOTE_STATUSES = ("DRAFT", "SENT", "DECLINED", "ACCEPTED", "INVOICED", "DELETED")
QUOTE_NEW = {"DRAFT", "SENT"}
QUOTE_NEXT = {
    "DRAFT": {"DRAFT", "SENT", "DELETED"},
    "SENT": {"SENT", "DRAFT", "ACCEPTED", "DECLINED", "DELETED"},
    "ACCEPTED": {"ACCEPTED", "SENT", "INVOICED", "DELETED"},
    "DECLINED": {"DECLINED", "SENT", "DELETED"},
    "INVOICED": {"INVOICED", "ACCEPTED"},
    "DELETED": set(),
}
QUOTE_AMOUNT_TYPES = {"EXCLUSIVE": "Exclusive", "INCLUSIVE": "Inclusive", "NOTAX": "NoTax"}


def _lines(books, items, amount_types, errors):
    """Order lines: an account is optional (Xero books nothing from an order)."""
    lines, subtotal, total_tax, discount_total = [], Decimal(0), Decimal(0), Decimal(0)
    for line in items or []:
        line_errors, account = books.line_errors(line, allow_no_account=True)
        errors.extend(m for m in line_errors if m not in errors)
        quantity = dec(line.get("Quantity", 1), default="0")
        unit = dec(line.get("UnitAmount"))
        discount = dec(line.get("DiscountRate"))
        gross = money(quantity * unit)
        amount = money(quantity * unit * (100 - discount) / 100)
        tax_type = line.get("TaxType") or (account or {}).get("TaxType")
        net, tax = books.tax_for(amount, tax_type, amount_types)
        subtotal, total_tax = subtotal + Decimal(repr(net)), total_tax + Decimal(repr(tax))
        discount_total += Decimal(repr(gross)) - Decimal(repr(amount))
        out = {"LineItemID": line.get("LineItemID") or new_id(), "Description": line.get("Description", ""),
               "Quantity": float(quantity), "UnitAmount": round(float(unit), 4),
               "AccountCode": (account or {}).get("Code"), "TaxType": tax_type, "TaxAmount": tax,
               "LineAmount": amount, "Tracking": books.tracking_out(line.get("Tracking"))}
        if discount:
            out["DiscountRate"] = float(discount)
        if line.get("ItemCode"):
            out["ItemCode"] = line["ItemCode"]
        lines.append({k: v for k, v in out.items() if v is not None})
    return lines, money(subtotal), money(total_tax), money(discount_total)


def _number(books, collection, key, prefix, record, item, errors):
    if item.get(key):
        record[key] = item[key]
    id_key = "PurchaseOrderID" if collection == "PurchaseOrders" else "QuoteID"
    others = [d for d in books._load(collection) if d[id_key] != record[id_key] and d.get("Status") != "DELETED"]
    if not record.get(key):
        pattern = re.escape(prefix) + r"(\d+)"
        numbers = [int(m.group(1)) for d in others if (m := re.fullmatch(pattern, d.get(key) or ""))]
        record[key] = f"{prefix}{max(numbers, default=0) + 1:04d}"
    elif any(d.get(key) == record[key] for d in others):
        errors.append(f"{'Purchase Order' if collection == 'PurchaseOrders' else 'Quote'} number "
                      f"{record[key]} must be unique.")


def _status(record, existing, status, new_ok, allowed, what):
    if not status:
        return []
    if not existing:
        if status not in new_ok:
            return [f"A new {what} cannot be created with the status {status}."]
    elif status not in allowed.get(existing["Status"], set()):
        return [f"The {what} status cannot be changed from {existing['Status']} to {status}."]
    record["Status"] = status
    return []


# ---------------------------------------------------------------------- purchase orders
def save_purchase_order(books, item, existing, stamp):
    errors = []
    if existing and existing["Status"] == "DELETED":
        return existing, ["This purchase order has been deleted and cannot be changed."]
    if existing and existing["Status"] == "BILLED" and "LineItems" in item:
        return existing, ["A billed purchase order's lines cannot be changed."]
    record = dict(existing or {"PurchaseOrderID": new_id(), "Status": "DRAFT", "LineAmountTypes": "Exclusive",
                               "HasAttachments": False, "SentToContact": False})
    _copy(item, record, ("Reference", "LineAmountTypes", "DeliveryAddress", "AttentionTo", "Telephone",
                         "DeliveryInstructions", "SentToContact"))
    if record["LineAmountTypes"] not in ("Exclusive", "Inclusive", "NoTax"):
        errors.append(f"'{record['LineAmountTypes']}' is not a valid LineAmountTypes value.")
        record["LineAmountTypes"] = "Exclusive"
    check_contact(books, item, record, errors, required=not existing)
    check_currency(books, item, record, errors)
    try:
        day = as_date(item.get("Date")) or as_date(record.get("Date"))
        delivery = as_date(item.get("DeliveryDate")) or as_date(record.get("DeliveryDate"))
    except ValueError as exc:
        return record, [f"'{exc}' is not a valid date."]
    if day is None:  # Xero: today, in the organisation's time zone
        day = as_date(stamp)
    record.update(date_fields(day))
    if delivery:
        record.update(date_fields(delivery, "Delivery"))
    if "LineItems" in item or not existing:
        if not item.get("LineItems"):
            errors.append("A purchase order must have at least one line item.")
        lines, subtotal, tax, discount = _lines(books, item.get("LineItems"), record["LineAmountTypes"], errors)
        record.update(LineItems=lines, SubTotal=subtotal, TotalTax=tax, Total=money(subtotal + tax),
                      TotalDiscount=discount)
    _number(books, "PurchaseOrders", "PurchaseOrderNumber", "PO-", record, item, errors)
    errors.extend(_status(record, existing, item.get("Status"), PO_NEW, PO_NEXT, "purchase order"))
    if record.get("SentToContact") and record["Status"] not in ("AUTHORISED", "BILLED"):
        errors.append("Only an approved or billed purchase order can be marked as sent.")
    record["UpdatedDateUTC"] = stamp
    return record, errors


# ---------------------------------------------------------------------- quotes
def save_quote(books, item, existing, stamp):
    errors = []
    if existing and existing["Status"] == "DELETED":
        return existing, ["This quote has been deleted and cannot be changed."]
    record = dict(existing or {"QuoteID": new_id(), "Status": "DRAFT", "LineAmountTypes": "EXCLUSIVE"})
    _copy(item, record, ("Reference", "Terms", "Title", "Summary"))
    if "LineAmountTypes" in item:
        record["LineAmountTypes"] = str(item["LineAmountTypes"]).upper()
    if record["LineAmountTypes"] not in QUOTE_AMOUNT_TYPES:
        errors.append(f"'{record['LineAmountTypes']}' is not a valid LineAmountTypes value.")
        record["LineAmountTypes"] = "EXCLUSIVE"
    check_contact(books, item, record, errors, required=True)
    check_currency(books, item, record, errors)
    try:
        day = as_date(item.get("Date"))
        expiry = as_date(item.get("ExpiryDate")) or as_date(record.get("ExpiryDate"))
    except ValueError as exc:
        return record, [f"'{exc}' is not a valid date."]
    if day is None:
        errors.append("Date must be specified.")
    else:
        record.update(date_fields(day))
    if expiry:
        record.update(date_fields(expiry, "Expiry"))
    if not item.get("LineItems"):
        errors.append("A quote must have at least one line item.")
    else:
        lines, subtotal, tax, discount = _lines(books, item["LineItems"],
                                                QUOTE_AMOUNT_TYPES[record["LineAmountTypes"]], errors)
        if existing and existing["Status"] not in ("DRAFT", "SENT") and (
                [(ln["Quantity"], ln["UnitAmount"], ln["LineAmount"]) for ln in lines]
                != [(ln["Quantity"], ln["UnitAmount"], ln["LineAmount"]) for ln in existing.get("LineItems", [])]):
            errors.append(f"The lines of a quote in status {existing['Status']} cannot be changed.")
        record.update(LineItems=lines, SubTotal=subtotal, TotalTax=tax, Total=money(subtotal + tax),
                      TotalDiscount=discount)
    _number(books, "Quotes", "QuoteNumber", "QU-", record, item, errors)
    errors.extend(_status(record, existing, item.get("Status"), QUOTE_NEW, QUOTE_NEXT, "quote"))
    record["UpdatedDateUTC"] = stamp
    return record, errors
