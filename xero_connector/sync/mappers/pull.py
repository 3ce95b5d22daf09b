"""Checked Xero records (the records package) -> Odoo values. Pure functions: no Odoo, no database."""

import hashlib
import json
import re
from decimal import Decimal

from ..records import Unreadable

# Xero account Type -> Odoo account_type
ACCOUNT_TYPES = {
    "BANK": "asset_cash",
    "CURRENT": "asset_current",
    "CURRLIAB": "liability_current",
    "DEPRECIATN": "expense_depreciation",
    "DIRECTCOSTS": "expense_direct_cost",
    "EQUITY": "equity",
    "EXPENSE": "expense",
    "FIXED": "asset_fixed",
    "INVENTORY": "asset_current",
    "LIABILITY": "liability_non_current",
    "NONCURRENT": "asset_non_current",
    "OTHERINCOME": "income_other",
    "OVERHEADS": "expense",
    "PREPAYMENT": "asset_prepayments",
    "REVENUE": "income",
    "SALES": "income",
    "TERMLIAB": "liability_non_current",
}
XERO_STATUSES = {"ACTIVE", "ARCHIVED", "DELETED"}


def normalise_name(name):
    """Case, spacing and punctuation folded, for exact-name matching."""
    return re.sub(r"[^0-9a-z]+", " ", (name or "").lower()).strip()


def normalise_tax_number(number):
    return re.sub(r"[^0-9A-Za-z]", "", number or "").upper()


def _status(status):
    return status if status in XERO_STATUSES else "ACTIVE"


def account_binding(account):
    """xero.account values from a checked records.Account."""
    return {
        "xero_id": account.account_id,
        "code": account.code or False,
        "name": account.name or account.code or account.account_id,
        "account_type": account.type or False,
        "tax_type": account.tax_type or False,
        "system_account": account.system_account or False,
        "status": _status(account.status),
        "xero_updated": account.updated_date_utc,
        "currency_code": account.currency_code or False,
        "bank_account_number": account.bank_account_number or False,
    }


def odoo_account_values(binding_vals):
    """Values to create an Odoo account for an unmapped Xero account."""
    return {
        "code": binding_vals["code"],
        "name": binding_vals["name"],
        "account_type": ACCOUNT_TYPES.get(binding_vals.get("account_type"), "asset_current"),
    }


def tax_rate_binding(rate):
    value = rate.effective_rate if rate.effective_rate is not None else rate.display_tax_rate
    return {
        "xero_id": rate.tax_type,
        "name": rate.name or rate.tax_type,
        "rate": float(value or 0),
        "status": _status(rate.status),
        "for_sales": rate.can_apply_to_revenue,
        "for_purchases": rate.can_apply_to_expenses,
    }


def tracking_category_binding(category):
    return {"xero_id": category.tracking_category_id, "name": category.name,
            "status": _status(category.status)}


def tracking_option_binding(option):
    return {"xero_id": option.tracking_option_id, "name": option.name, "status": _status(option.status)}


def contact_binding(contact):
    return {
        "xero_id": contact.contact_id,
        "name": contact.name,
        "email": (contact.email_address or "").lower() or False,
        "tax_number": contact.tax_number or False,
        "status": _status(contact.contact_status),
        "xero_updated": contact.updated_date_utc,
    }


def partner_values(contact, country_ids=None):
    """res.partner values from a checked records.Contact; `country_ids` maps country codes to ids."""
    vals = {
        "name": contact.name,
        "email": contact.email_address or False,
        "vat": contact.tax_number or False,
        "is_company": True,
        "ref": contact.account_number or False,
    }
    default = next((p for p in contact.phones if p.phone_type == "DEFAULT" and p.phone_number), None)
    if default:
        vals["phone"] = " ".join(filter(None, [
            default.phone_country_code, default.phone_area_code, default.phone_number]))
    street = next((a for a in contact.addresses if a.address_line1), None)
    if street:
        vals.update({
            "street": street.address_line1,
            "street2": street.address_line2 or False,
            "city": street.city or False,
            "zip": street.postal_code or False,
        })
        code = (street.country or "").upper()
        if country_ids and code in country_ids:
            vals["country_id"] = country_ids[code]
    return vals


def row(entity, record, outcome, detail=""):
    """One CSV row of the job's data file, quoted. `record` is checked or records.Unreadable;
    an unreadable one keeps Xero's (cleaned) JSON in its eighth column. The ninth is the
    record's amount (a document's total, a payment's amount), empty when it has none."""
    if isinstance(record, Unreadable):
        cells = [entity, record.xero_id, record.label, "", "", outcome, detail,
                 json.dumps(record.raw, sort_keys=True, ensure_ascii=False), ""]
    else:
        label = getattr(record, "number", None) or getattr(record, "name", None) or getattr(
            record, "reference", None) or ""
        amount = getattr(record, "total", None)
        amount = getattr(record, "amount", None) if amount is None else amount
        cells = [entity, record.xero_id, label, getattr(record, "status", "") or "",
                 str(getattr(record, "updated_date_utc", None) or ""), outcome, detail, "",
                 "" if amount is None else amount]
    return csv_row(cells)


def csv_row(cells):
    """Cells -> one quoted CSV line of a job's data file."""
    return ",".join('"{}"'.format(str(c).replace('"', '""')) for c in cells) + "\n"


# ---------------------------------------------------------------------------- documents
MOVE_TYPES = {
    "ACCREC": "out_invoice",
    "ACCPAY": "in_invoice",
    "ACCRECCREDIT": "out_refund",
    "ACCPAYCREDIT": "in_refund",
}
POSTED = {"AUTHORISED", "PAID"}
DRAFT = {"DRAFT", "SUBMITTED"}
CANCELLED = {"VOIDED", "DELETED"}


class Unmapped(Exception):
    """A document cannot be booked until a person maps or fixes something."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def document_values(doc, resolve):
    """account.move values from a checked records.Document (invoice, bill or credit note).

    `resolve` answers partner(contact_id), currency(code), account(code), tax(tax_type, use),
    analytic(tracking), product(item code) -> id or None, and raises Unmapped for what it cannot
    map, so the document is booked whole or not at all.
    """
    move_type = MOVE_TYPES[doc.type]
    use = "sale" if move_type.startswith("out_") else "purchase"
    inclusive = doc.line_amount_types == "Inclusive"
    lines = []
    for line in doc.line_items:
        quantity = line.quantity or Decimal(1)
        tax = resolve.tax(line.tax_type, use) if line.tax_type else None
        unit = line.unit_amount or Decimal(0)
        if line.unit_amount is None and line.line_amount is not None:
            unit = line.line_amount / quantity
        if inclusive and tax is not None and line.tax_amount is not None:
            unit = ((line.line_amount if line.line_amount is not None else unit * quantity)
                    - line.tax_amount) / quantity
        vals = {
            "name": line.description or line.item_code or "/",
            "quantity": float(quantity),
            "price_unit": float(unit),
            "discount": float(line.discount_rate or 0),
            "account_id": resolve.account(line.account_code),
            "tax_ids": [(6, 0, [tax] if tax else [])],
        }
        product = resolve.product(line.item_code) if line.item_code else None
        if product:  # the line's item, when it is an Odoo product (an unknown code books the line alone)
            vals["product_id"] = product
        distribution = resolve.analytic(line.tracking)
        if distribution:
            vals["analytic_distribution"] = distribution
        lines.append((0, 0, vals))
    values = {
        "move_type": move_type,
        "partner_id": resolve.partner(doc.contact.contact_id),
        "currency_id": resolve.currency(doc.currency_code),
        "invoice_date": doc.document_date,
        "invoice_date_due": doc.document_due_date,
        "ref": doc.reference or (doc.number if use == "purchase" else False) or False,
        "payment_reference": doc.number or False,
        "xero_number": doc.number or False,
        "xero_id": doc.xero_id,
        "xero_status": doc.status,
        "xero_updated": doc.updated_date_utc,
        "invoice_line_ids": lines,
    }
    if doc.currency_rate:
        values["invoice_currency_rate"] = float(doc.currency_rate)
    return values


def content_hash(values):
    """A stable digest of mapped document values: tells a real change from a status or
    payment change, which must not rewrite (and unreconcile) the Odoo document."""
    keep = {k: v for k, v in values.items() if k not in ("xero_status", "xero_updated")}
    return hashlib.sha256(json.dumps(keep, sort_keys=True, default=str).encode()).hexdigest()[:32]


def target_state(doc):
    status = doc.status
    if status in POSTED:
        return "posted"
    if status in CANCELLED:
        return "cancel"
    return "draft"


# ---------------------------------------------------------------------------- manual journals
CENT = Decimal("0.01")


class Unbalanced(Exception):
    """A manual journal whose lines, as Odoo would book them, do not balance to the cent."""

    def __init__(self, debits, credits):
        super().__init__(f"debits {debits} and credits {credits} differ")
        self.debits, self.credits = debits, credits


def manual_journal_values(journal, resolve):
    """account.move values (a journal entry) from a checked records.ManualJournalEntry.

    Xero's sign: a positive LineAmount is a debit, a negative one a credit. A line carrying tax
    books its net amount to the line's account and its tax to the tax's account
    (resolve.tax_account(tax_type, debit)); Inclusive amounts hold the tax, others do not.
    `resolve` answers account(code), tax_account(tax_type, debit), analytic(tracking) and raises
    Unmapped for what it cannot map; lines that do not balance to the cent raise Unbalanced.
    Zero lines are left out (Xero keeps them, Odoo's books need none).
    """
    inclusive = journal.line_amount_types == "Inclusive"
    lines, debits, credits = [], Decimal(0), Decimal(0)
    for line in journal.journal_lines:
        gross = (line.line_amount or Decimal(0)).quantize(CENT)
        tax = (line.tax_amount or Decimal(0)).quantize(CENT)
        net = gross - tax if inclusive else gross
        name = line.description or journal.narration or "/"
        for amount, is_tax in ((net, False), (tax, True)):
            if not amount:
                continue
            vals = {
                "name": name,
                "debit": float(amount) if amount > 0 else 0.0,
                "credit": float(-amount) if amount < 0 else 0.0,
                "account_id": resolve.tax_account(line.tax_type, net >= 0) if is_tax else resolve.account(
                    line.account_code),
            }
            distribution = resolve.analytic(line.tracking) if not is_tax and line.tracking else None
            if distribution:
                vals["analytic_distribution"] = distribution
            lines.append((0, 0, vals))
            debits, credits = (debits + amount, credits) if amount > 0 else (debits, credits - amount)
    if debits != credits:
        raise Unbalanced(debits, credits)
    return {
        "move_type": "entry",
        "date": journal.journal_date,
        "ref": journal.narration or False,
        "xero_id": journal.xero_id,
        "xero_status": journal.status,
        "xero_updated": journal.updated_date_utc,
        "line_ids": lines,
    }
