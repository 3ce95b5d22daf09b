"""The pure payment mappers (bank journals, Xero payments), without Odoo."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xero_connector.sync import records
from xero_connector.sync.mappers import payments as pm
from xero_connector.sync.mappers import pull as pull_mappers

JOURNALS = [
    {"id": 1, "number": "06-2000 1234 5678", "name": "Bank", "account_id": 101},
    {"id": 2, "number": False, "name": "Business Savings Account", "account_id": 102},
    {"id": 3, "number": None, "name": "Cash", "account_id": 103},
]


def payment(**extra):
    values = {
        "name": "PBNK1/2026/00003", "token": "odoo:abcd1234:pay7", "date": "2026-10-05", "journal": "Bank",
        "bank_id": "bank-guid", "collection": "Invoices", "document_id": "inv-guid", "document": "INV/2026/00007",
        "amount": 150.0, "company_amount": 150.0, "currency": "AUD", "payment_currency": "AUD",
        "company_currency": "AUD", "payment_rate": 1.0, "remainder": 0.0,
    }
    values.update(extra)
    return values


CTX = {"base_currency": "AUD"}


# ---------------------------------------------------------------------------- bank accounts
def test_bank_account_found_by_number_whatever_the_spacing():
    assert pm.match_journal({"number": "062000-12345678", "name": "Business Bank Account"}, JOURNALS) == (1, "number")


def test_then_by_name_then_by_the_mapped_account():
    assert pm.match_journal({"number": "99-9999", "name": "business savings account"}, JOURNALS) == (2, "name")
    assert pm.match_journal({"number": "", "name": "Petty cash tin", "account_id": 103}, JOURNALS) == (3, "account")
    assert pm.match_journal({"number": "", "name": "Elsewhere"}, JOURNALS) == (None, None)


def test_a_taken_journal_is_offered_only_by_number():
    assert pm.match_journal({"name": "Business Savings Account"}, JOURNALS, taken={2}) == (None, None)
    assert pm.match_journal({"number": "0620001234 5678", "name": "x"}, JOURNALS, taken={1}) == (1, "number")


def test_too_few_digits_never_match_by_number():
    journals = [{"id": 1, "number": "12", "name": "A"}, {"id": 2, "number": "x12", "name": "B"}]
    assert pm.match_journal({"number": "1-2", "name": "C"}, journals) == (None, None)


def test_bank_account_fields_read_at_the_page_edge():
    account = records.read_one("accounts", {"AccountID": "a1", "Code": "090", "Name": "Business Bank Account",
                                            "Type": "BANK", "CurrencyCode": "AUD",
                                            "BankAccountNumber": "062000-12345678", "EnablePaymentsToAccount": False})
    values = pull_mappers.account_binding(account)
    assert (values["currency_code"], values["bank_account_number"]) == ("AUD", "062000-12345678")
    sales = records.read_one("accounts", {"AccountID": "a2", "Code": "200", "Name": "Sales"})
    other = pull_mappers.account_binding(sales)
    assert (other["currency_code"], other["bank_account_number"]) == (False, False)


# ---------------------------------------------------------------------------- payments
def test_full_payment_of_an_invoice():
    assert pm.payment_payload(payment(), CTX) == {
        "Invoice": {"InvoiceID": "inv-guid"}, "Account": {"AccountID": "bank-guid"}, "Date": "2026-10-05",
        "Amount": 150.0, "Reference": "PBNK1/2026/00003 odoo:abcd1234:pay7"}


def test_credit_note_refund_and_cents():
    out = pm.payment_payload(payment(collection="CreditNotes", amount=10.005), CTX)
    assert out["CreditNote"] == {"CreditNoteID": "inv-guid"} and "Invoice" not in out
    assert out["Amount"] == 10.01


def test_foreign_currency_carries_the_payments_rate():
    out = pm.payment_payload(payment(currency="USD", payment_currency="USD", payment_rate=0.654321987), CTX)
    assert out["CurrencyRate"] == 0.654322
    paid_in_base = pm.payment_payload(payment(currency="USD", payment_currency="AUD", amount=65.0,
                                              company_amount=100.0), CTX)
    assert paid_in_base["CurrencyRate"] == 0.65 and paid_in_base["Amount"] == 65.0


def test_refused_before_sending_in_plain_words():
    with pytest.raises(pm.NotPayable) as exc:
        pm.payment_payload(payment(bank_id=None, remainder=25.0), CTX)
    assert exc.value.reasons == [
        "25.00 AUD of it is reconciled with no published document: Xero's overpayments and prepayments are "
        "not published",
        "the journal Bank is not mapped to a Xero bank account (Xero > Mappings > Bank Accounts)"]
    with pytest.raises(pm.NotPayable, match="paid in EUR for a document in USD"):
        pm.payment_payload(payment(currency="USD", payment_currency="EUR"), CTX)
    with pytest.raises(pm.NotPayable, match="nothing of it is reconciled"):
        pm.payment_payload(payment(amount=0.004), CTX)


def test_reference_keeps_the_token_whole():
    long_name = "P" * 400
    ref = pm.reference(long_name, "odoo:abcd1234:pay7")
    assert len(ref) == pm.REFERENCE_LIMIT and ref.endswith(" odoo:abcd1234:pay7")
    assert pm.token_in(ref, "odoo:abcd1234:pay7")
    assert not pm.token_in(ref, "odoo:abcd1234:pay")  # pay7 is not pay, nor pay70
    assert not pm.token_in("X odoo:abcd1234:pay70", "odoo:abcd1234:pay7")
    assert not pm.token_in(None, "odoo:abcd1234:pay7")


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999"), places=2))
def test_amount_is_the_reconciled_amount_to_the_cent(amount):
    out = pm.payment_payload(payment(amount=float(amount)), CTX)
    assert Decimal(repr(out["Amount"])) == amount


@given(st.text(max_size=30), st.integers(min_value=1, max_value=10**9))
def test_token_always_found_in_its_own_reference(name, link_id):
    token = f"odoo:abcd1234:pay{link_id}"
    assert pm.token_in(pm.reference(name, token), token)
    assert not pm.token_in(pm.reference(name, token), f"odoo:abcd1234:pay{link_id + 1}")
