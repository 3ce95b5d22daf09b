"""The demo's catalogue (items and contact groups) and the pages "Open in Xero" links reach:
HTML showing the record, never a JSON 404."""

from urllib.parse import quote

import requests

from xero_sandbox.seed_data import CATALOGUE

SHORT_CODE = "!wWh77"  # Wallaby's


def page(sandbox, path="", code=SHORT_CODE):
    url = f"{sandbox.url}/organisationlogin/default.aspx?shortcode={quote(code)}"
    reply = requests.get(url + (f"&redirecturl={quote(path)}" if path else ""), timeout=30)
    assert reply.headers["Content-Type"].startswith("text/html"), reply.text[:200]
    return reply


def test_catalogue_adds_items_and_groups_once(api, sandbox):
    added = sandbox.admin("POST", "/__sandbox__/catalogue", json={})
    assert added["wallaby"] == len(CATALOGUE["wallaby"]["items"]) + len(CATALOGUE["wallaby"]["groups"])
    assert sandbox.admin("POST", "/__sandbox__/catalogue", json={})["wallaby"] == 0  # nothing twice
    items = {i["Code"]: i for i in api.get("Items").json()["Items"]}
    assert set(items) == {i["Code"] for i in CATALOGUE["wallaby"]["items"]}
    oil = items["OIL-5L"]
    assert oil["IsTrackedAsInventory"] and oil["PurchaseDetails"]["COGSAccountCode"] == "310"
    assert items["CRATE-HIRE"]["IsPurchased"] is False
    groups = api.get("ContactGroups").json()["ContactGroups"]
    cafes = next(g for g in groups if g["Name"] == "Cafes and grocers")
    members = api.get(f"ContactGroups/{cafes['ContactGroupID']}").json()["ContactGroups"][0]["Contacts"]
    assert sorted(m["Name"] for m in members) == ["Bondi Corner Store", "Fitzroy Grocer", "Parramatta Pantry"]


def test_open_in_xero_pages(api, sandbox):
    sandbox.admin("POST", "/__sandbox__/catalogue", json={})
    org = page(sandbox)
    assert org.status_code == 200 and "<h1>Wallaby Wholesale Pty</h1>" in org.text
    invoice = next(i for i in api.get("Invoices").json()["Invoices"] if i["Type"] == "ACCREC")
    shown = page(sandbox, f"/AccountsReceivable/View.aspx?InvoiceID={invoice['InvoiceID']}")
    assert shown.status_code == 200 and f"<h1>{invoice['InvoiceNumber']}</h1>" in shown.text
    assert "<h2>Lines</h2>" in shown.text and invoice["Contact"]["Name"] in shown.text
    note = api.get("CreditNotes").json()["CreditNotes"][0]
    shown = page(sandbox, f"/AccountsPayable/ViewCreditNote.aspx?creditNoteID={note['CreditNoteID']}")
    assert shown.status_code == 200 and note["CreditNoteNumber"] in shown.text
    contact = next(c for c in api.get("Contacts").json()["Contacts"] if c["Name"] == "Fitzroy Grocer")
    shown = page(sandbox, f"/Contacts/View/{contact['ContactID']}")
    assert "<h1>Fitzroy Grocer</h1>" in shown.text and "Cafes and grocers" in shown.text
    chart = page(sandbox, "/GeneralLedger/ChartOfAccounts.aspx")
    assert "<td>200</td><td>Sales</td>" in chart.text
    journal = api.get("ManualJournals").json()["ManualJournals"][0]
    shown = page(sandbox, f"/Journal/View.aspx?invoiceID={journal['ManualJournalID']}")
    assert shown.status_code == 200 and journal["Narration"] in shown.text
    # what the sandbox does not have: an HTML page saying so, with the way back
    for missing in (page(sandbox, "/AccountsReceivable/View.aspx?InvoiceID=nothing-here"),
                    page(sandbox, "/Payroll/Employees.aspx"), page(sandbox, code="!nope")):
        assert missing.status_code == 404 and "<h1>" in missing.text
    assert "Kiwi Garden Supplies" in page(sandbox, code="!nope").text
