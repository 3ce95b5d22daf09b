"""Client health at the sandbox: GET /Reports/BankSummary computed from its own books (payments
and bank transactions on the bank accounts), BankTransactions and Payments read with
where=IsReconciled==false and counted by pages, lock dates moved (even backwards) through the admin
API; the SDK reads the report (the session's strict mode checks every reply against the contract)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from xero_sandbox.tests.common import ALL_SCOPES, WALLABY, Api

SCOPES = [*ALL_SCOPES, "accounting.reports.banksummary.read", "accounting.banktransactions.read"]


@pytest.fixture
def books(sandbox):
    return Api(sandbox, WALLABY, sandbox.grant([WALLABY], SCOPES)["access_token"])


def today(sandbox):
    return date.fromisoformat(sandbox.admin("GET", "/__sandbox__/state")["now"][:10])


def plant(sandbox, *items):
    return sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/banktransactions", json={"items": list(items)})


def summary(books, **params):
    reply = books.get("Reports/BankSummary", params=params)
    assert reply.status_code == 200, reply.text
    report = reply.json()["Reports"][0]
    assert report["ReportType"] == "BankSummary"
    assert [c["Value"] for c in report["Rows"][0]["Cells"]] == [
        "Bank Accounts", "Opening Balance", "Cash Received", "Cash Spent", "Closing Balance"]
    rows = {}
    for row in report["Rows"][1]["Rows"]:
        values = [c["Value"] for c in row["Cells"]]
        if row["RowType"] == "SummaryRow":
            rows["Total"] = [Decimal(v) for v in values[1:]]
            continue
        assert row["Cells"][0]["Attributes"][0]["Id"] == "accountID"
        rows[values[0]] = [Decimal(v) for v in values[1:]]
    return report, rows


def test_bank_summary_follows_payments_and_bank_lines(books, sandbox):
    day = today(sandbox)
    _report, before = summary(books, fromDate=day.replace(day=1).isoformat(), toDate=day.isoformat())
    bank = "Business Bank Account"
    opening, received, spent, closing = before[bank]
    assert opening + received - spent == closing
    where = 'Status=="AUTHORISED" AND Type=="ACCREC" AND CurrencyCode=="AUD"'
    invoice = books.items("Invoices", params={"where": where})[0]
    paid = books.put("Payments", {"Payments": [{"Invoice": {"InvoiceID": invoice["InvoiceID"]},
                                                "Account": {"Code": "090"}, "Date": day.isoformat(), "Amount": 10}]})
    assert paid.status_code == 200, paid.text
    plant(sandbox, {"bank": "090", "type": "SPEND", "amount": 45.5, "date": day.isoformat(), "reference": "Fuel"},
          {"bank": "090", "type": "RECEIVE", "amount": 100, "date": day.isoformat(), "reconciled": True})
    _report, after = summary(books, fromDate=day.replace(day=1).isoformat(), toDate=day.isoformat())
    assert after[bank][1] - received == Decimal("110.00")
    assert after[bank][2] - spent == Decimal("45.50")
    assert after[bank][3] - closing == Decimal("64.50")
    assert after["Total"][3] == sum(v[3] for k, v in after.items() if k != "Total")
    # the trial balance books the same lines
    tb = books.get("Reports/TrialBalance", params={"date": day.isoformat()})
    assert tb.status_code == 403  # a bank summary scope is not a trial balance scope
    # the day before: today's lines are not in its closing balance
    _report, earlier = summary(books, toDate=(day - timedelta(days=1)).isoformat())
    assert after[bank][3] - earlier[bank][3] >= Decimal("64.50")
    assert books.get("Reports/BankSummary", params={"fromDate": day.isoformat(),
                                                    "toDate": (day - timedelta(days=1)).isoformat()}).status_code == 400


def test_unreconciled_bank_lines_filtered_and_counted_by_pages(books, sandbox):
    day = today(sandbox)
    plant(sandbox, *({"bank": "090", "amount": n + 1, "date": day.isoformat(), "reconciled": n % 3 == 0}
                     for n in range(12)))
    reply = books.get("BankTransactions", params={"where": "IsReconciled==false", "page": 1, "pageSize": 5})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["pagination"] == {"page": 1, "pageSize": 5, "pageCount": 2, "itemCount": 8}
    assert len(body["BankTransactions"]) == 5 and not any(t["IsReconciled"] for t in body["BankTransactions"])
    every = books.items("BankTransactions", params={"page": 1, "pageSize": 1000})
    assert len(every) == 12
    done = sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/banktransactions", json={"reconcile": "all"})
    assert done["reconciled"] == 8
    left = books.get("BankTransactions", params={"where": "IsReconciled==false", "page": 1}).json()
    assert left["pagination"]["itemCount"] == 0 and left["BankTransactions"] == []
    plain = Api(sandbox, WALLABY, sandbox.grant([WALLABY], ["accounting.settings"])["access_token"])
    assert plain.get("BankTransactions").status_code == 403


def test_unreconciled_payments_filtered_paged_and_reconciled(books, sandbox):
    """Payments of invoices and bills are bank lines waiting too: GET /Payments answers
    where=IsReconciled==false in pages (the replies checked against the contract), each with its
    type, bank account and amounts; reconciling through the admin API marks them."""
    day = today(sandbox)
    sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/banktransactions", json={"reconcile": "all"})
    assert books.items("Payments", params={"where": "IsReconciled==false"}) == []
    where = 'Status=="AUTHORISED" AND CurrencyCode=="AUD" AND Type=="{}"'
    sale = books.items("Invoices", params={"where": where.format("ACCREC")})[0]
    bill = books.items("Invoices", params={"where": where.format("ACCPAY")})[0]
    def paid(invoice, bank, value, **more):
        return {"Invoice": {"InvoiceID": invoice["InvoiceID"]}, "Account": {"Code": bank}, "Date": day.isoformat(),
                "Amount": value, **more}

    reply = books.put("Payments", {"Payments": [paid(sale, "090", 10), paid(bill, "091", 4),
                                                paid(sale, "090", 1, IsReconciled=True)]})
    assert reply.status_code == 200, reply.text
    page = books.get("Payments", params={"where": "IsReconciled==false", "page": 1, "pageSize": 1})
    assert page.status_code == 200, page.text
    assert page.json()["pagination"] == {"page": 1, "pageSize": 1, "pageCount": 2, "itemCount": 2}
    waiting = books.items("Payments", params={"where": "IsReconciled==false", "page": 1, "pageSize": 1000})
    found = {(p["PaymentType"], p["Account"]["Code"], p["Amount"], p["BankAmount"]) for p in waiting}
    assert found == {("ACCRECPAYMENT", "090", 10.0, 10.0), ("ACCPAYPAYMENT", "091", 4.0, 4.0)}
    assert all(p["Status"] == "AUTHORISED" and p["IsReconciled"] is False and p["Account"]["AccountID"]
               for p in waiting)
    done = sandbox.admin("POST", f"/__sandbox__/tenants/{WALLABY}/banktransactions",
                         json={"reconcile": [waiting[0]["PaymentID"]]})
    assert done == {"reconciled": 0, "payments": 1}
    assert len(books.items("Payments", params={"where": "IsReconciled==false"})) == 1


def test_lock_dates_set_and_moved_backwards(books, sandbox):
    admin = f"/__sandbox__/tenants/{WALLABY}/organisation"
    sandbox.admin("POST", admin, json={"PeriodLockDate": "2026-06-30", "EndOfYearLockDate": "2026-03-31"})
    org = books.items("Organisation", key="Organisations")[0]
    assert org["PeriodLockDate"].startswith("/Date(") and org["EndOfYearLockDate"].startswith("/Date(")
    first = org["PeriodLockDate"]
    sandbox.admin("POST", admin, json={"PeriodLockDate": "2026-05-31"})  # reopened
    org = books.items("Organisation", key="Organisations")[0]
    assert org["PeriodLockDate"] < first or len(org["PeriodLockDate"]) < len(first)
    sandbox.admin("POST", admin, json={"PeriodLockDate": None, "EndOfYearLockDate": None})
    org = books.items("Organisation", key="Organisations")[0]
    assert "PeriodLockDate" not in org and "EndOfYearLockDate" not in org


def test_sdk_reads_the_bank_summary(sandbox):
    pytest.importorskip("xero_python")
    from xero_sandbox.tests.test_sdk import Sdk

    sdk = Sdk(sandbox, tenants=(WALLABY,), token=sandbox.grant([WALLABY], SCOPES))
    day = today(sandbox)
    plant(sandbox, {"bank": "090", "type": "SPEND", "amount": 12, "date": day.isoformat()})
    report = sdk.accounting.get_report_bank_summary(WALLABY, from_date=day.replace(day=1), to_date=day).reports[0]
    raw, _rows = summary(sdk.raw, fromDate=day.replace(day=1).isoformat(), toDate=day.isoformat())
    assert report.report_type == "BankSummary" and report.report_titles == raw["ReportTitles"]
    section = report.rows[1]
    assert [c.value for c in section.rows[0].cells] == [c["Value"] for c in raw["Rows"][1]["Rows"][0]["Cells"]]
    assert section.rows[0].cells[0].attributes[0].id == "accountID"
    unreconciled = sdk.accounting.get_bank_transactions(WALLABY, where="IsReconciled==false", page=1)
    assert len(unreconciled.bank_transactions) == 1 and unreconciled.bank_transactions[0].is_reconciled is False
