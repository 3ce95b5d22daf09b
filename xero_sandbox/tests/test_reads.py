"""Accounting API reads: every collection, paging, If-Modified-Since, where/order, filters."""

from datetime import UTC, datetime, timedelta

import pytest

from xero_sandbox.tests.common import KIWI, THAMES, WALLABY


def test_organisation_of_each_country(api):
    for tenant, country, currency, version in ((WALLABY, "AU", "AUD", "AU"), (KIWI, "NZ", "NZD", "NZ"),
                                               (THAMES, "GB", "GBP", "UK")):
        api.tenant = tenant
        org = api.items("Organisation", "Organisations")[0]
        assert (org["CountryCode"], org["BaseCurrency"], org["Version"]) == (country, currency, version)
        assert org["OrganisationID"] == tenant and org["ShortCode"].startswith("!")


def test_reference_lists(api):
    accounts = api.items("Accounts")
    assert len(accounts) >= 30 and {"200", "610", "800"} <= {a["Code"] for a in accounts}
    assert any(a["Status"] == "ARCHIVED" for a in accounts)  # Accounts always include archived ones
    taxes = {t["TaxType"]: t for t in api.items("TaxRates")}
    assert taxes["OUTPUT"]["EffectiveRate"] == 10.0 and taxes["INPUT"]["CanApplyToExpenses"]
    api.tenant = KIWI
    assert {t["TaxType"]: t["EffectiveRate"] for t in api.items("TaxRates")}["OUTPUT2"] == 15.0
    currencies = {c["Code"] for c in api.items("Currencies")}
    assert "NZD" in currencies and len(currencies) > 1


def test_tracking_categories_hide_archived_options_unless_asked(api):
    active = api.items("TrackingCategories")
    everything = api.items("TrackingCategories", params={"includeArchived": "true"})
    assert all(o["Status"] == "ACTIVE" for c in active for o in c["Options"])
    assert sum(len(c["Options"]) for c in everything) > sum(len(c["Options"]) for c in active)
    assert any(o["Status"] == "ARCHIVED" for c in everything for o in c["Options"])


def test_paging_with_pagination_block(api):
    everything = api.items("Contacts", params={"includeArchived": "true"})
    first = api.get("Contacts", params={"page": 1, "pageSize": 3, "includeArchived": "true"}).json()
    assert first["pagination"] == {"page": 1, "pageSize": 3, "pageCount": -(-len(everything) // 3),
                                   "itemCount": len(everything)}
    seen = []
    for page in range(1, first["pagination"]["pageCount"] + 2):
        seen += api.items("Contacts", params={"page": page, "pageSize": 3, "includeArchived": "true"})
    assert [c["ContactID"] for c in seen] == [c["ContactID"] for c in everything]
    assert api.get("Invoices", params={"page": 1, "pageSize": 5000}).json()["pagination"]["pageSize"] == 1000


def test_archived_contacts_only_on_request(api):
    active = api.items("Contacts")
    everything = api.items("Contacts", params={"includeArchived": "true"})
    assert len(everything) > len(active) and all(c["ContactStatus"] == "ACTIVE" for c in active)


def test_if_modified_since_returns_only_changes(api, sandbox):
    contact = api.items("Contacts")[0]
    sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 120})
    now = datetime.now(UTC) + timedelta(seconds=60)  # between the seed and the change below
    renamed = api.post("Contacts", {"Contacts": [{"ContactID": contact["ContactID"], "Name": "Renamed Pty"}]})
    assert renamed.status_code == 200, renamed.text
    since = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    changed = api.items("Contacts", headers={"If-Modified-Since": since})
    assert [c["Name"] for c in changed] == ["Renamed Pty"]
    http_date = now.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert len(api.items("Contacts", headers={"If-Modified-Since": http_date})) == 1
    later = (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
    assert api.items("Invoices", headers={"If-Modified-Since": later}) == []
    assert api.get("Contacts", headers={"If-Modified-Since": "yesterday"}).status_code == 400


def test_where_order_and_filters(api):
    invoices = api.items("Invoices")
    sales = api.items("Invoices", params={"where": 'Type=="ACCREC" AND Status=="AUTHORISED"'})
    assert sales and all(i["Type"] == "ACCREC" and i["Status"] == "AUTHORISED" for i in sales)
    assert {i["InvoiceID"] for i in api.items("Invoices", params={"Statuses": "DRAFT,VOIDED"})} == {
        i["InvoiceID"] for i in invoices if i["Status"] in ("DRAFT", "VOIDED")}
    ids = [i["InvoiceID"] for i in invoices[:2]]
    assert {i["InvoiceID"] for i in api.items("Invoices", params={"IDs": ",".join(ids).upper()})} == set(ids)
    ordered = api.items("Invoices", params={"order": "Total DESC"})
    assert [i["Total"] for i in ordered] == sorted((i["Total"] for i in invoices), reverse=True)
    assert api.get("Invoices", params={"where": 'Type = "ACCREC"'}).status_code == 400
    number = next(i for i in invoices if i.get("InvoiceNumber", "").startswith("INV-"))["InvoiceNumber"]
    assert api.items(f"Invoices/{number}", "Invoices")[0]["InvoiceNumber"] == number


def test_summary_only_drops_lines(api):
    full = api.items("Invoices")
    summary = api.items("Invoices", params={"summaryOnly": "true"})
    assert all("LineItems" in i for i in full) and not any("LineItems" in i for i in summary)
    assert [i["Total"] for i in summary] == [i["Total"] for i in full]


def test_documents_payments_and_journals_are_consistent(api):
    invoices = {i["InvoiceID"]: i for i in api.items("Invoices")}
    assert {"ACCREC", "ACCPAY"} == {i["Type"] for i in invoices.values()}
    assert {"DRAFT", "AUTHORISED", "PAID", "VOIDED"} <= {i["Status"] for i in invoices.values()}
    for invoice in invoices.values():
        assert round(invoice["SubTotal"] + invoice["TotalTax"], 2) == invoice["Total"]
        assert round(invoice["Total"] - invoice["AmountPaid"] - invoice["AmountCredited"], 2) == invoice["AmountDue"]
        assert invoice["Date"].startswith("/Date(") and invoice["DateString"][:4].isdigit()
    payments = api.items("Payments")
    assert payments and all(p["Invoice"]["InvoiceID"] in invoices for p in payments)
    part_paid = [i for i in invoices.values() if i["Status"] == "AUTHORISED" and i["AmountPaid"]]
    assert part_paid
    notes = api.items("CreditNotes")
    assert {"ACCRECCREDIT", "ACCPAYCREDIT"} == {n["Type"] for n in notes}
    allocated = [n for n in notes if n.get("Allocations")]
    assert allocated and invoices[allocated[0]["Allocations"][0]["Invoice"]["InvoiceID"]]["AmountCredited"] > 0
    journals = api.items("ManualJournals")
    assert journals and all(round(sum(line["LineAmount"] for line in j["JournalLines"]), 2) == 0 for j in journals)
    one = api.items(f"ManualJournals/{journals[0]['ManualJournalID']}", "ManualJournals")
    assert one[0]["Narration"] == journals[0]["Narration"]
    assert api.get("Invoices/00000000-0000-0000-0000-000000000000").status_code == 404


def test_unknown_endpoint_is_404(api):
    assert api.get("Widgets").status_code == 404


@pytest.mark.parametrize("collection", ["Contacts", "Invoices", "CreditNotes", "Payments", "ManualJournals"])
def test_every_paged_collection_pages_and_filters_by_change_time(api, collection):
    everything = api.items(collection, params={"includeArchived": "true"} if collection == "Contacts" else {})
    assert everything, collection
    pages, page = [], 1
    while True:
        reply = api.get(collection, params={"page": page, "pageSize": 2,
                                            **({"includeArchived": "true"} if collection == "Contacts" else {})})
        body = reply.json()
        assert body["pagination"]["itemCount"] == len(everything)
        pages += body[collection]
        if page >= body["pagination"]["pageCount"]:
            break
        page += 1
    id_key = {"Contacts": "ContactID", "Invoices": "InvoiceID", "CreditNotes": "CreditNoteID",
              "Payments": "PaymentID", "ManualJournals": "ManualJournalID"}[collection]
    assert [r[id_key] for r in pages] == [r[id_key] for r in everything]
    future = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    assert api.items(collection, headers={"If-Modified-Since": future}) == []


@pytest.mark.parametrize("collection", ["Accounts", "TaxRates", "TrackingCategories", "Currencies"])
def test_every_list_honours_if_modified_since(api, collection):
    assert api.items(collection)
    future = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    assert api.items(collection, headers={"If-Modified-Since": future}) == []
