"""Items <-> products and contact groups <-> tags: the pure mappers, without Odoo."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xero_connector.sync import records
from xero_connector.sync.mappers import items as im
from xero_connector.sync.mappers import publish as publish_mappers
from xero_connector.sync.mappers import pull as pull_mappers

ITEM = {
    "ItemID": "a1", "Code": "SPADE-1", "Name": "Garden spade", "Description": "A spade",
    "PurchaseDescription": "Spade, bought", "IsSold": True, "IsPurchased": True,
    "SalesDetails": {"UnitPrice": 45.5, "AccountCode": "200", "TaxType": "OUTPUT"},
    "PurchaseDetails": {"UnitPrice": 20.1234, "AccountCode": "310", "TaxType": "INPUT"},
    "UpdatedDateUTC": "/Date(1774915200000+0000)/",
}
TRACKED = dict(ITEM, ItemID="a2", Code="BOLT", IsTrackedAsInventory=True, InventoryAssetAccountCode="630",
               QuantityOnHand=12.0, PurchaseDetails={"UnitPrice": 2.5, "COGSAccountCode": "310", "TaxType": "INPUT"})
CTX = {"accounts": {1: "200", 2: "310", 3: "400"}, "sale_taxes": {10: "OUTPUT"}, "purchase_taxes": {20: "INPUT"}}


class Resolve:
    def account(self, code):
        return {"200": 1, "310": 2}.get(code)

    def tax(self, tax_type, use):
        return {("OUTPUT", "sale"): 10, ("INPUT", "purchase"): 20}.get((tax_type, use))


def checked(kind, item):
    record = records.read_one(kind, item)
    assert not isinstance(record, records.Unreadable), record
    return record


def product(**extra):
    return dict({"code": "SPADE-1", "name": "Garden spade", "description_sale": "A spade",
                 "description_purchase": "", "sale_ok": True, "purchase_ok": True, "list_price": 45.5,
                 "standard_price": 20.1234, "income_account_id": 1, "expense_account_id": 2,
                 "sale_tax_ids": [10], "purchase_tax_ids": [20]}, **extra)


def test_item_to_product_values():
    values = im.product_values(checked("items", ITEM), Resolve())
    assert values["product"] == {"name": "Garden spade", "default_code": "SPADE-1", "sale_ok": True,
                                 "purchase_ok": True, "description_sale": "A spade",
                                 "description_purchase": "Spade, bought", "list_price": 45.5}
    assert (values["income_account_id"], values["expense_account_id"]) == (1, 2)
    assert (values["sale_tax_id"], values["purchase_tax_id"], values["standard_price"]) == (10, 20, 20.1234)


def test_tracked_item_keeps_xeros_accounts():
    item = checked("items", TRACKED)
    link = im.item_binding(item)
    assert (link["tracked"], link["inventory_account_code"], link["cogs_account_code"]) == (True, "630", "310")
    assert im.product_values(item, Resolve())["expense_account_id"] == 2  # cost of goods sold
    payload = im.item_payload(product(code="BOLT", tracked=True, inventory_account_code="630",
                                      cogs_account_code="310", expense_account_id=3), CTX)
    assert payload["InventoryAssetAccountCode"] == "630"
    assert payload["PurchaseDetails"] == {"UnitPrice": 20.1234, "COGSAccountCode": "310", "TaxType": "INPUT"}
    assert "QuantityOnHand" not in payload


def test_unmapped_account_or_tax_leaves_the_products_own():
    item = checked("items", dict(ITEM, SalesDetails={"UnitPrice": 1, "AccountCode": "999", "TaxType": "ODD"}))
    values = im.product_values(item, Resolve())
    assert (values["income_account_id"], values["sale_tax_id"]) == (None, None)


def test_not_sold_item_changes_no_sales_side():
    values = im.product_values(checked("items", dict(ITEM, IsSold=False, SalesDetails=None)), Resolve())
    assert values["product"]["sale_ok"] is False and "list_price" not in values["product"]


def test_product_to_item_payload():
    payload = im.item_payload(product(name="N" * 60), CTX)
    assert payload["Code"] == "SPADE-1" and payload["Name"] == "N" * 50 and payload["IsSold"]
    assert payload["SalesDetails"] == {"UnitPrice": 45.5, "AccountCode": "200", "TaxType": "OUTPUT"}
    assert payload["PurchaseDetails"] == {"UnitPrice": 20.1234, "AccountCode": "310", "TaxType": "INPUT"}
    assert payload["PurchaseDescription"] == "N" * 60  # the full name where Xero allows it
    bare = im.item_payload(product(sale_ok=False, income_account_id=99, purchase_tax_ids=[77]), CTX)
    assert "SalesDetails" not in bare and "TaxType" not in bare["PurchaseDetails"]


@pytest.mark.parametrize("code, why", [("", "has no internal reference"), ("X" * 31, "longer than Xero's 30")])
def test_product_xero_refuses(code, why):
    with pytest.raises(im.ItemRefused, match=why):
        im.item_payload(product(code=code), CTX)


def test_item_without_code_is_unreadable():
    bad = records.read_one("items", dict(ITEM, Code=""))
    assert isinstance(bad, records.Unreadable) and bad.xero_id == "a1"


def test_match_by_code_then_name():
    item = checked("items", ITEM)
    assert im.match_rule(item, {"spade-1": [1]}, {"garden spade": [2]}) == ([1], "code")
    assert im.match_rule(item, {}, {"garden spade": [2, 3]}) == ([2, 3], "name")
    assert im.match_rule(item, {}, {}) == ([], None)


@given(st.decimals(min_value=Decimal("-99999999"), max_value=Decimal("99999999"), places=4, allow_nan=False,
                   allow_infinity=False))
def test_price_round_trip(value):
    """A price with Xero's four places survives Odoo (a float) and back, to the last place."""
    item = checked("items", dict(ITEM, SalesDetails={"UnitPrice": str(value)}))
    odoo = im.product_values(item, Resolve())["product"]["list_price"]
    sent = im.item_payload(product(list_price=odoo), CTX)["SalesDetails"]["UnitPrice"]
    assert Decimal(str(sent)) == value


def test_line_item_codes_both_ways():
    codes = {8: "SPADE-1"}
    assert publish_mappers.line_item_code({"product_id": 8}, {"item_codes": codes}) == "SPADE-1"
    assert publish_mappers.line_item_code({"product_id": 9}, {"item_codes": codes}) is None
    assert publish_mappers.line_item_code({}, {}) is None
    assert im.with_item_code({"Quantity": 1}, 8, codes) == {"Quantity": 1, "ItemCode": "SPADE-1"}
    assert im.with_item_code({"Quantity": 1}, None, codes) == {"Quantity": 1}

    class Resolver(Resolve):
        def partner(self, contact_id):
            return 7

        def currency(self, code):
            return 1

        def analytic(self, tracking):
            return {}

        def product(self, code):
            return {"SPADE-1": 8}.get(code)

    invoice = {"InvoiceID": "i1", "Type": "ACCREC", "Contact": {"ContactID": "c1"}, "Status": "AUTHORISED",
               "LineAmountTypes": "Exclusive", "DateString": "2026-03-31T00:00:00",
               "LineItems": [{"ItemCode": "SPADE-1", "Quantity": 1, "UnitAmount": 45.5, "AccountCode": "200"},
                             {"ItemCode": "GONE", "Quantity": 1, "UnitAmount": 1, "AccountCode": "200"}]}
    lines = pull_mappers.document_values(checked("invoices", invoice), Resolver())["invoice_line_ids"]
    assert lines[0][2]["product_id"] == 8 and "product_id" not in lines[1][2]


def test_contact_group_record_and_membership():
    group = checked("contact_groups", {"ContactGroupID": "g1", "Name": "VIP", "Status": "ACTIVE",
                                       "Contacts": [{"ContactID": "c1", "Name": "A"}]})
    assert group.name == "VIP" and [c.contact_id for c in group.contacts] == ["c1"]
    assert im.membership_changes({"c1", "c2"}, {"c2", "c3"}) == (["c3"], ["c1"])
