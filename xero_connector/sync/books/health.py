"""Client health: what a firm checks each morning in a client's Xero organisation, read in a
handful of calls whatever the size of the books, nothing written to Odoo's books.

- Bank: per bank account Xero's ledger balance (GET /Reports/BankSummary, its Closing Balance)
  and the bank lines waiting for reconciliation: spend and receive money
  (GET /BankTransactions?where=IsReconciled==false) and payments of invoices, bills and credit
  notes (GET /Payments?where=IsReconciled==false), in pages of 1,000, counted and summed on their
  bank account (money in +, out -), never stored line by line. Xero's bank summary has no
  statement balance column: the statement side is the ledger balance less what waits to be
  reconciled.
- Lock dates: the organisation's PeriodLockDate and EndOfYearLockDate (the Organisation call),
  compared with what the last check saw: a lock date moved backwards is a reopened period.
- Changes after close: invoices, bills, credit notes and manual journals dated on or before the
  closed date and changed since it was first seen (a where filter on Date and If-Modified-Since:
  only the changed ones travel). Xero's lists say when, not who: the History of each changed one
  says who (history.py, one call each up to a cap).
- Drafts and overdue: invoices and bills in draft or awaiting payment, counted; the awaiting ones
  past their due date are overdue. Run with a books check, health counts them from the books
  check's own read of the documents (check.read_xero_documents: it has every open and draft one),
  and takes its Organisation reply (and its bank transactions, when it read them to explain a
  difference): no second read. On its own it reads them with the same reader
  (one summaryOnly read of the open and draft invoices).

    result = HealthCheck(xero, scopes, today, memory).run()
    result = HealthCheck(xero, scopes, today, memory, books.organisation, books.documents,
                         books.bank_lines).run()

`memory` is what the previous check left on the connection (see Memory); the result carries the
next one. A check Xero's scopes do not allow is skipped with the scope it needs; a reply of an
unexpected shape is named with its reason; the others still run.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from ...xero_client import const as xero_const
from ...xero_client.errors import XeroForbiddenError, XeroMalformedResponse
from ...xero_client.utils import parse_xero_date, parse_xero_datetime, where_date
from .check import BANK_TRANSACTION_SCOPES, INVOICE_SCOPES, JOURNAL_SCOPES, RECEIVE_SIGN, read_xero_documents
from .compare import CENT, ZERO, amount, report_rows
from .history import read_who

SCOPES = {  # check -> the scopes that allow it (granular from March 2026, the broad ones before)
    "bank_summary": {"accounting.reports.banksummary.read", "accounting.reports.banksummary",
                     "accounting.reports.read", "accounting.reports"},
    "bank_lines": BANK_TRANSACTION_SCOPES,
    "payments": {"accounting.payments", "accounting.payments.read", "accounting.transactions",
                 "accounting.transactions.read"},
    "documents": INVOICE_SCOPES,
    "journals": JOURNAL_SCOPES,
}
# payment types whose money comes into the bank (a customer paying, a supplier refunding); the
# others go out (paying a bill, refunding a customer's credit note, prepayment or overpayment)
PAYMENT_IN = {"ACCRECPAYMENT", "APCREDITPAYMENT", "APPREPAYMENTPAYMENT", "APOVERPAYMENTPAYMENT"}


@dataclass
class Memory:
    """What the last check saw (on the connection): the lock dates, the reopened lock date kept
    until the period is closed again, the closed date and since when (Xero's clock) it is seen."""

    checked: bool = False
    period_lock: date | None = None
    year_lock: date | None = None
    reopened_from: date | None = None
    closed_by_user: date | None = None
    closed_through: date | None = None
    closed_seen_at: datetime | None = None


@dataclass
class Bank:
    account_id: str
    name: str
    ledger: Decimal | None = None  # Xero's balance (bank summary closing balance)
    waiting: int = 0  # bank lines waiting for reconciliation (payments included)
    payments: int = 0  # of which payments
    waiting_amount: Decimal = ZERO  # their net amount (receipts +, spending -)

    @property
    def statement(self):
        return None if self.ledger is None else self.ledger - self.waiting_amount


@dataclass(frozen=True)
class Change:
    xero_id: str
    kind: str  # ACCREC, ACCPAY, ACCRECCREDIT, ACCPAYCREDIT, or JOURNAL
    label: str
    day: date | None
    changed_at: datetime | None
    status: str = ""


@dataclass
class HealthResult:
    banks: dict = field(default_factory=dict)  # AccountID -> Bank
    waiting: int | None = None  # bank lines waiting, all accounts, payments included (None: not read)
    waiting_payments: int = 0  # of which payments
    drafts: int | None = None
    overdue_receivable: int | None = None
    overdue_receivable_amount: Decimal = ZERO
    overdue_payable: int | None = None
    overdue_payable_amount: Decimal = ZERO
    changes: list = field(default_factory=list)
    changes_read: bool = False
    who: dict = field(default_factory=dict)  # Xero ID of a change -> history.Who (who changed it)
    skipped: list = field(default_factory=list)  # (check, scope it needs)
    problems: list = field(default_factory=list)  # (what, why)
    memory: Memory = field(default_factory=Memory)
    reopened_now: bool = False  # a lock date moved backwards since the last check
    calls: int = 0


def read_bank_summary(report):
    """Xero's BankSummary report -> ({AccountID: (name, closing balance)}, [(label, problem)])."""
    titles, rows, problems = report_rows(
        report, "bank summary", "The bank summary came without a section.", ("accountID", "account"))
    closing = titles.index("closing balance") if "closing balance" in titles else 4
    found = {}
    for label, cells, account_id in rows:
        if account_id is None:
            problems.append((label, "Xero names no bank account for this row."))
            continue
        if len(cells) <= closing:
            problems.append((label, "The row has fewer columns than the report's header."))
            continue
        balance = amount(cells[closing].get("Value"))
        if balance is None:
            problems.append((label, "The closing balance of this row is not a number."))
            continue
        found[account_id] = (label, balance)
    return found, problems


def _day(value):
    try:
        return parse_xero_date(value)
    except ValueError:
        return None


def _moment(value):
    try:
        return parse_xero_datetime(value)
    except ValueError:
        return None


def _max(*days):
    days = [d for d in days if d]
    return max(days) if days else None


class HealthCheck:
    def __init__(self, xero, scopes, today, memory=None, organisation=None, documents=None, bank_lines=None):
        """organisation, documents, bank_lines: Xero's Organisation reply, the XeroDocuments and the
        bank transactions waiting for reconciliation a books check run just before already read
        (any None: health reads it itself)."""
        self.xero, self.today = xero, today
        self.scopes = set(scopes or ())
        self.memory = memory or Memory()
        self.organisation, self.documents, self.bank_lines = organisation, documents, bank_lines
        self.bank_accounts = None  # the bank accounts of Xero's bank summary, once read

    def allowed(self, check):
        return not self.scopes or bool(self.scopes & SCOPES[check])

    def run(self):
        result = HealthResult()
        reply = self.organisation if self.organisation is not None else self.xero.get("Organisation")
        orgs = reply.get("Organisations") if isinstance(reply, dict) else None
        org = orgs[0] if isinstance(orgs, list) and orgs and isinstance(orgs[0], dict) else {}
        xero_now = _moment(reply.get("DateTimeUTC")) if isinstance(reply, dict) else None
        self._locks(result, org, xero_now)
        for check, step in (("bank_summary", self._bank_summary), ("bank_lines", self._bank_lines),
                            ("payments", self._payments), ("documents", self._open_documents),
                            ("documents", self._changes)):
            if check == "payments" and not self.allowed("bank_lines"):
                continue  # half a count of the bank lines would mislead: they are named as not checked
            if not self.allowed(check):
                if (check, "") not in result.skipped:
                    result.skipped.append((check, ""))
                continue
            try:
                step(result)
            except XeroForbiddenError:
                result.skipped.append((check, ""))
            except (XeroMalformedResponse, KeyError, TypeError, ValueError, AttributeError) as exc:
                result.problems.append((check, f"Xero's reply could not be read: {exc}"))
        if self.allowed("documents") and not self.allowed("journals"):
            result.skipped.append(("journals", ""))
        if result.changes:  # who changed them: Xero's History, one call each up to a cap (history.py)
            result.who = read_who(self.xero, result.changes, self.since)
        result.calls = self.xero.stats.calls
        return result

    # ------------------------------------------------------------------ lock dates
    def _locks(self, result, org, xero_now):
        old, new = self.memory, Memory(checked=True, closed_by_user=self.memory.closed_by_user)
        new.period_lock, new.year_lock = _day(org.get("PeriodLockDate")), _day(org.get("EndOfYearLockDate"))
        reopened = old.reopened_from
        if old.checked:
            for before, now in ((old.period_lock, new.period_lock), (old.year_lock, new.year_lock)):
                if before and (not now or now < before):
                    reopened = _max(reopened, before)
                    result.reopened_now = True
        effective = _max(new.period_lock, new.year_lock)
        new.reopened_from = None if reopened and effective and effective >= reopened else reopened
        new.closed_through = _max(effective, new.reopened_from, new.closed_by_user)
        same = new.closed_through and new.closed_through == old.closed_through and old.closed_seen_at
        new.closed_seen_at = old.closed_seen_at if same else (xero_now or old.closed_seen_at)
        result.memory = new
        self.since = old.closed_seen_at if same else None

    # ------------------------------------------------------------------ bank
    def _bank_summary(self, result):
        start = self.today.replace(day=1)
        reply = self.xero.get("Reports/BankSummary", params={"fromDate": start.isoformat(),
                                                             "toDate": self.today.isoformat()})
        reports = reply.get("Reports") if isinstance(reply, dict) else None
        found, problems = read_bank_summary(reports[0] if isinstance(reports, list) and reports else None)
        for label, problem in problems:
            result.problems.append(("bank_summary", f"{label}: {problem}" if label else problem))
        for account_id, (name, balance) in found.items():
            bank = result.banks.setdefault(account_id, Bank(account_id, name))
            bank.name, bank.ledger = name, balance
        self.bank_accounts = set(found) if not problems else None

    def _bank_lines(self, result):
        """Waiting spend and receive money counted per bank account, in pages of 1,000 (summed,
        not kept)."""
        result.waiting = result.waiting or 0
        pages = [(1, self.bank_lines)] if self.bank_lines is not None else self.xero.iter_pages(
            "BankTransactions", params={"where": "IsReconciled==false"}, page_size=xero_const.MAX_PAGE_SIZE)
        for _page, items in pages:
            for line in items:
                if not isinstance(line, dict) or line.get("Status") not in (None, "AUTHORISED"):
                    continue
                self._waiting(result, "bank_lines", line.get("BankAccount") or {}, line.get("Total"),
                              RECEIVE_SIGN.get(line.get("Type"), -1))

    def _payments(self, result):
        """Waiting payments counted on their bank account, in pages of 1,000; a payment to an
        account that is not in Xero's bank summary (an account with payments enabled) waits for no
        bank statement and is not counted."""
        result.waiting = result.waiting or 0
        for _page, items in self.xero.iter_pages("Payments", params={"where": "IsReconciled==false"},
                                                 page_size=xero_const.MAX_PAGE_SIZE):
            for payment in items:
                if not isinstance(payment, dict) or payment.get("Status") not in (None, "AUTHORISED"):
                    continue
                account = payment.get("Account") or {}
                if self.bank_accounts is not None and account.get("AccountID") not in self.bank_accounts:
                    continue
                value = payment.get("BankAmount") if payment.get("BankAmount") is not None else payment.get("Amount")
                bank = self._waiting(result, "payments", account, value,
                                     1 if payment.get("PaymentType", "ACCRECPAYMENT") in PAYMENT_IN else -1)
                if bank:
                    bank.payments += 1
                    result.waiting_payments += 1

    def _waiting(self, result, check, account, total, sign):
        """One line waiting for reconciliation on its bank account: counted and summed -> the Bank."""
        account_id = account.get("AccountID") if isinstance(account, dict) else None
        if not account_id:
            result.problems.append((check, "A line waiting for reconciliation names no bank account."))
            return None
        bank = result.banks.setdefault(account_id, Bank(account_id, account.get("Name") or account.get("Code") or ""))
        value = amount(str(total if total is not None else ""))
        if value is None:
            result.problems.append((check, f"A line's amount is not a number: {total}"))
            value = ZERO
        bank.waiting += 1
        bank.waiting_amount += sign * value
        result.waiting = (result.waiting or 0) + 1
        return bank

    # ------------------------------------------------------------------ documents
    def _open_documents(self, result):
        """Drafts and overdue invoices and bills, from the books check's read or one of its own."""
        documents = self.documents if self.documents is not None else read_xero_documents(self.xero)
        receivable = payable = 0
        owed, owing = ZERO, ZERO
        for doc in documents.open:
            if not doc.due_date or doc.due_date >= self.today or not doc.due:
                continue
            due = (doc.due / (doc.rate or Decimal(1))).quantize(CENT)
            if doc.kind == "ACCREC":
                receivable, owed = receivable + 1, owed + due
            elif doc.kind == "ACCPAY":
                payable, owing = payable + 1, owing + due
        result.drafts = len(documents.drafts)
        result.overdue_receivable, result.overdue_receivable_amount = receivable, owed
        result.overdue_payable, result.overdue_payable_amount = payable, owing

    def _changes(self, result):
        """Documents and journals dated on or before the closed date, changed since it was seen."""
        closed, since = result.memory.closed_through, self.since
        if not closed or not since:
            return  # nothing closed, or the closed date is new: from now on
        where = f"Date <= {where_date(closed)}"
        reads = [("Invoices", "InvoiceID", "InvoiceNumber", {"summaryOnly": "true"}),
                 ("CreditNotes", "CreditNoteID", "CreditNoteNumber", {})]
        if self.allowed("journals"):
            reads.append(("ManualJournals", "ManualJournalID", "Narration", {}))
        for collection, id_key, label_key, params in reads:
            for _page, items in self.xero.iter_pages(collection, params={"where": where, **params},
                                                     modified_since=since, page_size=xero_const.MAX_PAGE_SIZE):
                for doc in items:
                    if not isinstance(doc, dict) or not doc.get(id_key):
                        continue
                    changed = _moment(doc.get("UpdatedDateUTC"))
                    if changed and changed <= since:
                        continue
                    contact = (doc.get("Contact") or {}).get("Name")
                    label = doc.get(label_key) or doc.get("Reference") or doc[id_key][:8]
                    result.changes.append(Change(
                        doc[id_key], doc.get("Type") or "JOURNAL", f"{label} ({contact})" if contact else label,
                        _day(doc.get("DateString") or doc.get("Date")), changed, doc.get("Status") or ""))
        result.changes_read = True
