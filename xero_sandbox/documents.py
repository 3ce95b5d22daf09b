"""Xero's write rules, one function per record type: request element (+ the stored record
when updating) -> (record to store, validation messages). Nothing is stored here.

The returned record is complete Xero output JSON (totals, dates in both forms, line ids,
tracking ids), so GET returns exactly what a write produced.
"""

import unicodedata
from decimal import Decimal

from . import items as item_rules
from .books import as_date, date_fields, dec, money
from .store import new_id

STATUS_ERROR = "Invoice not of valid status for modification"
PAID_ERROR = "This document cannot be edited as it has a payment or credit note allocated to it."
DOC_TYPES = {"Invoices": ("ACCREC", "ACCPAY"), "CreditNotes": ("ACCRECCREDIT", "ACCPAYCREDIT")}
DOC_KEYS = {"Invoices": ("InvoiceID", "InvoiceNumber", "INV-"), "CreditNotes": ("CreditNoteID", "CreditNoteNumber",
                                                                               "CN-")}


def _copy(item, record, fields):
    for name in fields:
        if name in item:
            record[name] = item[name]


# ---------------------------------------------------------------------- contacts
CONTACT_FIELDS = ("Name", "FirstName", "LastName", "EmailAddress", "TaxNumber", "AccountNumber",
                  "ContactNumber", "ContactStatus", "IsCustomer", "IsSupplier", "DefaultCurrency",
                  "Addresses", "Phones", "Website", "CompanyNumber")


def save_contact(books, item, existing, stamp):
    record = dict(existing or {"ContactID": new_id(), "ContactStatus": "ACTIVE", "IsCustomer": False,
                                "IsSupplier": False, "Addresses": [], "Phones": [], "ContactGroups": [],
                                "HasAttachments": False, "HasValidationErrors": False})
    _copy(item, record, CONTACT_FIELDS)
    errors = []
    name = (record.get("Name") or "").strip()
    if not name:
        errors.append("The contact name must be specified.")
    elif record["ContactStatus"] == "ACTIVE" and any(
            c["Name"].lower() == name.lower() and c["ContactID"] != record["ContactID"]
            and c["ContactStatus"] == "ACTIVE" for c in books._load("Contacts")):
        errors.append(f"The contact name {name} is already assigned to another contact. "
                      "The contact name must be unique across all active contacts.")
    if record["ContactStatus"] not in ("ACTIVE", "ARCHIVED", "GDPRREQUEST"):
        errors.append(f"'{record['ContactStatus']}' is not a valid contact status.")
    record["UpdatedDateUTC"] = stamp
    return record, errors


def contact_ref(contact):
    return {"ContactID": contact["ContactID"], "Name": contact["Name"]}


# ---------------------------------------------------------------------- invoices & credit notes
def check_contact(books, item, record, errors, required):
    """The Contact of a document or order, as Xero checks it: named when required, existing."""
    if "Contact" in item or required:
        contact = books.contact(item.get("Contact"))
        if not item.get("Contact"):
            errors.append("A Contact must be specified for this type of transaction")
        elif not contact:
            errors.append("The contact specified could not be found" if item["Contact"].get("ContactID")
                          else f"The contact '{item['Contact'].get('Name')}' could not be found")
        else:
            record["Contact"] = contact_ref(contact)


def check_currency(books, item, record, errors):
    """The currency of a document or order: one the organisation has; its rate kept or given."""
    base = books.organisation["BaseCurrency"]
    currency = item.get("CurrencyCode") or record.get("CurrencyCode") or base
    if currency not in books.currencies():
        errors.append(f"Organisation is not subscribed to currency {currency}")
    record["CurrencyCode"] = currency
    record["CurrencyRate"] = float(item.get("CurrencyRate") or record.get("CurrencyRate") or 1.0) \
        if currency != base else 1.0


def _lines(books, items, amount_types, errors):
    lines, subtotal, total_tax = [], 0.0, 0.0
    for line in items or []:
        line_errors, account = books.line_errors(line)
        line_errors += item_rules.item_line_errors(books, line)
        errors.extend(m for m in line_errors if m not in errors)
        quantity = dec(line.get("Quantity", 1), default="0")
        discount = dec(line.get("DiscountRate"))
        if "UnitAmount" in line:
            unit = dec(line["UnitAmount"])
            amount = money(quantity * unit * (100 - discount) / 100)
        else:
            amount = money(dec(line.get("LineAmount")))
            unit = Decimal(repr(amount)) / quantity if quantity else Decimal(repr(amount))
        quantity, unit, discount = float(quantity), float(unit), float(discount)
        tax_type = line.get("TaxType") or (account or {}).get("TaxType")
        net, tax = books.tax_for(amount, tax_type, amount_types)
        subtotal, total_tax = subtotal + net, total_tax + tax
        out = {"LineItemID": line.get("LineItemID") or new_id(), "Description": line.get("Description", ""),
               "Quantity": quantity, "UnitAmount": round(unit, 4), "AccountCode": (account or {}).get("Code"),
               "AccountID": (account or {}).get("AccountID"), "TaxType": tax_type, "TaxAmount": tax,
               "LineAmount": amount, "Tracking": books.tracking_out(line.get("Tracking"))}
        if discount:
            out["DiscountRate"] = discount
        if line.get("ItemCode"):
            out["ItemCode"] = line["ItemCode"]
        lines.append({k: v for k, v in out.items() if v is not None})
    return lines, money(subtotal), money(total_tax)


def save_document(books, collection, item, existing, stamp):
    """An invoice/bill (Invoices) or credit note (CreditNotes)."""
    id_key, number_key, prefix = DOC_KEYS[collection]
    errors = []
    if existing:
        if existing["Status"] in ("PAID", "VOIDED", "DELETED"):
            return existing, [STATUS_ERROR]
        touches_money = any(k in item for k in ("LineItems", "CurrencyCode", "Contact", "Date"))
        if touches_money and (existing.get("Payments") or existing.get("Allocations")
                              or existing.get("CreditNotes")):
            return existing, [PAID_ERROR]
    record = dict(existing or {id_key: new_id(), "Status": "DRAFT", "LineAmountTypes": "Exclusive",
                               "HasAttachments": False, "HasErrors": False, "Payments": [],
                               "AmountPaid": 0.0, "AmountCredited": 0.0, "SentToContact": False,
                               "IsDiscounted": False})
    _copy(item, record, ("Type", "Reference", "LineAmountTypes", "Url"))
    if record.get("Type") not in DOC_TYPES[collection]:
        errors.append(f"'{record.get('Type') or ''}' is not a valid {collection[:-1]} type; use "
                      f"{' or '.join(DOC_TYPES[collection])}.")
    check_contact(books, item, record, errors, required=not existing)
    check_currency(books, item, record, errors)
    try:
        day = as_date(item.get("Date")) or as_date(record.get("Date"))
        due = as_date(item.get("DueDate")) or as_date(record.get("DueDate"))
    except ValueError as exc:
        return record, [f"'{exc}' is not a valid date."]
    if day is None and item.get("Status", "DRAFT") != "DRAFT":
        errors.append("Date must be specified.")
    record.update(date_fields(day))
    if due:
        record.update(date_fields(due, "Due"))
    errors.extend(books.lock_errors(day))
    if "LineItems" in item or not existing:
        lines, subtotal, tax = _lines(books, item.get("LineItems"), record["LineAmountTypes"], errors)
        record.update(LineItems=lines, SubTotal=subtotal, TotalTax=tax, Total=money(subtotal + tax))
    _set_number(books, collection, record, item, errors, number_key, prefix)
    errors.extend(_transition(record, existing, item.get("Status")))
    _balance(record, collection)
    record["UpdatedDateUTC"] = stamp
    return record, errors


def _set_number(books, collection, record, item, errors, key, prefix):
    if key in item:
        record[key] = item[key]
    if record.get("Type") not in ("ACCREC", "ACCRECCREDIT"):
        return
    numbers = books.numbers(collection, key)
    if not record.get(key):
        record[key] = f"{prefix}{numbers.highest(prefix) + 1:04d}"
    if numbers.taken(record["Type"], record[key], record[DOC_KEYS[collection][0]]):
        errors.append("Invoice # must be unique." if collection == "Invoices" else "Credit Note # must be unique.")


def _transition(record, existing, status):
    if not status:
        return []
    old = (existing or {}).get("Status", "DRAFT")
    allowed = {"DRAFT": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
               "SUBMITTED": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
               "AUTHORISED": {"AUTHORISED", "VOIDED"}}
    if status not in allowed.get(old, set()):
        return [STATUS_ERROR] if existing else [f"'{status}' is not a valid status for a new document."]
    record["Status"] = status
    return []


def _balance(record, collection):
    total = record.get("Total", 0.0)
    if collection == "Invoices":
        paid = money(sum(p["Amount"] for p in record.get("Payments") or []))
        credited = money(sum(c.get("AppliedAmount", 0.0) for c in record.get("CreditNotes") or []))
        record.update(AmountPaid=paid, AmountCredited=credited, AmountDue=money(total - paid - credited))
        if record["Status"] == "AUTHORISED" and record["AmountDue"] <= 0 and total > 0:
            record["Status"] = "PAID"
    else:
        allocated = money(sum(a["Amount"] for a in record.get("Allocations") or []))
        paid = money(sum(p["Amount"] for p in record.get("Payments") or []))
        record["RemainingCredit"] = money(total - allocated - paid)
        if record["Status"] == "AUTHORISED" and record["RemainingCredit"] <= 0 and total > 0:
            record["Status"] = "PAID"


def rebalance(record, collection, stamp, paid_on=None):
    """Recompute amounts after a payment/allocation changed; PAID (or back) as Xero does."""
    if record["Status"] == "PAID":
        record["Status"] = "AUTHORISED"
    _balance(record, collection)
    if record["Status"] == "PAID" and paid_on:
        record.update(date_fields(paid_on, "FullyPaidOn"))
        record.pop("FullyPaidOnDateString", None)
    else:
        record.pop("FullyPaidOnDate", None)
        record.pop("FullyPaidOnDateString", None)
    record["UpdatedDateUTC"] = stamp
    return record


# ---------------------------------------------------------------------- manual journals
def save_manual_journal(books, item, existing, stamp):
    if existing and existing["Status"] not in ("DRAFT", "POSTED"):
        return existing, ["This manual journal cannot be modified."]
    record = dict(existing or {"ManualJournalID": new_id(), "Status": "DRAFT", "LineAmountTypes": "NoTax",
                               "ShowOnCashBasisReports": True, "HasAttachments": False})
    _copy(item, record, ("Narration", "LineAmountTypes", "ShowOnCashBasisReports", "Url"))
    errors = []
    if not (record.get("Narration") or "").strip():
        errors.append("Narration cannot be empty.")
    try:
        day = as_date(item.get("Date")) or as_date(record.get("Date"))
    except ValueError as exc:
        return record, [f"'{exc}' is not a valid date."]
    if day is None:
        errors.append("Date must be specified.")
    record.update(date_fields(day))
    errors.extend(books.lock_errors(day))
    if "JournalLines" in item or not existing:
        lines, debits, credits = [], 0.0, 0.0
        for line in item.get("JournalLines") or []:
            line_errors, account = books.line_errors(line)
            errors.extend(m for m in line_errors if m not in errors)
            amount = money(line.get("LineAmount"))
            tax_type = line.get("TaxType") or (account or {}).get("TaxType") or "NONE"
            net, tax = books.tax_for(amount, tax_type, record["LineAmountTypes"])
            gross = money(net + tax)
            debits, credits = (debits + gross, credits) if gross > 0 else (debits, credits + gross)
            lines.append({k: v for k, v in {
                "LineAmount": amount, "AccountCode": (account or {}).get("Code") or line.get("AccountCode"),
                "AccountID": (account or {}).get("AccountID"), "Description": line.get("Description", ""),
                "TaxType": tax_type, "TaxAmount": tax, "Tracking": books.tracking_out(line.get("Tracking")),
                "IsBlank": False}.items() if v is not None})
        if len([line for line in lines if line["LineAmount"]]) < 2:
            errors.append("Journal must have at least two lines with a non-zero amount.")
        if money(debits + credits) != 0:
            errors.append(f"The total debits ({debits:.2f}) must equal total credits ({credits:.2f})")
        record["JournalLines"] = lines
    status = item.get("Status")
    if status:
        old = (existing or {}).get("Status", "DRAFT")
        allowed = {"DRAFT": {"DRAFT", "POSTED", "DELETED"}, "POSTED": {"POSTED", "VOIDED"}}[old]
        if status not in allowed:
            errors.append(f"A manual journal cannot go from {old} to {status}.")
        else:
            record["Status"] = status
    record["UpdatedDateUTC"] = stamp
    return record, errors


# ---------------------------------------------------------------------- accounts
ACCOUNT_CLASSES = {
    "BANK": "ASSET", "CURRENT": "ASSET", "FIXED": "ASSET", "INVENTORY": "ASSET", "NONCURRENT": "ASSET",
    "PREPAYMENT": "ASSET", "CURRLIAB": "LIABILITY", "LIABILITY": "LIABILITY", "TERMLIAB": "LIABILITY",
    "EQUITY": "EQUITY", "DEPRECIATN": "EXPENSE", "DIRECTCOSTS": "EXPENSE", "EXPENSE": "EXPENSE",
    "OVERHEADS": "EXPENSE", "OTHERINCOME": "REVENUE", "REVENUE": "REVENUE", "SALES": "REVENUE",
}


def save_account(books, item, existing, stamp):
    record = dict(existing or {"AccountID": new_id(), "Status": "ACTIVE", "Description": "",
                               "EnablePaymentsToAccount": False, "ShowInExpenseClaims": False,
                               "HasAttachments": False, "AddToWatchlist": False})
    _copy(item, record, ("Code", "Name", "Type", "TaxType", "Description", "Status", "BankAccountNumber",
                         "CurrencyCode", "EnablePaymentsToAccount"))
    errors = []
    if not str(record.get("Name") or "").strip():
        errors.append("Please enter a Name.")
    if record.get("Type") not in ACCOUNT_CLASSES:
        errors.append(f"'{record.get('Type')}' is not a valid account type.")
    else:
        record["Class"] = ACCOUNT_CLASSES[record["Type"]]
    others = [a for a in books._load("Accounts") if a["AccountID"] != record["AccountID"]]
    if record.get("Code") and any(a.get("Code") == record["Code"] for a in others):
        errors.append("Please enter a unique Code.")
    if any(str(a.get("Name") or "").lower() == str(record.get("Name") or "").lower() for a in others):
        errors.append("Please enter a unique Name.")
    if record["Status"] not in ("ACTIVE", "ARCHIVED"):
        errors.append(f"'{record['Status']}' is not a valid account status.")
    record["UpdatedDateUTC"] = stamp
    return record, errors


# ---------------------------------------------------------------------------- attachments
ATTACHMENT_LIMIT, ATTACHMENT_BYTES = 10, 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    "7z": "application/x-7z-compressed", "bmp": "image/bmp", "csv": "text/csv", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "eml": "message/rfc822",
    "gif": "image/gif", "jpeg": "image/jpeg", "jpg": "image/jpeg", "keynote": "application/x-iwork-keynote-sffkey",
    "msg": "application/vnd.ms-outlook", "numbers": "application/x-iwork-numbers-sffnumbers",
    "odf": "application/vnd.oasis.opendocument.formula", "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odt": "application/vnd.oasis.opendocument.text", "pages": "application/x-iwork-pages-sffpages",
    "pdf": "application/pdf", "png": "image/png", "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "rar": "application/vnd.rar", "rtf": "application/rtf", "tif": "image/tiff", "tiff": "image/tiff",
    "txt": "text/plain", "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip": "application/zip",
}


def mime_type(name):
    return ATTACHMENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def attachment_problem(name, size, count, replacing, method):
    """(status, Xero's words) when Xero would refuse the file, else None."""
    if not name.strip() or any(unicodedata.category(c) in ("Cc", "Cs") for c in name):
        return 400, "The file name is not valid: it is empty or has control characters."
    if size > ATTACHMENT_BYTES:
        return 413, "The file is too large. The maximum size of an attachment is 10 MB."
    if not size:
        return 400, "The file is empty."
    if "." not in name or name.rsplit(".", 1)[-1].lower() not in ATTACHMENT_TYPES:
        return 400, f"The file type of '{name}' is not supported."
    if method == "PUT" and replacing:
        return 400, f"An attachment named '{name}' already exists."
    if not replacing and count >= ATTACHMENT_LIMIT:
        return 400, "A maximum of 10 attachments is allowed per document."
    return None
