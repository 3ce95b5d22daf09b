"""GET /Reports/TrialBalance computed from the sandbox's own books: it balances, it moves with
a new invoice, a payment and a manual journal, a date before them leaves them out, it needs a
reports scope, and Xero's SDK reads it (the session's strict mode checks it against the
contract)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from xero_sandbox.reports import year_start
from xero_sandbox.tests.common import ALL_SCOPES, WALLABY, Api

REPORT_SCOPES = [*ALL_SCOPES, "accounting.reports.trialbalance.read"]


@pytest.fixture
def books(sandbox):
    token = sandbox.grant([WALLABY], REPORT_SCOPES)["access_token"]
    return Api(sandbox, WALLABY, token)


def today(sandbox):
    return date.fromisoformat(sandbox.admin("GET", "/__sandbox__/state")["now"][:10])


def trial_balance(books, day=None):
    reply = books.get("Reports/TrialBalance", params={"date": day.isoformat()} if day else {})
    assert reply.status_code == 200, reply.text
    report = reply.json()["Reports"][0]
    assert report["ReportType"] == "TrialBalance"
    return report


def ytd(report):
    """{account label: signed YTD balance (debit +)} and the summary row's totals."""
    out, total = {}, None
    assert report["Rows"][0]["RowType"] == "Header"
    assert [c["Value"] for c in report["Rows"][0]["Cells"]] == ["Account", "Debit", "Credit", "YTD Debit",
                                                                "YTD Credit"]
    for section in report["Rows"][1:]:
        assert section["RowType"] == "Section"
        for row in section["Rows"]:
            values = [c["Value"] for c in row["Cells"]]
            if row["RowType"] == "SummaryRow":
                total = [Decimal(v) for v in values[1:]]
                continue
            ids = {a["Value"] for c in row["Cells"] for a in c["Attributes"] if a["Id"] == "account"}
            assert len(ids) == 1, row
            out[values[0]] = Decimal(values[3] or 0) - Decimal(values[4] or 0)
    return out, total


def test_trial_balance_balances_and_follows_the_books(books, sandbox):
    day = today(sandbox)
    before, total = ytd(trial_balance(books, day))
    assert total[2] == total[3] and total[2] > 0, total  # YTD debits = YTD credits
    assert total[0] == total[1]
    assert sum(before.values()) == 0
    contact = books.items("Contacts")[0]["ContactID"]
    reply = books.put("Invoices", {"Invoices": [{
        "Type": "ACCREC", "Contact": {"ContactID": contact}, "Date": day.isoformat(),
        "DueDate": (day + timedelta(days=7)).isoformat(), "Status": "AUTHORISED", "LineAmountTypes": "Exclusive",
        "LineItems": [{"Description": "Widgets", "Quantity": 2, "UnitAmount": 50, "AccountCode": "200",
                       "TaxType": "OUTPUT"}]}]})
    assert reply.status_code == 200, reply.text
    invoice = reply.json()["Invoices"][0]
    after, _total = ytd(trial_balance(books, day))
    assert after["Sales (200)"] - before.get("Sales (200)", 0) == Decimal("-100.00")
    assert after["GST (820)"] - before.get("GST (820)", 0) == Decimal("-10.00")
    receivable = "Accounts Receivable (610)"
    assert after[receivable] - before.get(receivable, 0) == Decimal("110.00")

    paid = books.put("Payments", {"Payments": [{"Invoice": {"InvoiceID": invoice["InvoiceID"]},
                                                "Account": {"Code": "090"}, "Date": day.isoformat(),
                                                "Amount": 110}]})
    assert paid.status_code == 200, paid.text
    journal = books.put("ManualJournals", {"ManualJournals": [{
        "Narration": "Accrual", "Date": day.isoformat(), "Status": "POSTED", "JournalLines": [
            {"LineAmount": 25, "AccountCode": "412"}, {"LineAmount": -25, "AccountCode": "800"}]}]})
    assert journal.status_code == 200, journal.text
    last, total = ytd(trial_balance(books, day))
    assert last[receivable] == before.get(receivable, 0)
    bank = "Business Bank Account (090)"
    assert last[bank] - before.get(bank, 0) == Decimal("110.00")
    assert last["Consulting & Accounting (412)"] - before.get("Consulting & Accounting (412)", 0) == 25
    assert total[2] == total[3] and sum(last.values()) == 0

    # the day before: none of today's entries
    yesterday, _total = ytd(trial_balance(books, day - timedelta(days=1)))
    assert yesterday.get("Sales (200)", 0) == before.get("Sales (200)", 0) or day.day == 1


def test_a_date_before_the_books_is_empty_and_a_bad_date_is_refused(books):
    report = trial_balance(books, date(2001, 6, 30))
    accounts, total = ytd(report)
    assert accounts == {} and total == [0, 0, 0, 0]
    assert report["ReportTitles"][2] == "As at 30 June 2001"
    assert books.get("Reports/TrialBalance", params={"date": "31/06/2026"}).status_code == 400


def test_needs_a_reports_scope(sandbox):
    plain = Api(sandbox, WALLABY, sandbox.grant([WALLABY], ALL_SCOPES)["access_token"])
    assert plain.get("Reports/TrialBalance").status_code == 403
    broad = Api(sandbox, WALLABY, sandbox.grant([WALLABY], ["accounting.reports.read"])["access_token"])
    assert broad.get("Reports/TrialBalance").status_code == 200
    assert broad.get("Reports/BankSummary").status_code == 200
    assert plain.get("Reports/BankSummary").status_code == 403


def test_financial_year_start():
    june = {"FinancialYearEndDay": 30, "FinancialYearEndMonth": 6}
    assert year_start(date(2026, 6, 30), june) == date(2025, 7, 1)
    assert year_start(date(2026, 7, 1), june) == date(2026, 7, 1)
    assert year_start(date(2026, 3, 31), {"FinancialYearEndDay": 31, "FinancialYearEndMonth": 3}) == date(2025, 4, 1)
    assert year_start(date(2025, 3, 1), {"FinancialYearEndDay": 29, "FinancialYearEndMonth": 2}) == date(2025, 3, 1)


def test_sdk_reads_the_trial_balance(sandbox):
    pytest.importorskip("xero_python")
    from xero_sandbox.tests.test_sdk import Sdk

    sdk = Sdk(sandbox, tenants=(WALLABY,), token=sandbox.grant([WALLABY], REPORT_SCOPES))
    day = today(sandbox)
    reply = sdk.accounting.get_report_trial_balance(WALLABY, date=day)
    report = reply.reports[0]
    raw = trial_balance(sdk.raw, day)
    assert report.report_name == "Trial Balance" and report.report_titles == raw["ReportTitles"]
    assert len(report.rows) == len(raw["Rows"])
    for row, raw_row in zip(report.rows, raw["Rows"], strict=True):
        assert str(getattr(row.row_type, "value", row.row_type)) == raw_row["RowType"]
        for sub, raw_sub in zip(row.rows or [], raw_row.get("Rows", []), strict=True):
            assert [c.value for c in sub.cells] == [c["Value"] for c in raw_sub["Cells"]]
            assert all(c.attributes[0].id == "account" for c in sub.cells if sub.cells[0].attributes)
