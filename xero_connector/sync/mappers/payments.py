"""Odoo payments and bank journals <-> Xero payments and bank accounts. Pure: no Odoo, no
database, nothing but the standard library, so it is tested without Odoo.

- `match_journal`: the Odoo bank or cash journal a Xero bank account is, by account number
  (digits only: Xero and banks write the same number with other spacing and dashes), then by
  name, then by the Odoo account the Xero account is mapped to.
- `payment_payload`: one Xero payment for the part of one Odoo payment reconciled with one
  published document; `Unsendable` reasons in plain words before anything is sent.
- `token_in`: the token a Xero payment carries at the end of its Reference.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from .publish import Unpublishable, money
from .pull import normalise_name

CENT = Decimal("0.01")
RATE = Decimal("0.000001")
REFERENCE_LIMIT = 255


class NotPayable(Unpublishable):
    """Xero would refuse the payment, and Odoo already knows why (plain words)."""


cents = money  # rounded half away from zero, as Xero and Odoo round


def account_digits(number):
    """A bank account number's digits: '06-2000 1234 5678' and '062000-12345678' are one account."""
    return re.sub(r"\D", "", number or "")


def match_journal(bank, journals, taken=()):
    """The journal a Xero bank account is -> (journal id or None, reason code).

    bank: {"number", "name", "account_id" (the Odoo account the Xero account is mapped to)}.
    journals: [{"id", "number", "name", "account_id"}] of the company's bank and cash journals.
    taken: ids of journals already mapped to another Xero bank account (offered only by number).
    Reason codes: "number", "name", "account", or None when nothing matched.
    """
    digits = account_digits(bank.get("number"))
    if len(digits) >= 4:
        same = [j for j in journals if account_digits(j.get("number")) == digits]
        if len(same) == 1:
            return same[0]["id"], "number"
    free = [j for j in journals if j["id"] not in set(taken)]
    name = normalise_name(bank.get("name"))
    if name:
        same = [j for j in free if normalise_name(j.get("name")) == name]
        if len(same) == 1:
            return same[0]["id"], "name"
    if bank.get("account_id"):
        same = [j for j in free if j.get("account_id") == bank["account_id"]]
        if len(same) == 1:
            return same[0]["id"], "account"
    return None, None


def reference(name, token):
    """The payment's Reference in Xero: its Odoo name, then the token (kept whole)."""
    room = REFERENCE_LIMIT - len(token) - 1
    return f"{(name or '')[:max(room, 0)]} {token}".strip()


def token_in(ref, token):
    """Does a Xero payment's Reference carry this token (at its end, as `reference` writes it)?"""
    return bool(ref) and (ref == token or ref.endswith(" " + token))


def payment_payload(pay, ctx):
    """One Xero payment (an element of {"Payments": [...]}) for the part of one Odoo payment
    reconciled with one document.

    pay: {"name", "token", "date" (ISO), "journal" (name), "bank_id" (Xero AccountID of the
    journal's bank account, or None), "collection" ("Invoices"/"CreditNotes"), "document_id"
    (Xero's ID of the document), "document" (its name), "amount" (reconciled, in the document's
    currency), "currency" (the document's), "payment_currency", "company_currency",
    "payment_rate" (payment currency per company currency unit), "company_amount" (the
    reconciled part in the payment's currency when it is not the document's), "remainder" (what
    is left of the payment unreconciled, in its currency)}.
    ctx: {"base_currency" (Xero's)}.
    """
    reasons = []
    if not pay.get("bank_id"):
        reasons.append(f"the journal {pay.get('journal')} is not mapped to a Xero bank account "
                       "(Xero > Mappings > Bank Accounts)")
    if cents(pay.get("remainder")) != 0:
        reasons.append(f"{cents(pay.get('remainder'))} {pay.get('payment_currency')} of it is reconciled with "
                       "no published document: Xero's overpayments and prepayments are not published")
    amount = cents(pay.get("amount"))
    if amount <= 0:
        reasons.append(f"nothing of it is reconciled with {pay.get('document')}")
    rate = None
    if pay.get("currency") != ctx.get("base_currency"):
        if pay.get("payment_currency") == pay.get("currency"):
            rate = Decimal(repr(float(pay.get("payment_rate") or 0)))
        elif pay.get("payment_currency") == pay.get("company_currency") and cents(pay.get("company_amount")):
            rate = Decimal(repr(float(pay.get("amount")))) / Decimal(repr(float(pay.get("company_amount"))))
        else:
            reasons.append(f"it is paid in {pay.get('payment_currency')} for a document in {pay.get('currency')}: "
                           "Xero takes a payment in the document's currency or its own")
    if rate is not None and rate <= 0:
        reasons.append("its exchange rate is unknown")
    if reasons:
        raise NotPayable(reasons)
    payload = {
        ("Invoice" if pay["collection"] == "Invoices" else "CreditNote"): {
            "InvoiceID" if pay["collection"] == "Invoices" else "CreditNoteID": pay["document_id"]},
        "Account": {"AccountID": pay["bank_id"]},
        "Date": pay["date"],
        "Amount": float(amount),
        "Reference": reference(pay.get("name"), pay["token"]),
    }
    if rate is not None:
        payload["CurrencyRate"] = float(rate.quantize(RATE, rounding=ROUND_HALF_UP))
    return payload
