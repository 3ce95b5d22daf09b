"""Purchase orders and quotes: created, read, updated and moved through Xero's statuses over
HTTP, refused as Xero refuses them, and read alike by Xero's own SDK (the session's sandbox is
strict: every exchange is checked against Xero's OpenAPI file)."""

import pytest

from xero_sandbox.tests.common import WALLABY


def _contact(api):
    return api.items("Contacts")[0]["ContactID"]


def _po(api, **extra):
    return {"Contact": {"ContactID": _contact(api)}, "Date": "2026-10-03", "PurchaseOrderNumber": "P00042",
            "Reference": "REF-1 [odoo:abc:7]", "LineAmountTypes": "Exclusive",
            "LineItems": [{"Description": "Paper", "Quantity": 3, "UnitAmount": 123.45, "DiscountRate": 10,
                           "AccountCode": "400", "TaxType": "INPUT"},
                          {"Description": "Freight", "Quantity": 1, "UnitAmount": 33.33, "AccountCode": "400",
                           "TaxType": "BASEXCLUDED"}], **extra}


def _quote(api, **extra):
    return {"Contact": {"ContactID": _contact(api)}, "Date": "2026-10-03", "QuoteNumber": "S00042",
            "LineAmountTypes": "EXCLUSIVE",
            "LineItems": [{"Description": "Consulting", "Quantity": 2, "UnitAmount": 99.99, "AccountCode": "200",
                           "TaxType": "OUTPUT"}], **extra}


def _saved(reply, collection):
    assert reply.status_code == 200, reply.text
    element = reply.json()[collection][0]
    assert not element.get("ValidationErrors"), element
    return element


def _refused(reply, collection):
    assert reply.status_code == 200, reply.text
    return [e["Message"] for e in reply.json()[collection][0].get("ValidationErrors") or []]


def test_purchase_order_created_with_xero_totals_then_billed_and_deleted(api):
    po = _saved(api.put("PurchaseOrders", {"PurchaseOrders": [_po(api, Status="AUTHORISED")]},
                        params={"summarizeErrors": "false"}), "PurchaseOrders")
    # 3 x 123.45 less 10% = 333.32 (333.315 rounded half up), tax 33.33; freight untaxed
    assert (po["SubTotal"], po["TotalTax"], po["Total"]) == (366.65, 33.33, 399.98)
    assert po["Status"] == "AUTHORISED" and po["PurchaseOrderNumber"] == "P00042"
    found = api.items(f"PurchaseOrders/{po['PurchaseOrderID']}", "PurchaseOrders")
    assert found[0]["Total"] == 399.98
    assert api.items("PurchaseOrders/P00042", "PurchaseOrders")[0]["PurchaseOrderID"] == po["PurchaseOrderID"]
    billed = _saved(api.post(f"PurchaseOrders/{po['PurchaseOrderID']}",
                             {"PurchaseOrders": [{"Status": "BILLED"}]}), "PurchaseOrders")
    assert billed["Status"] == "BILLED"
    assert _refused(api.post("PurchaseOrders", {"PurchaseOrders": [{
        "PurchaseOrderID": po["PurchaseOrderID"], "LineItems": _po(api)["LineItems"][:1]}]},
        params={"summarizeErrors": "false"}), "PurchaseOrders") == [
        "A billed purchase order's lines cannot be changed."]
    back = _saved(api.post("PurchaseOrders", {"PurchaseOrders": [{"PurchaseOrderID": po["PurchaseOrderID"],
                                                                  "Status": "AUTHORISED"}]}), "PurchaseOrders")
    assert back["Status"] == "AUTHORISED"
    deleted = _saved(api.post("PurchaseOrders", {"PurchaseOrders": [{"PurchaseOrderID": po["PurchaseOrderID"],
                                                                     "Status": "DELETED"}]}), "PurchaseOrders")
    assert deleted["Status"] == "DELETED"
    assert [p["Status"] for p in api.items("PurchaseOrders", params={"Status": "DELETED"})] == ["DELETED"]
    assert _refused(api.post("PurchaseOrders", {"PurchaseOrders": [{"PurchaseOrderID": po["PurchaseOrderID"],
                                                                    "Status": "AUTHORISED"}]},
                             params={"summarizeErrors": "false"}), "PurchaseOrders")


def test_purchase_order_refusals(api):
    bad = _po(api, Status="BILLED", PurchaseOrderNumber="P00043")
    bad["LineItems"][0]["AccountCode"] = "999"
    messages = _refused(api.put("PurchaseOrders", {"PurchaseOrders": [bad]}, params={"summarizeErrors": "false"}),
                        "PurchaseOrders")
    assert "A new purchase order cannot be created with the status BILLED." in messages
    assert "Account code '999' is not a valid code for this document." in messages
    no_contact = {k: v for k, v in _po(api).items() if k != "Contact"}
    reply = api.put("PurchaseOrders", {"PurchaseOrders": [no_contact]})
    assert reply.status_code == 400
    assert reply.json()["Elements"][0]["ValidationErrors"][0]["Message"] == \
        "A Contact must be specified for this type of transaction"
    _saved(api.put("PurchaseOrders", {"PurchaseOrders": [_po(api)]}), "PurchaseOrders")
    assert "Purchase Order number P00042 must be unique." in _refused(
        api.put("PurchaseOrders", {"PurchaseOrders": [_po(api)]}, params={"summarizeErrors": "false"}),
        "PurchaseOrders")


def test_quote_lifecycle_and_refusals(api):
    quote = _saved(api.put("Quotes", {"Quotes": [_quote(api, Status="SENT")]}), "Quotes")
    assert (quote["SubTotal"], quote["TotalTax"], quote["Total"], quote["Status"]) == (199.98, 20.0, 219.98, "SENT")
    assert quote["LineAmountTypes"] == "EXCLUSIVE"
    qid = quote["QuoteID"]
    # a status change is a whole quote: contact, date and lines
    assert "Date must be specified." in _refused(api.post("Quotes", {"Quotes": [
        {"QuoteID": qid, "Contact": quote["Contact"], "Status": "ACCEPTED"}]}, params={"summarizeErrors": "false"}),
        "Quotes")
    accepted = _saved(api.post(f"Quotes/{qid}", {"Quotes": [_quote(api, Status="ACCEPTED")]}), "Quotes")
    assert accepted["Status"] == "ACCEPTED"
    changed = _quote(api)
    changed["LineItems"][0]["Quantity"] = 5
    assert "The lines of a quote in status ACCEPTED cannot be changed." in _refused(
        api.post("Quotes", {"Quotes": [dict(changed, QuoteID=qid)]}, params={"summarizeErrors": "false"}), "Quotes")
    assert _saved(api.post(f"Quotes/{qid}", {"Quotes": [_quote(api, Status="INVOICED")]}), "Quotes")["Status"] == \
        "INVOICED"
    assert "The quote status cannot be changed from INVOICED to DECLINED." in _refused(
        api.post("Quotes", {"Quotes": [_quote(api, Status="DECLINED", QuoteID=qid)]},
                 params={"summarizeErrors": "false"}), "Quotes")
    assert "A new quote cannot be created with the status ACCEPTED." in _refused(
        api.put("Quotes", {"Quotes": [_quote(api, Status="ACCEPTED", QuoteNumber="S00043")]},
                params={"summarizeErrors": "false"}), "Quotes")
    draft = _saved(api.put("Quotes", {"Quotes": [_quote(api, QuoteNumber="S00044", LineAmountTypes="INCLUSIVE")]}),
                   "Quotes")
    assert (draft["Status"], draft["SubTotal"], draft["TotalTax"], draft["Total"]) == ("DRAFT", 181.8, 18.18, 199.98)
    assert _saved(api.post(f"Quotes/{draft['QuoteID']}", {"Quotes": [_quote(
        api, QuoteNumber="S00044", LineAmountTypes="INCLUSIVE", Status="DELETED")]}), "Quotes")["Status"] == "DELETED"
    assert [q["QuoteNumber"] for q in api.items("Quotes", params={"Status": "INVOICED"})] == ["S00042"]


def test_orders_read_alike_by_xeros_sdk(api, sandbox):
    xero_python = pytest.importorskip("xero_python")
    from xero_sandbox.tests.test_sdk import Sdk, read_alike

    assert xero_python
    _saved(api.put("PurchaseOrders", {"PurchaseOrders": [_po(api, Status="AUTHORISED")]}), "PurchaseOrders")
    _saved(api.put("Quotes", {"Quotes": [_quote(api, Status="SENT")]}), "Quotes")
    sdk = Sdk(sandbox)
    read_alike(sdk.accounting.get_purchase_orders(WALLABY).purchase_orders, sdk.raw.items("PurchaseOrders"),
               "PurchaseOrders")
    read_alike(sdk.accounting.get_quotes(WALLABY).quotes, sdk.raw.items("Quotes"), "Quotes")
