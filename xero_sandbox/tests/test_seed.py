"""The seed is an organisation's history: records changed over months, as in Xero, so
If-Modified-Since (and an incremental sync) finds only what changed after a moment."""

import re
from datetime import UTC, datetime, timedelta


def changed_at(record):
    ms = int(re.match(r"/Date\((-?\d+)", record["UpdatedDateUTC"]).group(1))
    return datetime.fromtimestamp(ms / 1000, UTC)


def since(moment):
    return {"If-Modified-Since": moment.strftime("%Y-%m-%dT%H:%M:%S")}


def test_records_changed_over_months_not_in_one_second(api, sandbox):
    now = datetime.fromisoformat(sandbox.admin("GET", "/__sandbox__/state")["now"]).astimezone(UTC)
    accounts = api.items("Accounts")
    contacts = api.items("Contacts", params={"includeArchived": "true"})
    invoices = api.items("Invoices")
    payments = api.items("Payments")
    every = accounts + contacts + invoices + payments
    assert all(changed_at(r) < now for r in every)
    assert len({changed_at(r) for r in every}) > len(every) * 3 // 4  # not one stamp for all
    # the chart first, contacts over the months after, then the trading
    active_chart = [changed_at(a) for a in accounts if a["Status"] == "ACTIVE"]
    assert max(active_chart) < min(changed_at(c) for c in contacts)
    assert now - min(active_chart) > timedelta(days=300)
    customers = [changed_at(c) for c in contacts if c["ContactStatus"] == "ACTIVE"]
    assert max(customers) < min(changed_at(i) for i in invoices)
    # a paid invoice changed when it was paid, not before it was entered
    for payment in payments:
        invoice = next(i for i in invoices if i["InvoiceID"] == payment["Invoice"]["InvoiceID"])
        assert changed_at(invoice) >= changed_at(payment)
    # every record's own date in the Accounting API (its UpdatedDateUTC) is what
    # If-Modified-Since compares: at that second it is not sent again, a second before it is
    newest = max(invoices, key=changed_at)
    assert newest["InvoiceID"] not in {i["InvoiceID"] for i in api.items("Invoices", headers=since(changed_at(newest)))}
    before = api.items("Invoices", headers=since(changed_at(newest) - timedelta(seconds=1)))
    assert newest["InvoiceID"] in {i["InvoiceID"] for i in before}


def test_incremental_reads_see_only_the_last_weeks(api):
    month_ago = datetime.now(UTC) - timedelta(days=30)
    invoices = api.items("Invoices")
    recent = api.items("Invoices", headers=since(month_ago))
    assert 0 < len(recent) < len(invoices)
    assert {i["InvoiceID"] for i in recent} == {i["InvoiceID"] for i in invoices if changed_at(i) > month_ago}
    assert api.items("Contacts", headers=since(month_ago)) == []
    assert api.items("Accounts", headers=since(month_ago)) == []
