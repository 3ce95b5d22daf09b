"""Xero's own Python SDK (xero-python, pinned in scripts/requirements.txt) drives the sandbox:
every read and write the connector uses, and the errors. What the SDK reads must be what the
raw JSON says (its deserializer turns a value it cannot parse into None without a word, so
each record is compared field by field with the raw reply)."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum

import pytest
import requests

xero_python = pytest.importorskip("xero_python")

from xero_python.accounting import Account as AccountRef  # noqa: E402
from xero_python.accounting import (  # noqa: E402 (only when the SDK is installed)
    AccountingApi,
    Contact,
    Contacts,
    CreditNote,
    CreditNotes,
    Invoice,
    Invoices,
    LineAmountTypes,
    LineItem,
    ManualJournal,
    ManualJournalLine,
    ManualJournals,
    Payment,
    Payments,
)
from xero_python.api_client import ApiClient, Configuration  # noqa: E402
from xero_python.api_client.oauth2 import OAuth2Token  # noqa: E402
from xero_python.exceptions import (  # noqa: E402
    AccountingBadRequestException,
    ApiException,
    NotFoundException,
    RateLimitException,
)
from xero_python.identity import IdentityApi  # noqa: E402

from xero_sandbox import testing  # noqa: E402
from xero_sandbox.tests.common import ALL_SCOPES, KIWI, WALLABY, Api  # noqa: E402

TODAY = date.today()
MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")


class Sdk:
    def __init__(self, sandbox, tenants=(WALLABY, KIWI), token=None):
        token = token or sandbox.grant(list(tenants), ALL_SCOPES)
        self.token = token
        config = Configuration(oauth2_token=OAuth2Token(client_id=testing.CLIENT_ID,
                                                        client_secret=testing.CLIENT_SECRET))
        self.client = ApiClient(config, pool_threads=1, oauth2_token_getter=lambda: self.token,
                                oauth2_token_saver=lambda t: setattr(self, "token", t))
        self.client.set_oauth2_token(token)
        self.accounting = AccountingApi(self.client, base_url=sandbox.url + "/api.xro/2.0")
        self.identity = IdentityApi(self.client, base_url=sandbox.url)
        self.raw = Api(sandbox, WALLABY, token["access_token"])


@pytest.fixture
def sdk(sandbox):
    return Sdk(sandbox)


# ---------------------------------------------------------------------- reading alike
def value(field):
    """The SDK gives some enums as Enum members and some as plain strings."""
    return field.value if isinstance(field, Enum) else field


def _raw_moment(text):
    match = MS_DATE.match(text)
    if match:
        return datetime.fromtimestamp(int(match[1]) / 1000, UTC)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def assert_read_alike(model, raw, where="reply"):
    """Every field the raw JSON has, the SDK model has with the same value."""
    for attr, key in model.attribute_map.items():
        value = raw.get(key)
        if value is None:
            continue
        got = getattr(model, attr)
        here = f"{where}.{key}"
        assert got is not None, f"the SDK could not read {here} = {value!r}"
        if isinstance(value, list):
            assert isinstance(got, list) and len(got) == len(value), here
            for i, (item, raw_item) in enumerate(zip(got, value, strict=True)):
                if isinstance(raw_item, dict):
                    assert_read_alike(item, raw_item, f"{here}[{i}]")
                else:
                    assert (item.value if isinstance(item, Enum) else item) == raw_item, here
        elif isinstance(value, dict):
            if hasattr(got, "attribute_map"):
                assert_read_alike(got, value, here)
        elif isinstance(got, Enum):
            assert got.value == value, here
        elif isinstance(got, datetime):
            moment = _raw_moment(value)
            assert got.replace(tzinfo=got.tzinfo or UTC) == moment.replace(tzinfo=moment.tzinfo or UTC), here
        elif isinstance(got, date):
            assert got == _raw_moment(value).date(), here
        elif isinstance(got, bool) or isinstance(value, bool):
            assert got is value, here
        elif isinstance(got, int | float | Decimal):
            assert Decimal(str(got)) == Decimal(str(value)), here
        else:
            assert got == value, here


def read_alike(sdk_items, raw_items, name):
    assert len(sdk_items) == len(raw_items), name
    for i, (item, raw) in enumerate(zip(sdk_items, raw_items, strict=True)):
        assert_read_alike(item, raw, f"{name}[{i}]")


# ---------------------------------------------------------------------- reads
def test_connections_and_settings(sdk):
    connections = sdk.identity.get_connections()
    assert {str(c.tenant_id) for c in connections} == {WALLABY, KIWI}
    api = sdk.accounting
    read_alike(api.get_organisations(WALLABY).organisations, sdk.raw.items("Organisation", "Organisations"),
               "Organisations")
    read_alike(api.get_accounts(WALLABY).accounts, sdk.raw.items("Accounts"), "Accounts")
    read_alike(api.get_tax_rates(WALLABY).tax_rates, sdk.raw.items("TaxRates"), "TaxRates")
    read_alike(api.get_tracking_categories(WALLABY, include_archived=True).tracking_categories,
               sdk.raw.items("TrackingCategories", params={"includeArchived": "true"}), "TrackingCategories")
    read_alike(api.get_currencies(WALLABY).currencies, sdk.raw.items("Currencies"), "Currencies")


def test_contacts_with_paging_and_summary_only(sdk):
    seen = []
    for page in range(1, 10):
        reply = sdk.accounting.get_contacts(WALLABY, page=page, page_size=4, summary_only=True)
        raw = sdk.raw.get("Contacts", params={"page": page, "pageSize": 4, "summaryOnly": "true"}).json()
        read_alike(reply.contacts, raw["Contacts"], "Contacts")
        assert reply.pagination.page == page and reply.pagination.page_size == 4
        assert all(c.addresses is None for c in reply.contacts)
        seen += [c.contact_id for c in reply.contacts]
        if page >= reply.pagination.page_count:
            break
    assert len(seen) == len(set(seen)) == reply.pagination.item_count


def test_invoices_with_paging_where_order_statuses_and_modified_since(sdk, sandbox):
    api = sdk.accounting
    everything = sdk.raw.items("Invoices", params={"page": 1, "pageSize": 1000})
    reply = api.get_invoices(WALLABY, page=1, page_size=3)
    read_alike(reply.invoices, everything[:3], "Invoices")
    assert reply.pagination.item_count == len(everything)
    wanted = api.get_invoices(WALLABY, where='Type=="ACCREC"', order="Total DESC", statuses=["AUTHORISED", "PAID"])
    raw = sdk.raw.items("Invoices", params={"where": 'Type=="ACCREC"', "order": "Total DESC",
                                            "Statuses": "AUTHORISED,PAID"})
    read_alike(wanted.invoices, raw, "Invoices")
    totals = [i.total for i in wanted.invoices]
    assert totals == sorted(totals, reverse=True)
    assert {value(i.status) for i in wanted.invoices} <= {"AUTHORISED", "PAID"}
    sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 5})
    since = datetime.fromtimestamp(datetime.fromisoformat(
        sandbox.admin("GET", "/__sandbox__/state")["now"]).timestamp(), UTC).replace(microsecond=0)
    contact = everything[0]["Contact"]["ContactID"]
    created = api.create_invoices(WALLABY, Invoices(invoices=[invoice(contact)])).invoices[0]
    for moment in (since, since.replace(tzinfo=None)):  # aware and naive (Xero's documented form)
        changed = api.get_invoices(WALLABY, if_modified_since=moment).invoices
        assert [i.invoice_id for i in changed] == [created.invoice_id]
    one = api.get_invoice(WALLABY, created.invoice_id).invoices[0]
    assert_read_alike(one, sdk.raw.items(f"Invoices/{created.invoice_id}", "Invoices")[0], "Invoice")


def test_credit_notes_payments_and_manual_journals(sdk):
    api = sdk.accounting
    read_alike(api.get_credit_notes(WALLABY, page=1).credit_notes, sdk.raw.items("CreditNotes", params={"page": 1}),
               "CreditNotes")
    read_alike(api.get_payments(WALLABY, page=1).payments, sdk.raw.items("Payments", params={"page": 1}),
               "Payments")
    read_alike(api.get_manual_journals(WALLABY, page=1).manual_journals,
               sdk.raw.items("ManualJournals", params={"page": 1}), "ManualJournals")


# ---------------------------------------------------------------------- writes
def journal(narration, credit=-10.0):
    return ManualJournal(narration=narration, date=TODAY, status="POSTED", line_amount_types=LineAmountTypes.NOTAX,
                         journal_lines=[ManualJournalLine(line_amount=10.0, account_code="412"),
                                        ManualJournalLine(line_amount=credit, account_code="800")])


def invoice(contact, kind="ACCREC", account="200"):
    return Invoice(type=kind, contact=Contact(contact_id=contact), date=TODAY, due_date=TODAY + timedelta(days=7),
                   status="AUTHORISED", line_amount_types=LineAmountTypes.EXCLUSIVE,
                   line_items=[LineItem(description="Widgets", quantity=2, unit_amount=50.0, account_code=account,
                                        tax_type="OUTPUT", discount_rate=10)])


def test_manual_journals_batch_with_a_failed_element(sdk):
    reply = sdk.accounting.create_manual_journals(
        WALLABY, ManualJournals(manual_journals=[journal("sdk good"), journal("sdk bad", credit=-9.0)]),
        summarize_errors=False)
    good, bad = reply.manual_journals
    assert good.status_attribute_string == "OK" and not good.validation_errors
    assert bad.status_attribute_string == "ERROR"
    assert [e.message for e in bad.validation_errors] == ["The total debits (10.00) must equal total credits (-9.00)"]
    stored = sdk.accounting.get_manual_journal(WALLABY, good.manual_journal_id).manual_journals[0]
    assert stored.narration == "sdk good" and value(stored.status) == "POSTED"


def test_invoices_batch_with_a_failed_element(sdk):
    contact = sdk.raw.items("Contacts")[0]["ContactID"]
    reply = sdk.accounting.create_invoices(
        WALLABY, Invoices(invoices=[invoice(contact), invoice(contact, account="999")]), summarize_errors=False)
    good, bad = reply.invoices
    assert good.has_errors is False and good.status_attribute_string == "OK"
    assert (good.sub_total, good.total_tax, good.total) == (90.0, 9.0, 99.0)
    assert good.line_items[0].discount_rate == 10
    assert bad.has_errors is True and bad.status_attribute_string == "ERROR"
    assert [e.message for e in bad.validation_errors] == ["Account code '999' is not a valid code for this document."]
    assert str(bad.invoice_id) == "00000000-0000-0000-0000-000000000000"
    assert_read_alike(sdk.accounting.get_invoice(WALLABY, good.invoice_id).invoices[0],
                      sdk.raw.items(f"Invoices/{good.invoice_id}", "Invoices")[0])


def test_credit_notes_contacts_and_payments(sdk):
    api = sdk.accounting
    contact = api.create_contacts(WALLABY, Contacts(contacts=[Contact(name="SDK Made Ltd",
                                                                      email_address="sdk@example.com")])).contacts[0]
    assert value(contact.contact_status) == "ACTIVE" and contact.has_validation_errors is False
    clash = api.create_contacts(WALLABY, Contacts(contacts=[Contact(name="Another"), Contact(name="SDK Made Ltd")]),
                                summarize_errors=False).contacts
    assert clash[0].status_attribute_string == "OK" and clash[1].status_attribute_string == "ERROR"
    assert clash[1].has_validation_errors is True
    assert clash[1].validation_errors[0].message == (
        "The contact name SDK Made Ltd is already assigned to another contact. "
        "The contact name must be unique across all active contacts.")
    note = CreditNote(type="ACCRECCREDIT", contact=Contact(contact_id=contact.contact_id), date=TODAY,
                      status="AUTHORISED", line_amount_types=LineAmountTypes.INCLUSIVE,
                      line_items=[LineItem(description="Refund", quantity=1, unit_amount=22.0, account_code="200",
                                           tax_type="OUTPUT")])
    note = api.create_credit_notes(WALLABY, CreditNotes(credit_notes=[note])).credit_notes[0]
    assert (note.sub_total, note.total_tax, note.total, note.remaining_credit) == (20.0, 2.0, 22.0, 22.0)
    sale = api.create_invoices(WALLABY, Invoices(invoices=[invoice(contact.contact_id)])).invoices[0]
    bank = next(a for a in sdk.raw.items("Accounts") if a["Type"] == "BANK")["Code"]
    paid = api.create_payments(WALLABY, Payments(payments=[
        Payment(invoice=Invoice(invoice_id=sale.invoice_id), account=AccountRef(code=bank), amount=40.0, date=TODAY),
        Payment(invoice=Invoice(invoice_id=sale.invoice_id), account=AccountRef(code=bank), amount=900.0,
                date=TODAY)]), summarize_errors=False).payments
    assert paid[0].status_attribute_string == "OK" and paid[1].status_attribute_string == "ERROR"
    assert paid[1].validation_errors[0].message == "Payment amount exceeds the amount outstanding on this document."
    single = api.create_payment(WALLABY, Payment(invoice=Invoice(invoice_id=sale.invoice_id),
                                                 account=AccountRef(code=bank), amount=9.0, date=TODAY))
    assert single.payments[0].amount == 9.0
    after = api.get_invoice(WALLABY, sale.invoice_id).invoices[0]
    assert after.amount_due == 50.0 and len(after.payments) == 2
    read_alike(api.get_payments(WALLABY, where=f'Invoice.InvoiceID==guid("{sale.invoice_id}")').payments,
               sdk.raw.items("Payments", params={"where": f'Invoice.InvoiceID==guid("{sale.invoice_id}")'}),
               "Payments")


# ---------------------------------------------------------------------- errors
def test_validation_error_400(sdk):
    with pytest.raises(AccountingBadRequestException) as caught:
        sdk.accounting.create_manual_journals(WALLABY, ManualJournals(manual_journals=[journal("x", -9.0)]))
    error = caught.value
    # the SDK's own `status` looks for Message as an attribute of a dict, so it stays 400
    assert error.status == 400 and error.error_data["Message"] == "A validation exception occurred"
    assert error.reason == "The total debits (10.00) must equal total credits (-9.00)"
    assert error.error_data["ErrorNumber"] == 10 and error.error_data["Type"] == "ValidationException"


def test_unauthorized_forbidden_and_not_found(sandbox):
    only_wallaby = Sdk(sandbox, tenants=[WALLABY])
    with pytest.raises(ApiException) as caught:
        only_wallaby.accounting.get_organisations(KIWI)
    assert caught.value.status == 403
    only_wallaby.client.set_oauth2_token(dict(only_wallaby.token, access_token="not-a-token"))
    with pytest.raises(ApiException) as caught:
        only_wallaby.accounting.get_organisations(WALLABY)
    assert caught.value.status == 401
    sdk = Sdk(sandbox)
    with pytest.raises(NotFoundException) as caught:
        sdk.accounting.get_invoice(WALLABY, str(uuid.uuid4()))
    assert caught.value.status == 404


def statuses(sandbox):
    return [c["status"] for c in sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": WALLABY})]


def test_rate_limited_429_with_retry_after(sandbox):
    sdk = Sdk(sandbox)
    contact = sdk.raw.items("Contacts")[0]["ContactID"]
    sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 1})  # the Contacts call used it
    try:
        before = len(statuses(sandbox))
        # POST is not retried by urllib3 under the SDK: the SDK raises at once
        with pytest.raises(RateLimitException) as caught:
            sdk.accounting.update_or_create_invoices(WALLABY, Invoices(invoices=[invoice(contact)]))
        assert caught.value.status == 429 and caught.value.rate_limit == "minute"
        assert 1 <= int(caught.value.headers["Retry-After"]) <= 60
        assert statuses(sandbox)[before:] == [429]
        raw = requests.get(sandbox.url + "/api.xro/2.0/Currencies", timeout=10, headers={
            "Authorization": f"Bearer {sdk.token['access_token']}", "Xero-tenant-id": WALLABY})
        assert raw.status_code == 429 and 1 <= int(raw.headers["Retry-After"]) <= 60
        assert raw.headers["X-Rate-Limit-Problem"] == "minute" and raw.json()["Status"] == 429
    finally:
        sandbox.admin("POST", "/__sandbox__/limits", json={"minute": 60})


def test_get_answered_429_is_retried_after_retry_after_by_the_sdk(sandbox):
    """urllib3 (under the SDK) retries a GET or PUT answered 429 once Retry-After has passed:
    the caller sees the second reply; the sandbox's call log shows both."""
    sdk = Sdk(sandbox)
    sandbox.admin("POST", "/__sandbox__/faults", json={"kind": "429", "count": 1, "seconds": 1,
                                                       "path": "Currencies"})
    before = len(statuses(sandbox))
    assert sdk.accounting.get_currencies(WALLABY).currencies
    assert statuses(sandbox)[before:] == [429, 200]
