"""Orders (purchase orders, quotes) to Xero and back, without Odoo: the payload, Xero's status
steps, and the page edge reading Xero's orders."""

from hypothesis import given
from hypothesis import strategies as st

from xero_connector.sync import records
from xero_connector.sync.mappers import publish as pm
from xero_connector.sync.tests.test_publish_mappers import CTX


def order(collection="PurchaseOrders", **extra):
    return {
        "collection": collection, "name": "P00007", "ref": "V-17", "date": "2026-10-03", "second_date": "2026-10-20",
        "currency": "AUD", "rate": 1.0, "contact_id": "c-1", "token": "odoo:ab12cd34:po7", "status": "AUTHORISED",
        "lines": [{"name": "Paper", "quantity": 3, "price_unit": 123.45, "discount": 10.0, "account_id": 2,
                   "tax_ids": [10], "analytic_distribution": {"50": 100.0}}],
        **extra,
    }


def test_purchase_order_payload():
    payload = pm.order_payload(order(), CTX)
    assert payload["PurchaseOrderNumber"] == "P00007"
    assert payload["DeliveryDate"] == "2026-10-20"
    assert payload["Reference"] == "V-17 [odoo:ab12cd34:po7]"
    assert payload["LineAmountTypes"] == "Exclusive"
    assert payload["LineItems"][0]["AccountCode"] == "400"
    assert payload["LineItems"][0]["Tracking"] == [{"Name": "Region", "Option": "North"}]
    assert "PurchaseOrderID" not in payload


def test_quote_payload_upper_case_amount_types_and_its_id():
    payload = pm.order_payload(order("Quotes", name="S00009", status="SENT", xero_id="q-1",
                                     lines=[dict(order()["lines"][0], tax_ids=[11])]), CTX)
    assert (payload["QuoteNumber"], payload["ExpiryDate"], payload["QuoteID"]) == ("S00009", "2026-10-20", "q-1")
    assert payload["LineAmountTypes"] == "INCLUSIVE"


def test_order_refused_with_reasons():
    try:
        pm.order_payload(order(contact_id=None, lines=[dict(order()["lines"][0], account_id=3)]), CTX)
    except pm.Unpublishable as exc:
        assert exc.reasons == ["the Odoo account Unmapped Sales has no Xero account — map it",
                               "the partner is not a Xero contact yet"]
    else:
        raise AssertionError("not refused")


def test_next_status_takes_xeros_steps():
    assert pm.next_status("Quotes", None, "ACCEPTED") == "SENT"
    assert pm.next_status("Quotes", "SENT", "INVOICED") == "ACCEPTED"
    assert pm.next_status("Quotes", "DRAFT", "DECLINED") == "SENT"
    assert pm.next_status("Quotes", "SENT", "SENT") is None
    assert pm.next_status("PurchaseOrders", None, "BILLED") == "AUTHORISED"
    assert pm.next_status("PurchaseOrders", "AUTHORISED", "BILLED") == "BILLED"
    assert pm.next_status("PurchaseOrders", "DELETED", "AUTHORISED") is None


@given(st.sampled_from(list(pm.ORDER_NEXT)), st.data())
def test_next_status_always_reaches_what_is_reachable(collection, data):
    graph = pm.ORDER_NEXT[collection]
    current = data.draw(st.sampled_from([None, *graph]))
    wanted = data.draw(st.sampled_from(list(graph)))
    seen, status = set(), current
    while (step := pm.next_status(collection, status, wanted)) is not None:
        assert step in (pm.ORDER_NEW[collection] if status is None else graph[status])
        assert step not in seen
        seen.add(step)
        status = step
    # once a first step is sent, the steps lead all the way to the wanted status
    assert status == wanted or not seen


def test_orders_read_at_the_page_edge():
    page = records.read_page("quotes", [
        {"QuoteID": "5b0b0a1e-0000-4000-8000-000000000001", "QuoteNumber": "S00009", "Status": "ACCEPTED",
         "LineAmountTypes": "INCLUSIVE", "Contact": {"ContactID": "5b0b0a1e-0000-4000-8000-000000000002"},
         "Total": 219.98, "LineItems": [{"LineAmount": 199.98, "TaxAmount": 20.0}]},
        {"QuoteID": "5b0b0a1e-0000-4000-8000-000000000003", "Status": "LOST",
         "Contact": {"ContactID": "5b0b0a1e-0000-4000-8000-000000000002"}},
    ])
    quote = page.records[0]
    assert (quote.number, quote.status, quote.line_amount_types, str(quote.total)) == \
        ("S00009", "ACCEPTED", "Inclusive", "219.98")
    assert [bad.field for bad in page.unreadable] == ["Status"]
    po = records.read_one("purchase_orders", {"PurchaseOrderID": "5b0b0a1e-0000-4000-8000-000000000004",
                                              "PurchaseOrderNumber": "P00007", "Status": "BILLED",
                                              "Contact": {"ContactID": "5b0b0a1e-0000-4000-8000-000000000002"}})
    assert (po.number, po.status) == ("P00007", "BILLED")
