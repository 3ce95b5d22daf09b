"""Xero's reports computed from the sandbox's own books: GET /Reports/TrialBalance?date= and
GET /Reports/BankSummary?fromDate=&toDate=.

The ledger is derived, never stored: authorised and paid invoices, bills and credit notes
(lines to their accounts, tax to the tax account, the total to accounts receivable or
payable), payments (bank against the control account), posted manual journals and authorised
bank transactions (spend and receive money: the total on the bank account, the lines on
theirs). Amounts are in the organisation's base currency: a foreign document's amounts divided
by its CurrencyRate, cent by cent.

The bank summary has the shape of Xero's example: a Header row (Bank Accounts, Opening Balance,
Cash Received, Cash Spent, Closing Balance), one untitled Section with a Row per bank account
(its first cell carrying the account's id as `accountID`, the two movement cells as `account`)
and a SummaryRow of totals. Its Closing Balance is the balance in Xero's ledger; Xero's report
has no statement balance column.

The reply has the shape of Xero's example: a Header row (Account, Debit, Credit, YTD Debit,
YTD Credit), one Section per class (Revenue, Expenses, Assets, Liabilities, Equity) with a Row
per account that moved ("Name (Code)", each cell carrying the account's id as its `account`
attribute), then an untitled Section whose SummaryRow holds the totals. Debit and Credit are
the net movement of the report date's month; YTD is the balance as at the date (income and
expenses from the start of the financial year, earlier years' profit in Retained Earnings).
"""

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .books import as_date, now_xero
from .http import HTTPFailure, bad_request, forbidden, json_response, not_allowed, not_found

CENT = Decimal("0.01")
SECTIONS = (("Revenue", "REVENUE"), ("Expenses", "EXPENSE"), ("Assets", "ASSET"), ("Liabilities", "LIABILITY"),
            ("Equity", "EQUITY"))
PROFIT_CLASSES = ("REVENUE", "EXPENSE")
CLASSES = {  # Xero's account Type -> Class (accounts carry Class; this is for those that do not)
    "BANK": "ASSET", "CURRENT": "ASSET", "FIXED": "ASSET", "INVENTORY": "ASSET", "NONCURRENT": "ASSET",
    "PREPAYMENT": "ASSET", "CURRLIAB": "LIABILITY", "LIABILITY": "LIABILITY", "TERMLIAB": "LIABILITY",
    "EQUITY": "EQUITY", "DEPRECIATN": "EXPENSE", "DIRECTCOSTS": "EXPENSE", "EXPENSE": "EXPENSE",
    "OVERHEADS": "EXPENSE", "OTHERINCOME": "REVENUE", "REVENUE": "REVENUE", "SALES": "REVENUE",
}
# granular scope (apps created from March 2026) or the broad one
TRIAL_BALANCE_SCOPES = {"accounting.reports.trialbalance.read", "accounting.reports.read", "accounting.reports"}
BANK_SUMMARY_SCOPES = {"accounting.reports.banksummary.read", "accounting.reports.read", "accounting.reports"}
BOOKED = ("AUTHORISED", "PAID")
# document type -> sign of its total on the control account (+1: debit)
CONTROL_SIGN = {"ACCREC": 1, "ACCPAYCREDIT": 1, "ACCPAY": -1, "ACCRECCREDIT": -1}
# payment type -> (control account kind, sign on the bank account)
PAYMENT_SIDES = {"ACCRECPAYMENT": ("receivable", 1), "ARCREDITPAYMENT": ("receivable", -1),
                 "ACCPAYPAYMENT": ("payable", -1), "APCREDITPAYMENT": ("payable", 1)}
SYSTEM_NAMES = {"receivable": ("DEBTORS", ("accounts receivable",)),
                "payable": ("CREDITORS", ("accounts payable",)),
                "tax": ("GST", ("gst", "vat", "sales tax", "gst/vat")),
                "retained": ("RETAINEDEARNINGS", ("retained earnings",))}


def cents(value):
    return Decimal(repr(value) if isinstance(value, float) else str(value or 0)).quantize(CENT, ROUND_HALF_UP)


def base(amount, rate):
    """A document-currency amount in the base currency (Xero's CurrencyRate: units per base unit)."""
    rate = Decimal(repr(rate) if isinstance(rate, float) else str(rate or 1)) or Decimal(1)
    return (cents(amount) / rate).quantize(CENT, ROUND_HALF_UP)


def system_account(accounts, kind):
    """The organisation's receivable, payable, tax or retained earnings account."""
    flag, names = SYSTEM_NAMES[kind]
    return next((a for a in accounts if a.get("SystemAccount") == flag), None) or next(
        (a for a in accounts if (a.get("Name") or "").strip().lower() in names), None)


def ledger(records, accounts):
    """(date, AccountID, amount) entries of the books, amount > 0 a debit, in the base currency."""
    by_code = {a.get("Code"): a for a in accounts if a.get("Code")}
    by_id = {a["AccountID"]: a for a in accounts}
    control = {kind: (system_account(accounts, kind) or {}).get("AccountID")
               for kind in ("receivable", "payable", "tax")}

    def account_of(line):
        found = by_id.get(line.get("AccountID") or "") or by_code.get(line.get("AccountCode"))
        return found["AccountID"] if found else None

    entries = []
    for doc in records.get("Invoices", []) + records.get("CreditNotes", []):
        sign = CONTROL_SIGN.get(doc.get("Type"))
        if doc.get("Status") not in BOOKED or not sign:
            continue
        day, rate = as_date(doc.get("DateString") or doc.get("Date")), doc.get("CurrencyRate") or 1
        total = Decimal(0)
        for line in doc.get("LineItems") or []:
            tax = base(line.get("TaxAmount"), rate)
            gross = base(line.get("LineAmount"), rate)
            net = gross - tax if doc.get("LineAmountTypes") == "Inclusive" else gross
            entries.append((day, account_of(line), -sign * net))
            if tax:
                entries.append((day, control["tax"], -sign * tax))
            total += net + tax
        kind = "receivable" if doc["Type"] in ("ACCREC", "ACCRECCREDIT") else "payable"
        entries.append((day, control[kind], sign * total))
    for payment in records.get("Payments", []):
        sides = PAYMENT_SIDES.get(payment.get("PaymentType"))
        if payment.get("Status") != "AUTHORISED" or not sides:
            continue
        day = as_date(payment.get("Date"))
        amount = base(payment.get("Amount"), payment.get("CurrencyRate") or 1)
        bank = account_of({"AccountID": (payment.get("Account") or {}).get("AccountID"),
                           "AccountCode": (payment.get("Account") or {}).get("Code")})
        entries += [(day, bank, sides[1] * amount), (day, control[sides[0]], -sides[1] * amount)]
    for bank_txn in records.get("BankTransactions", []):
        if bank_txn.get("Status") != "AUTHORISED":
            continue
        sign = -1 if (bank_txn.get("Type") or "").startswith("SPEND") else 1
        day, rate = as_date(bank_txn.get("DateString") or bank_txn.get("Date")), bank_txn.get("CurrencyRate") or 1
        total = Decimal(0)
        for line in bank_txn.get("LineItems") or []:
            tax, gross = base(line.get("TaxAmount"), rate), base(line.get("LineAmount"), rate)
            net = gross - tax if bank_txn.get("LineAmountTypes") == "Inclusive" else gross
            entries.append((day, account_of(line), -sign * net))
            if tax:
                entries.append((day, control["tax"], -sign * tax))
            total += net + tax
        bank = bank_txn.get("BankAccount") or {}
        entries.append((day, account_of({"AccountID": bank.get("AccountID"), "AccountCode": bank.get("Code")}),
                        sign * total))
    for journal in records.get("ManualJournals", []):
        if journal.get("Status") != "POSTED":
            continue
        day = as_date(journal.get("DateString") or journal.get("Date"))
        for line in journal.get("JournalLines") or []:
            tax, gross = cents(line.get("TaxAmount")), cents(line.get("LineAmount"))
            net = gross - tax if journal.get("LineAmountTypes") == "Inclusive" else gross
            entries.append((day, account_of(line), net))
            if tax:
                entries.append((day, control["tax"], tax))
    return [e for e in entries if e[1] and e[2]]


def year_start(day, organisation):
    """The first day of the financial year `day` falls in (FinancialYearEndDay/Month)."""
    end_day, end_month = int(organisation.get("FinancialYearEndDay") or 31), int(
        organisation.get("FinancialYearEndMonth") or 12)

    def end_in(year):
        for d in range(end_day, 27, -1):  # 29 February in a common year is the 28th
            try:
                return date(year, end_month, d)
            except ValueError:
                continue
        return date(year, end_month, 28)

    end = end_in(day.year)
    return (end_in(day.year - 1) if day <= end else end) + timedelta(days=1)


def balances(entries, accounts, day, organisation):
    """{AccountID: (month movement, balance as at `day`)} as the trial balance shows them."""
    classes = {a["AccountID"]: a.get("Class") or CLASSES.get(a.get("Type"), "ASSET") for a in accounts}
    start, month = year_start(day, organisation), day.replace(day=1)
    retained = (system_account(accounts, "retained") or {}).get("AccountID")
    moved, ytd = defaultdict(Decimal), defaultdict(Decimal)
    for when, account_id, amount in entries:
        if when is None or when > day:
            continue
        if when >= month:
            moved[account_id] += amount
        if classes.get(account_id) not in PROFIT_CLASSES or when >= start:
            ytd[account_id] += amount
        elif retained:  # an earlier year's profit or loss
            ytd[retained] += amount
    return {a: (moved[a], ytd[a]) for a in set(moved) | set(ytd) if moved[a] or ytd[a]}


def _cells(account_id, values):
    attributes = [{"Value": account_id, "Id": "account"}]
    return [{"Value": v, "Attributes": attributes} for v in values]


def _columns(amount):
    """A signed amount -> (debit, credit) cells: the side it is on, the other blank."""
    if amount > 0:
        return f"{amount:.2f}", ""
    if amount < 0:
        return "", f"{-amount:.2f}"
    return "0.00", ""


def trial_balance(records, accounts, organisation, day, stamp):
    """The Reports list of Xero's TrialBalance reply (one report) for `day`."""
    found = balances(ledger(records, accounts), accounts, day, organisation)
    rows = [{"RowType": "Header", "Cells": [{"Value": v} for v in
                                            ("Account", "Debit", "Credit", "YTD Debit", "YTD Credit")]}]
    totals = [Decimal(0)] * 4
    for title, klass in SECTIONS:
        section = []
        for acc in sorted(accounts, key=lambda a: (a.get("Code") or "", a.get("Name") or "")):
            if (acc.get("Class") or CLASSES.get(acc.get("Type"))) != klass or acc["AccountID"] not in found:
                continue
            moved, ytd = found[acc["AccountID"]]
            label = f"{acc.get('Name')} ({acc['Code']})" if acc.get("Code") else acc.get("Name")
            section.append({"RowType": "Row", "Cells": _cells(acc["AccountID"], [
                label, *_columns(moved), *_columns(ytd)])})
            for n, amount in enumerate((moved, ytd)):
                totals[2 * n + (0 if amount > 0 else 1)] += abs(amount)
        rows.append({"RowType": "Section", "Title": title, "Rows": section})
    rows.append({"RowType": "Section", "Title": "", "Rows": [{"RowType": "SummaryRow", "Cells": [
        {"Value": "Total"}, *({"Value": f"{t:.2f}"} for t in totals)]}]})
    shown = f"{day.day} {day.strftime('%B %Y')}"
    return [{"ReportID": "TrialBalance", "ReportName": "Trial Balance", "ReportType": "TrialBalance",
             "ReportTitles": ["Trial Balance", organisation.get("Name", ""), f"As at {shown}"],
             "ReportDate": shown, "UpdatedDateUTC": stamp, "Fields": [], "Rows": rows}]


def bank_summary(records, accounts, organisation, start, end, stamp):
    """The Reports list of Xero's BankSummary reply for start..end: per bank account the balance
    the day before `start`, the cash received and spent in the period, the balance at `end`."""
    banks = sorted((a for a in accounts if a.get("Type") == "BANK" and a.get("Status", "ACTIVE") != "DELETED"),
                   key=lambda a: (a.get("Name") or "", a.get("Code") or ""))
    wanted = {a["AccountID"] for a in banks}
    figures = {a: [Decimal(0)] * 3 for a in wanted}  # opening, received, spent
    for when, account_id, amount in ledger(records, accounts):
        if account_id not in wanted or when is None or when > end:
            continue
        if when < start:
            figures[account_id][0] += amount
        elif amount > 0:
            figures[account_id][1] += amount
        else:
            figures[account_id][2] -= amount
    rows, totals = [], [Decimal(0)] * 4
    for acc in banks:
        opening, received, spent = figures[acc["AccountID"]]
        closing = opening + received - spent
        moved = [{"Value": acc["AccountID"], "Id": "account"}]
        rows.append({"RowType": "Row", "Cells": [
            {"Value": acc.get("Name") or "", "Attributes": [{"Value": acc["AccountID"], "Id": "accountID"}]},
            {"Value": f"{opening:.2f}"}, {"Value": f"{received:.2f}", "Attributes": moved},
            {"Value": f"{spent:.2f}", "Attributes": moved}, {"Value": f"{closing:.2f}"}]})
        for n, value in enumerate((opening, received, spent, closing)):
            totals[n] += value
    rows.append({"RowType": "SummaryRow", "Cells": [{"Value": "Total"}, *({"Value": f"{t:.2f}"} for t in totals)]})
    header = {"RowType": "Header", "Cells": [{"Value": v} for v in (
        "Bank Accounts", "Opening Balance", "Cash Received", "Cash Spent", "Closing Balance")]}

    def shown(day):
        return f"{day.day} {day.strftime('%B %Y')}"

    return [{"ReportName": "Bank Summary", "ReportType": "BankSummary",
             "ReportTitles": ["Bank Summary", organisation.get("Name", ""), f"From {shown(start)} to {shown(end)}"],
             "ReportDate": shown(end), "UpdatedDateUTC": stamp, "Fields": [],
             "Rows": [header, {"RowType": "Section", "Title": "", "Rows": rows}]}]


class Reports:
    """/Reports/…: the trial balance and the bank summary (other reports are not in the sandbox: 404)."""

    def __init__(self, app):
        self.app, self.store = app, app.store

    def handle(self, request, tenant, grant, parts):
        name = parts[1].lower() if len(parts) == 2 else ""
        if name not in ("trialbalance", "banksummary"):
            return not_found()
        if not (TRIAL_BALANCE_SCOPES if name == "trialbalance" else BANK_SUMMARY_SCOPES) & set(grant["scopes"]):
            raise HTTPFailure(forbidden())
        if request.method != "GET":
            return not_allowed()
        today = datetime.fromtimestamp(self.store.now(), UTC).date()
        dates = {}
        for key in ("date", "fromDate", "toDate"):
            try:
                dates[key] = as_date(request.args.get(key))
            except ValueError:
                return bad_request(f"'{request.args.get(key)}' is not a valid date.")
        records = {kind: self.store.all(tenant, kind) for kind in ("Invoices", "CreditNotes", "Payments",
                                                                   "ManualJournals", "BankTransactions")}
        organisation = self.store.tenant(tenant)["organisation"]
        accounts = self.store.all(tenant, "Accounts")
        stamp = now_xero(self.store)
        if name == "trialbalance":
            reports = trial_balance(records, accounts, organisation, dates["date"] or today, stamp)
        else:  # Xero's default period: the current month to date
            end = dates["toDate"] or today
            start = dates["fromDate"] or end.replace(day=1)
            if start > end:
                return bad_request("The fromDate must be on or before the toDate.")
            reports = bank_summary(records, accounts, organisation, start, end, stamp)
        return json_response({"Id": str(uuid.uuid4()), "Status": "OK", "ProviderName": self.app.app_name,
                              "DateTimeUTC": stamp.replace("+0000", ""), "Reports": reports})
