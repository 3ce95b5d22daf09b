"""Bank transactions (spend and receive money) planted in an organisation's books, the way a
bank feed and a person reconciling would leave them: the admin API's
`POST /__sandbox__/tenants/<tenant>/banktransactions`

    {"items": [{"bank": "090", "type": "SPEND", "amount": 45.5, "date": "2026-11-30",
                "account": "404", "reference": "Fuel", "reconciled": false}]}
    {"reconcile": ["<BankTransactionID or PaymentID>", ...]}    or    {"reconcile": "all"}

Reconciling marks bank transactions and payments (of invoices, bills, credit notes: made through
`PUT /Payments`, unreconciled unless IsReconciled was sent) reconciled, as matching them with the
bank statement lines does. Reads go through the Accounting API
(`GET /BankTransactions?where=IsReconciled==false`, `GET /Payments?where=IsReconciled==false`,
paged); the reports (reports.py) book them: the total on the bank account, the lines on theirs."""

from .books import Books, as_date, date_fields, money, now_xero
from .store import new_id

TYPES = ("RECEIVE", "SPEND")


def bank_transaction(books, item, stamp):
    """One planted item -> a BankTransaction as Xero returns it (no tax: NoTax lines)."""
    bank = books.account(code=item.get("bank", "090"))
    if not bank or bank.get("Type") != "BANK":
        raise ValueError(f"no bank account {item.get('bank', '090')!r}")
    kind = (item.get("type") or "SPEND").upper()
    if kind not in TYPES:
        raise ValueError(f"type must be one of {', '.join(TYPES)}")
    account = books.account(code=item.get("account") or ("200" if kind == "RECEIVE" else "404"))
    if not account:
        raise ValueError(f"no account {item.get('account')!r}")
    amount = money(item.get("amount", 0))
    if amount <= 0:
        raise ValueError("amount must be greater than zero")
    day = as_date(item.get("date"))
    if day is None:
        raise ValueError("date is required")
    record = {
        "BankTransactionID": new_id(), "Type": kind, "Status": "AUTHORISED", "LineAmountTypes": "NoTax",
        **date_fields(day), "Reference": item.get("reference", ""), "IsReconciled": bool(item.get("reconciled")),
        "CurrencyCode": books.organisation.get("BaseCurrency", "AUD"), "CurrencyRate": 1.0,
        "SubTotal": amount, "TotalTax": 0.0, "Total": amount, "UpdatedDateUTC": stamp, "HasAttachments": False,
        "BankAccount": {"AccountID": bank["AccountID"], "Code": bank["Code"], "Name": bank["Name"]},
        "LineItems": [{"LineItemID": new_id(), "Description": item.get("reference") or "Bank line",
                       "Quantity": 1.0, "UnitAmount": amount, "AccountCode": account["Code"],
                       "AccountID": account["AccountID"], "TaxType": "NONE", "TaxAmount": 0.0,
                       "LineAmount": amount}],
    }
    contact = books.contact({"Name": item["contact"]}) if item.get("contact") else None
    if contact:
        record["Contact"] = {"ContactID": contact["ContactID"], "Name": contact["Name"]}
    return record


def plant(store, tenant, body):
    """Create the items, or mark bank transactions and payments reconciled -> {"saved": n} /
    {"reconciled": bank transactions, "payments": payments}."""
    stamp = now_xero(store)
    if "reconcile" in body:
        wanted, done = body["reconcile"], {}
        for collection, id_key, key in (("BankTransactions", "BankTransactionID", "reconciled"),
                                        ("Payments", "PaymentID", "payments")):
            found = [r for r in store.all(tenant, collection) if not r.get("IsReconciled")
                     and r.get("Status") == "AUTHORISED" and (wanted == "all" or r[id_key] in wanted)]
            store.put_many(tenant, collection, [
                (r[id_key], dict(r, IsReconciled=True, UpdatedDateUTC=stamp)) for r in found])
            done[key] = len(found)
        return done
    books = Books(store, tenant)
    records = [bank_transaction(books, item, stamp) for item in body.get("items") or []]
    store.put_many(tenant, "BankTransactions", [(r["BankTransactionID"], r) for r in records])
    return {"saved": len(records), "ids": [r["BankTransactionID"] for r in records]}
