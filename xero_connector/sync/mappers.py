"""Xero dict -> Odoo values. Pure functions: no Odoo imports, no database."""

import hashlib
import json
import re

from ..xero_client.utils import parse_xero_datetime

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


def xero_updated(item):
    """UpdatedDateUTC of a Xero record as a naive UTC datetime (Odoo's convention), or None."""
    value = item.get("UpdatedDateUTC")
    if not value:
        return None
    return parse_xero_datetime(value).replace(tzinfo=None)


def _status(item):
    status = (item.get("Status") or "ACTIVE").upper()
    return status if status in XERO_STATUSES else "ACTIVE"


def normalise_name(name):
    """Case, spacing and punctuation folded, for exact-name matching."""
    return re.sub(r"[^0-9a-z]+", " ", (name or "").lower()).strip()


def normalise_tax_number(number):
    return re.sub(r"[^0-9A-Za-z]", "", number or "").upper()


def account_binding(item):
    return {
        "xero_id": item["AccountID"],
        "code": item.get("Code") or False,
        "name": item.get("Name") or item.get("Code"),
        "account_type": item.get("Type") or False,
        "tax_type": item.get("TaxType") or False,
        "status": _status(item),
        "xero_updated": xero_updated(item),
    }


def odoo_account_values(binding_vals):
    """Values to create an Odoo account for an unmapped Xero account."""
    return {
        "code": binding_vals["code"],
        "name": binding_vals["name"],
        "account_type": ACCOUNT_TYPES.get(binding_vals.get("account_type"), "asset_current"),
    }


def tax_rate_binding(item):
    rate = item.get("EffectiveRate", item.get("DisplayTaxRate")) or 0.0
    return {
        "xero_id": item["TaxType"],
        "name": item.get("Name") or item["TaxType"],
        "rate": float(rate),
        "status": _status(item),
        "for_sales": bool(item.get("CanApplyToRevenue")),
        "for_purchases": bool(item.get("CanApplyToExpenses")),
    }


def tracking_category_binding(item):
    return {
        "xero_id": item["TrackingCategoryID"],
        "name": item.get("Name"),
        "status": _status(item),
    }


def tracking_option_binding(item):
    return {
        "xero_id": item["TrackingOptionID"],
        "name": item.get("Name"),
        "status": _status(item),
    }


def contact_binding(item):
    return {
        "xero_id": item["ContactID"],
        "name": item.get("Name") or "",
        "email": (item.get("EmailAddress") or "").strip().lower() or False,
        "tax_number": item.get("TaxNumber") or False,
        "status": _status(item),
        "xero_updated": xero_updated(item),
    }


def partner_values(item, country_ids=None):
    """res.partner values from a Xero contact. `country_ids` maps country codes to ids."""
    vals = {
        "name": item.get("Name") or item["ContactID"],
        "email": item.get("EmailAddress") or False,
        "vat": item.get("TaxNumber") or False,
        "is_company": True,
        "ref": item.get("AccountNumber") or False,
    }
    phones = item.get("Phones") or []
    default = next((p for p in phones if p.get("PhoneType") == "DEFAULT" and p.get("PhoneNumber")), None)
    if default:
        vals["phone"] = " ".join(
            filter(None, [default.get("PhoneCountryCode"), default.get("PhoneAreaCode"),
                          default.get("PhoneNumber")])
        )
    addresses = item.get("Addresses") or []
    street = next((a for a in addresses if a.get("AddressLine1")), None)
    if street:
        vals.update({
            "street": street.get("AddressLine1") or False,
            "street2": street.get("AddressLine2") or False,
            "city": street.get("City") or False,
            "zip": street.get("PostalCode") or False,
        })
        code = (street.get("Country") or "").upper()
        if country_ids and code in country_ids:
            vals["country_id"] = country_ids[code]
    return vals


def row(entity, item, id_key, label_key, outcome, detail=""):
    """One CSV row of the job's data file, quoted."""
    cells = [
        entity, item.get(id_key, ""), item.get(label_key) or "", item.get("Status") or "",
        str(xero_updated(item) or ""), outcome, detail,
    ]
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


def xero_date(value):
    """A Xero date (ISO 'DateString' or /Date(ms)/) -> date, or None."""
    if not value:
        return None
    return parse_xero_datetime(value).date()


def document_id(item):
    return item.get("InvoiceID") or item.get("CreditNoteID")


def document_number(item):
    return item.get("InvoiceNumber") or item.get("CreditNoteNumber") or ""


def document_values(item, resolve):
    """account.move values from a Xero invoice, bill or credit note.

    `resolve` answers partner(contact_id), currency(code), account(code),
    tax(tax_type, use), analytic(tracking) and raises Unmapped for what it cannot map.
    Raises Unmapped too, so the document is booked whole or not at all.
    """
    move_type = MOVE_TYPES[item["Type"]]
    use = "sale" if move_type.startswith("out_") else "purchase"
    inclusive = item.get("LineAmountTypes") == "Inclusive"
    lines = []
    for line in item.get("LineItems") or []:
        quantity = float(line.get("Quantity") or 1.0) or 1.0
        tax = resolve.tax(line.get("TaxType"), use) if line.get("TaxType") else None
        unit = float(line.get("UnitAmount") or 0.0)
        if line.get("UnitAmount") is None and line.get("LineAmount") is not None:
            unit = float(line["LineAmount"]) / quantity
        if inclusive and tax is not None and line.get("TaxAmount") is not None:
            unit = (float(line.get("LineAmount") or unit * quantity) - float(line["TaxAmount"])) / quantity
        vals = {
            "name": line.get("Description") or line.get("ItemCode") or "/",
            "quantity": quantity,
            "price_unit": unit,
            "discount": float(line.get("DiscountRate") or 0.0),
            "account_id": resolve.account(line.get("AccountCode")),
            "tax_ids": [(6, 0, [tax] if tax else [])],
        }
        distribution = resolve.analytic(line.get("Tracking") or [])
        if distribution:
            vals["analytic_distribution"] = distribution
        lines.append((0, 0, vals))
    values = {
        "move_type": move_type,
        "partner_id": resolve.partner((item.get("Contact") or {}).get("ContactID")),
        "currency_id": resolve.currency(item.get("CurrencyCode")),
        "invoice_date": xero_date(item.get("DateString") or item.get("Date")),
        "invoice_date_due": xero_date(item.get("DueDateString") or item.get("DueDate")),
        "ref": item.get("Reference") or (document_number(item) if use == "purchase" else False),
        "payment_reference": document_number(item) or False,
        "xero_number": document_number(item) or False,
        "xero_id": document_id(item),
        "xero_status": item.get("Status"),
        "xero_updated": xero_updated(item),
        "invoice_line_ids": lines,
    }
    rate = item.get("CurrencyRate")
    if rate:
        values["invoice_currency_rate"] = float(rate)
    return values


def content_hash(values):
    """A stable digest of mapped document values: tells a real change from a status or
    payment change, which must not rewrite (and unreconcile) the Odoo document."""
    keep = {k: v for k, v in values.items() if k not in ("xero_status", "xero_updated")}
    return hashlib.sha256(json.dumps(keep, sort_keys=True, default=str).encode()).hexdigest()[:32]


def target_state(item):
    status = item.get("Status")
    if status in POSTED:
        return "posted"
    if status in CANCELLED:
        return "cancel"
    return "draft"
