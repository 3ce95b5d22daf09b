"""Client health, the pure parts: Xero's bank summary read back (bad shapes named, the other
rows still read), the lock-date memory (a reopened period kept until closed again, the closed
date's first sighting), and a whole check against a fake Xero counting its calls."""

from datetime import UTC, date, datetime
from decimal import Decimal

from xero_connector.sync.books.check import read_xero_documents
from xero_connector.sync.books.health import HealthCheck, Memory, read_bank_summary


def summary(rows):
    cells = [{"RowType": "Row", "Cells": [
        {"Value": name, "Attributes": [{"Value": acc, "Id": "accountID"}]}, {"Value": "0.00"},
        {"Value": "1.00"}, {"Value": "2.00"}, {"Value": closing}]} for acc, name, closing in rows]
    return {"Rows": [{"RowType": "Header", "Cells": [{"Value": v} for v in (
        "Bank Accounts", "Opening Balance", "Cash Received", "Cash Spent", "Closing Balance")]},
        {"RowType": "Section", "Title": "", "Rows": [*cells, {"RowType": "SummaryRow", "Cells": []}]}]}


def test_bank_summary_read_and_bad_rows_named():
    found, problems = read_bank_summary(summary([("a1", "Cheque", "10.50"), ("a2", "Savings", "n/a"),
                                                 ("", "No id", "3.00")]))
    assert found == {"a1": ("Cheque", Decimal("10.50"))}
    assert [p[0] for p in problems] == ["Savings", "No id"]
    assert "not a number" in problems[0][1] and "no bank account" in problems[1][1]
    assert read_bank_summary(None)[1] == [("", "The bank summary came without rows.")]
    assert read_bank_summary({"Rows": [{"RowType": "Header"}]})[1][0][1] == "The bank summary came without a section."


class Stats:
    calls = 0


class FakeXero:
    """Xero's replies for one organisation; counts calls as the client does."""

    clock = 1796000000000

    def __init__(self, org, banks=(), waiting=(), invoices=(), changed=(), payments=()):
        FakeXero.clock += 3600000  # each check an hour after the last
        self.stats, self.org, self.banks = Stats(), org, banks
        self.waiting, self.invoices, self.changed = list(waiting), list(invoices), list(changed)
        self.payments = list(payments)
        self.asked, self.params = [], []

    def get(self, path, params=None, modified_since=None):
        self.stats.calls += 1
        self.asked.append(path)
        if path == "Organisation":
            return {"DateTimeUTC": f"/Date({self.clock})/", "Organisations": [self.org]}
        return {"Reports": [summary(self.banks)]}

    def iter_pages(self, collection, params=None, modified_since=None, page_size=1000):
        self.stats.calls += 1
        self.asked.append((collection, modified_since))
        self.params.append(params or {})
        if collection == "BankTransactions":
            yield 1, self.waiting
        elif collection == "Payments":
            yield 1, self.payments
        elif collection == "Invoices" and modified_since is None:
            yield 1, self.invoices
        else:
            yield 1, self.changed if collection == "Invoices" else []


def xero_date(day):
    return f"/Date({int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)}+0000)/"


def invoice(xero_id, status, kind, **values):
    return {"InvoiceID": xero_id, "Status": status, "Type": kind, "Contact": {"ContactID": "c1", "Name": "Acme"},
            **values}


def test_a_whole_check_in_few_calls():
    today = date(2026, 12, 7)
    xero = FakeXero(
        {"PeriodLockDate": xero_date(date(2026, 10, 31))}, banks=[("b1", "Cheque", "100.00")],
        waiting=[{"Type": "SPEND", "Total": 30, "Status": "AUTHORISED", "BankAccount": {"AccountID": "b1"}},
                 {"Type": "RECEIVE", "Total": 5, "Status": "AUTHORISED", "BankAccount": {"AccountID": "b1"}}],
        invoices=[invoice("i1", "DRAFT", "ACCREC"),
                  invoice("i2", "AUTHORISED", "ACCREC", DueDate=xero_date(date(2026, 12, 1)), AmountDue=50,
                          CurrencyRate=1),
                  invoice("i3", "AUTHORISED", "ACCPAY", DueDate=xero_date(date(2026, 12, 31)), AmountDue=20)])
    result = HealthCheck(xero, [], today).run()
    bank = result.banks["b1"]
    assert (bank.ledger, bank.waiting, bank.waiting_amount, bank.statement) == (
        Decimal("100.00"), 2, Decimal(-25), Decimal("125.00"))
    assert (result.drafts, result.overdue_receivable, result.overdue_payable) == (1, 1, 0)
    assert result.overdue_receivable_amount == Decimal("50.00")
    assert result.memory.closed_through == date(2026, 10, 31) and result.memory.closed_seen_at
    assert result.calls == 5, xero.asked  # organisation, bank summary, bank lines, payments, open invoices
    assert not result.changes_read, "the closed date is new: changes count from now on"

    # next check: the lock moved back a month, a document of the closed period changed since
    seen = result.memory.closed_seen_at
    xero = FakeXero({"PeriodLockDate": xero_date(date(2026, 9, 30))}, changed=[
        {"InvoiceID": "i1", "InvoiceNumber": "INV-1", "Type": "ACCREC", "Status": "AUTHORISED",
         "Date": xero_date(date(2026, 10, 15)), "UpdatedDateUTC": f"/Date({FakeXero.clock + 60000})/",
         "Contact": {"Name": "Acme"}}])
    result = HealthCheck(xero, [], today, result.memory).run()
    assert result.reopened_now and result.memory.reopened_from == date(2026, 10, 31)
    assert result.memory.closed_through == date(2026, 10, 31) and result.memory.closed_seen_at == seen
    assert [(c.xero_id, c.label, c.day) for c in result.changes] == [("i1", "INV-1 (Acme)", date(2026, 10, 15))]
    assert ("Invoices", seen) in xero.asked and ("ManualJournals", seen) in xero.asked
    assert result.calls == 9  # 3 more for the changes after close, 1 for the changed invoice's history

    # closed again: the warning goes; without the bank scopes those checks are skipped by name
    xero = FakeXero({"PeriodLockDate": xero_date(date(2026, 11, 30))})
    result = HealthCheck(xero, ["accounting.settings", "accounting.invoices.read"], today, result.memory).run()
    assert result.memory.reopened_from is None and not result.reopened_now
    assert result.memory.closed_through == date(2026, 11, 30) and result.memory.closed_seen_at != seen
    assert {check for check, _ in result.skipped} == {"bank_summary", "bank_lines", "journals"}
    assert result.banks == {}


def test_a_lock_date_removed_is_a_reopened_period():
    memory = Memory(checked=True, year_lock=date(2026, 6, 30), closed_through=date(2026, 6, 30))
    result = HealthCheck(FakeXero({}), ["accounting.settings"], date(2026, 12, 7), memory).run()
    assert result.reopened_now and result.memory.reopened_from == date(2026, 6, 30)
    assert {check for check, _ in result.skipped} == {"bank_summary", "bank_lines", "documents"}


def test_with_a_books_check_its_reads_are_reused():
    """Run with a books check, health counts drafts and overdue from the books check's read of the
    documents and takes its Organisation reply: no read of its own for either."""
    today = date(2026, 12, 7)
    books_xero = FakeXero({}, invoices=[
        invoice("i1", "DRAFT", "ACCPAY", Date=xero_date(date(2024, 1, 5))),  # a draft of any date
        invoice("i2", "AUTHORISED", "ACCREC", DueDate=xero_date(date(2026, 11, 1)), AmountDue=60,
                CurrencyRate="0.5", Date=xero_date(date(2026, 10, 1))),
        invoice("i3", "AUTHORISED", "ACCPAY", DueDate=xero_date(date(2026, 12, 1)), AmountDue=20,
                Date=xero_date(date(2025, 1, 1))),
        invoice("i4", "PAID", "ACCREC", DueDate=xero_date(date(2026, 11, 1)), AmountDue=0,
                Date=xero_date(date(2026, 11, 1)))])
    documents = read_xero_documents(books_xero, date(2026, 7, 1), today)
    assert set(documents.period) == {"i2", "i4"} and [d.xero_id for d in documents.drafts] == ["i1"]
    assert [q["where"] for q in books_xero.params if "DRAFT" in q["where"]], "drafts asked for whatever their date"
    organisation = {"DateTimeUTC": f"/Date({FakeXero.clock})/",
                    "Organisations": [{"PeriodLockDate": xero_date(date(2026, 10, 31))}]}
    xero = FakeXero({}, banks=[("b1", "Cheque", "100.00")])
    result = HealthCheck(xero, [], today, None, organisation, documents).run()
    assert (result.drafts, result.overdue_receivable, result.overdue_payable) == (1, 1, 1)
    assert (result.overdue_receivable_amount, result.overdue_payable_amount) == (Decimal("120.00"), Decimal(20))
    assert result.memory.period_lock == date(2026, 10, 31)
    assert xero.asked == ["Reports/BankSummary", ("BankTransactions", None), ("Payments", None)], \
        "no organisation or document read"
    assert result.calls == 3


def test_unreconciled_payments_counted_on_their_bank_account_with_their_sign():
    """Payments waiting for reconciliation are bank lines too: money in (a customer paying, a
    supplier refunding) adds, money out (paying a bill, refunding a customer) takes away; a payment
    to an account outside Xero's bank summary waits for no statement; a deleted one is gone."""
    def paid(kind, account, value, **more):
        return {"PaymentType": kind, "Status": "AUTHORISED", "Amount": value, "IsReconciled": False,
                "Account": {"AccountID": account, "Code": "090"}, **more}

    xero = FakeXero({}, banks=[("b1", "Cheque", "100.00"), ("b2", "Savings", "10.00")],
                    waiting=[{"Type": "SPEND", "Total": 30, "Status": "AUTHORISED",
                              "BankAccount": {"AccountID": "b1"}}],
                    payments=[paid("ACCRECPAYMENT", "b1", 50), paid("ACCPAYPAYMENT", "b1", 12.5),
                              paid("APCREDITPAYMENT", "b2", 4, BankAmount="4.00"),
                              paid("ARCREDITPAYMENT", "b2", 1),
                              paid("ACCRECPAYMENT", "clearing", 99),  # not a bank account
                              paid("ACCRECPAYMENT", "b1", 7, Status="DELETED")])
    result = HealthCheck(xero, [], date(2026, 12, 7)).run()
    one, two = result.banks["b1"], result.banks["b2"]
    assert (one.waiting, one.payments, one.waiting_amount) == (3, 2, Decimal("7.5"))  # -30 + 50 - 12.5
    assert (two.waiting, two.payments, two.waiting_amount) == (2, 2, Decimal(3))
    assert two.statement == Decimal(7)
    assert (result.waiting, result.waiting_payments) == (5, 4)
    assert "clearing" not in result.banks and not result.problems
