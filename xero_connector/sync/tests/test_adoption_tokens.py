"""After a lost reply a record is looked for in Xero by the token it carries: the match must be
exact. Odoo document 1's token is the start of documents 10-19's, 100-199's... (issue 27): a
token must never be carried by the text another record's token was written into, however
their ids prefix each other and whatever the user typed around it."""

from datetime import date
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from xero_connector.sync import records
from xero_connector.sync.mappers import payments as paym
from xero_connector.sync.mappers import publish as pm
from xero_connector.sync.tests.test_order_mappers import order
from xero_connector.sync.tests.test_publish_mappers import CTX, doc

UUID = "ab12cd34"
BASE = "https://odoo.test"
PREFIXING = [1, 10, 100, 1000, 11, 101, 1001, 12, 120]
ids = st.sampled_from(PREFIXING) | st.integers(min_value=1, max_value=10**7)
# what a user may type in a reference, including another record's token written out in full
texts = st.text(max_size=60) | st.sampled_from(
    ["", "PO 12", f"[odoo:{UUID}:1]", f"odoo:{UUID}:10", f"Refund of X [odoo:{UUID}:100] ok", "[", "]"])


def _doc_carriers(move_id, move_type, ref):
    token = f"odoo:{UUID}:{move_id}"
    payload = pm.document_payload(doc(move_type, ref=ref, payment_reference=ref, token=token,
                                      url=pm.publish_url(BASE, move_id, token)), CTX)
    return payload.get("Url"), payload.get("Reference")


@given(a=ids, b=ids, ref=texts, move_type=st.sampled_from(["out_invoice", "in_invoice", "out_refund", "in_refund"]))
@example(a=1, b=10, ref=f"[odoo:{UUID}:1]", move_type="out_invoice")  # an invoice's reference is the user's
@example(a=1, b=10, ref=f"[odoo:{UUID}:1]", move_type="in_refund")
def test_document_token_is_carried_only_by_its_own_document(a, b, ref, move_type):
    url, reference = _doc_carriers(b, move_type, ref)
    assert pm.token_of(url, reference, f"odoo:{UUID}:{b}")
    if a != b:
        assert not pm.token_of(url, reference, f"odoo:{UUID}:{a}")


@given(a=ids, b=ids, ref=texts, prefix=st.sampled_from(["po", "so"]))
def test_order_token_is_carried_only_by_its_own_order(a, b, ref, prefix):
    for collection in ("PurchaseOrders", "Quotes"):
        reference = pm.order_payload(order(collection, ref=ref, token=f"odoo:{UUID}:{prefix}{b}"), CTX)["Reference"]
        assert pm.ends_with_token(reference, f"odoo:{UUID}:{prefix}{b}")
        if a != b:
            assert not pm.ends_with_token(reference, f"odoo:{UUID}:{prefix}{a}")


@given(a=ids, b=ids, name=texts, ref=st.text(max_size=600) | texts)
def test_journal_token_is_carried_only_by_its_own_journal(a, b, name, ref):
    narration = pm.journal_narration(name, ref, f"[odoo:{UUID}:{b}]")
    assert len(narration) <= 500  # Xero's limit, and the token is still whole
    assert pm.ends_with_token(narration, f"[odoo:{UUID}:{b}]")
    if a != b:
        assert not pm.ends_with_token(narration, f"[odoo:{UUID}:{a}]")


@given(a=ids, b=ids, name=texts)
def test_payment_token_is_carried_only_by_its_own_payment(a, b, name):
    reference = paym.reference(name, f"odoo:{UUID}:pay{b}")
    assert paym.token_in(reference, f"odoo:{UUID}:pay{b}")
    if a != b:
        assert not paym.token_in(reference, f"odoo:{UUID}:pay{a}")


def test_the_prefixing_ids_of_issue_27():
    """1 is not 10, 100 or 1000 (the substring match adopted 10's Xero document for 1)."""
    for a in (1, 10, 100, 1000):
        url, _ref = _doc_carriers(a, "out_invoice", "")
        for b in (1, 10, 100, 1000):
            assert pm.token_of(url, None, f"odoo:{UUID}:{b}") == (a == b)


def test_a_link_xero_kept_with_more_parameters_still_carries_its_token():
    assert pm.url_token(f"{BASE}/odoo/account.move/7?xero=odoo:{UUID}:7&x=1") == f"odoo:{UUID}:7"
    assert pm.url_token(f"{BASE}/odoo/account.move/7") is None
    assert pm.url_token(None) is None


def _credit(**extra):
    element = {"CreditNoteID": "cn1", "Type": "ACCPAYCREDIT", "Status": "AUTHORISED", "Contact": {"ContactID": "c-1"},
               "CreditNoteNumber": "SUP-CN-7", "Date": "2026-10-03", "Total": "55.00", "CurrencyCode": "AUD"}
    element.update(extra)
    return records.read_one("credit_notes", element)


def test_a_supplier_credit_note_is_known_without_its_reference():
    """Xero keeps a credit note's Reference for customer credit notes only: a supplier credit note
    is recognised by its contact, number, date, total and currency, each exactly."""
    mine = pm.supplier_credit_fingerprint({"contact_id": "c-1", "number": "SUP-CN-7", "date": "2026-10-03",
                                           "total": 55.0, "currency": "AUD"})
    assert pm.same_supplier_credit(mine, _credit())
    for other in ({"CreditNoteNumber": "SUP-CN-70"}, {"Total": "55.01"}, {"Date": "2026-10-04"},
                  {"Contact": {"ContactID": "c-2"}}, {"CurrencyCode": "NZD"}, {"Type": "ACCRECCREDIT"}):
        assert not pm.same_supplier_credit(mine, _credit(**other)), other


@given(total=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
       day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_supplier_credit_fingerprint_round_trips(total, day):
    mine = pm.supplier_credit_fingerprint({"contact_id": "c-1", "number": "SUP-CN-7", "date": day.isoformat(),
                                           "total": float(total), "currency": "AUD"})
    assert pm.same_supplier_credit(mine, _credit(Total=str(total), Date=day.isoformat()))
