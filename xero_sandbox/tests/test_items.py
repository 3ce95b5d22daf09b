"""Items and contact groups: Xero's validation, upsert by Code, tracked items, members; every
exchange held to Xero's contract (strict sandbox) and read alike by Xero's own SDK."""

import pytest

from xero_sandbox.tests.common import WALLABY

xero_python = pytest.importorskip("xero_python")

from xero_python.accounting import Item, Items, Purchase  # noqa: E402

from xero_sandbox.tests.test_sdk import Sdk, read_alike  # noqa: E402


def item(code, name="Garden spade", price=45.5, **extra):
    return dict({"Code": code, "Name": name, "Description": f"{name} (sales)",
                 "SalesDetails": {"UnitPrice": price, "AccountCode": "200", "TaxType": "OUTPUT"},
                 "PurchaseDetails": {"UnitPrice": 20.0, "AccountCode": "310", "TaxType": "INPUT"}}, **extra)


def messages(reply, key="Items"):
    body = reply.json()
    assert "Elements" in body or key in body, body
    element = body["Elements"][0] if "Elements" in body else body[key][0]
    return [m["Message"] for m in element.get("ValidationErrors", [])]


def test_items_create_read_update_by_code(api):
    reply = api.put("Items", {"Items": [item("SPADE-1")]})
    assert reply.status_code == 200, reply.text
    saved = reply.json()["Items"][0]
    assert saved["ItemID"] and saved["SalesDetails"]["UnitPrice"] == 45.5 and not saved["IsTrackedAsInventory"]
    assert [i["Code"] for i in api.items("Items")] == ["SPADE-1"]
    assert api.items(f"Items/{saved['ItemID']}")[0]["Code"] == "SPADE-1"
    # POST with the Code of an existing item updates it; PUT refuses a second item of that code
    reply = api.post("Items", {"Items": [item("SPADE-1", price=50.0)]})
    assert reply.status_code == 200, reply.text
    assert reply.json()["Items"][0]["ItemID"] == saved["ItemID"]
    assert api.items("Items")[0]["SalesDetails"]["UnitPrice"] == 50.0
    reply = api.put("Items", {"Items": [item("spade-1")]})
    assert reply.status_code == 400 and messages(reply) == ["Item code 'spade-1' already exists."]
    # not sold: the sales side is emptied
    reply = api.post(f"Items/{saved['ItemID']}", {"Items": [{"Code": "SPADE-1", "IsSold": False}]})
    assert reply.status_code == 200, reply.text
    assert reply.json()["Items"][0]["SalesDetails"] == {} and reply.json()["Items"][0]["Description"] == ""


def test_item_validation(api):
    cases = [
        (item(""), "Item code must be specified."),
        (item("ACC", SalesDetails={"UnitPrice": 1, "AccountCode": "999"}),
         "Account code '999' is not a valid code for sales."),
        (item("TAX", SalesDetails={"UnitPrice": 1, "TaxType": "NOPE"}),
         "The TaxType code 'NOPE' does not exist or cannot be used for sales."),
        (item("TRK", InventoryAssetAccountCode="200"),
         "The inventory asset account '200' must be an active account of type Inventory."),
    ]
    for element, message in cases:
        reply = api.put("Items", {"Items": [element]})
        assert reply.status_code == 400, element
        assert message in messages(reply), (element, messages(reply))
    # beyond the lengths Xero's file declares, the whole request is refused
    for element in (item("X" * 31), item("LONG", name="N" * 51)):
        reply = api.put("Items", {"Items": [element]})
        assert reply.status_code == 400 and "is too long" in reply.json()["Message"], reply.text
    assert api.items("Items") == []
    reply = api.put("Items?summarizeErrors=false", {"Items": [item("OK-1"), item("")]})
    assert reply.status_code == 200
    assert [i["StatusAttributeString"] for i in reply.json()["Items"]] == ["OK", "ERROR"]


def test_tracked_item_keeps_its_inventory_account(api):
    tracked = item("BOLT", InventoryAssetAccountCode="630",
                   PurchaseDetails={"UnitPrice": 2.5, "COGSAccountCode": "310", "TaxType": "INPUT"})
    reply = api.put("Items", {"Items": [tracked]})
    assert reply.status_code == 200, reply.text
    saved = reply.json()["Items"][0]
    assert saved["IsTrackedAsInventory"] and saved["InventoryAssetAccountCode"] == "630"
    assert saved["PurchaseDetails"]["COGSAccountCode"] == "310" and saved["QuantityOnHand"] == 0
    reply = api.put("Items", {"Items": [dict(tracked, Code="NUT", PurchaseDetails={"UnitPrice": 1})]})
    assert "A cost of goods sold account is required for a tracked inventory item." in messages(reply)


def test_invoice_lines_name_existing_items(api):
    api.put("Items", {"Items": [item("SPADE-1")]})
    contact = api.items("Contacts")[0]["ContactID"]

    def invoice(code):
        return {"Invoices": [{"Type": "ACCREC", "Contact": {"ContactID": contact}, "LineAmountTypes": "Exclusive",
                              "LineItems": [{"ItemCode": code, "Description": "Spade", "Quantity": 1,
                                             "UnitAmount": 45.5, "AccountCode": "200", "TaxType": "OUTPUT"}]}]}
    reply = api.put("Invoices", invoice("SPADE-1"))
    assert reply.status_code == 200, reply.text
    assert reply.json()["Invoices"][0]["LineItems"][0]["ItemCode"] == "SPADE-1"
    reply = api.put("Invoices", invoice("NOPE"))
    assert reply.status_code == 400 and "Item code 'NOPE' is not valid." in messages(reply, "Invoices")


def test_contact_groups_and_members(api):
    contacts = [c["ContactID"] for c in api.items("Contacts")[:3]]
    reply = api.put("ContactGroups", {"ContactGroups": [{"Name": "VIP"}]})
    assert reply.status_code == 200, reply.text
    group = reply.json()["ContactGroups"][0]["ContactGroupID"]
    reply = api.put("ContactGroups", {"ContactGroups": [{"Name": "vip"}]})
    assert reply.status_code == 400
    reply = api.put(f"ContactGroups/{group}/Contacts", {"Contacts": [{"ContactID": c} for c in contacts]})
    assert reply.status_code == 200, reply.text
    assert [c["ContactID"] for c in reply.json()["Contacts"]] == contacts
    assert "Contacts" not in api.items("ContactGroups")[0]
    members = api.items(f"ContactGroups/{group}", "ContactGroups")[0]["Contacts"]
    assert sorted(c["ContactID"] for c in members) == sorted(contacts)
    assert api.request("DELETE", f"ContactGroups/{group}/Contacts/{contacts[0]}").status_code == 204
    assert len(api.items(f"ContactGroups/{group}", "ContactGroups")[0]["Contacts"]) == 2
    assert api.request("DELETE", f"ContactGroups/{group}/Contacts/{contacts[0]}").status_code == 400
    assert api.request("DELETE", f"ContactGroups/{group}/Contacts").status_code == 204
    assert api.items(f"ContactGroups/{group}", "ContactGroups")[0]["Contacts"] == []
    reply = api.post(f"ContactGroups/{group}", {"ContactGroups": [{"Status": "DELETED"}]})
    assert reply.status_code == 200, reply.text
    assert api.items("ContactGroups") == []


def test_sdk_reads_and_writes_items_and_groups(sandbox):
    sdk = Sdk(sandbox)
    api = sdk.accounting
    created = api.create_items(WALLABY, Items(items=[Item(
        code="SDK-1", name="Made by the SDK", sales_details=Purchase(unit_price=12.34, account_code="200",
                                                                     tax_type="OUTPUT"))]))
    assert created.items[0].item_id
    read_alike(api.get_items(WALLABY).items, sdk.raw.items("Items"), "Items")
    sdk.raw.put("ContactGroups", {"ContactGroups": [{"Name": "Wholesale"}]})
    read_alike(api.get_contact_groups(WALLABY).contact_groups, sdk.raw.items("ContactGroups"), "ContactGroups")
