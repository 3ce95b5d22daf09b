"""The page edge under property-based tests: records generated from Xero's own OpenAPI schemas
(hypothesis-jsonschema), then spoiled the ways Xero data is seen spoiled.

For any record: the reader returns a checked record or a reason, never raises; mappers never
raise on a checked record (Unmapped is their one outcome for what a person must map); cleaned
text always writes to PostgreSQL (text and jsonb), when a server is reachable.
"""

import copy
import json
import os
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from xero_connector.sync import records
from xero_connector.sync.mappers import pull as pull_mappers

CONTRACT = Path(__file__).resolve().parents[3] / "contracts" / "xero-openapi" / "xero_accounting.yaml"
# step -> (Xero schema, the properties the connector reads: generation stays fast and to the point)
SCHEMAS = {
    "accounts": ("Account", ["AccountID", "Code", "Name", "Type", "TaxType", "Status", "UpdatedDateUTC"]),
    "tax_rates": ("TaxRate", ["TaxType", "Name", "EffectiveRate", "DisplayTaxRate", "Status",
                              "CanApplyToRevenue", "CanApplyToExpenses"]),
    "tracking": ("TrackingCategory", ["TrackingCategoryID", "Name", "Status", "Options"]),
    "contacts": ("Contact", ["ContactID", "Name", "EmailAddress", "TaxNumber", "AccountNumber",
                             "ContactStatus", "Phones", "Addresses", "UpdatedDateUTC"]),
    "invoices": ("Invoice", ["InvoiceID", "Type", "Status", "InvoiceNumber", "Reference", "Contact",
                             "CurrencyCode", "CurrencyRate", "Date", "DueDate", "LineAmountTypes",
                             "LineItems", "UpdatedDateUTC"]),
    "credit_notes": ("CreditNote", ["CreditNoteID", "Type", "Status", "CreditNoteNumber", "Reference",
                                    "Contact", "CurrencyCode", "Date", "LineAmountTypes", "LineItems",
                                    "Allocations", "UpdatedDateUTC"]),
    "payments": ("Payment", ["PaymentID", "Status", "PaymentType", "Amount", "Date", "Reference",
                             "Invoice", "CreditNote", "Account", "UpdatedDateUTC"]),
}
NESTED_KEEP = {  # the properties of nested records worth generating
    "Contact": ["ContactID", "Name"], "Invoice": ["InvoiceID"], "CreditNote": ["CreditNoteID"],
    "Account": ["AccountID", "Code"],
    "LineItem": ["Description", "Quantity", "UnitAmount", "LineAmount", "TaxAmount", "TaxType",
                 "AccountCode", "DiscountRate", "Tracking"],
    "LineItemTracking": ["TrackingCategoryID", "TrackingOptionID", "Name", "Option"],
    "TrackingOption": ["TrackingOptionID", "Name", "Status"],
    "Allocation": ["Amount", "Invoice"], "Phone": ["PhoneType", "PhoneNumber", "PhoneAreaCode"],
    "Address": ["AddressLine1", "City", "PostalCode", "Country"],
}
# Xero's dates in the forms it sends them, so that generated records are often readable
MS_DATE = {"type": "string", "pattern": r"^/Date\(1[0-9]{12}\+0000\)/$"}
ISO_DATE = {"type": "string", "pattern": r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T00:00:00$"}
SPOILS = [
    None, 0, 12345, -1.5, 1e20, "1e400", "NaN", True, [], {}, "", "\x00", "a\x00b\x07c", "\ud800",
    "x" * 10_000, "0000-00-00", "0001-01-01", "9999-12-31", "/Date(-62135596800000)/", "2026-02-30",
    "שלום \u202e عربي", "👩‍👩‍👧 emoji", "NOT_A_KNOWN_VALUE", "0.123456789123456789",
]


@cache
def _components():
    return yaml.safe_load(CONTRACT.read_text())["components"]["schemas"]


def _json_schema(node, depth=0, keep=None):
    """An OpenAPI schema -> a JSON schema hypothesis-jsonschema can draw from: references
    inlined a few levels deep, only the properties the connector reads."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if depth > 3:
            return {"type": "object"}
        return _json_schema(_components()[name], depth + 1, keep=NESTED_KEEP.get(name))
    if node.get("x-is-msdate") or node.get("x-is-msdate-time"):
        return {"anyOf": [MS_DATE, ISO_DATE]}
    out = {}
    if "enum" in node:
        out["enum"] = node["enum"]
    if node.get("type") == "object" or "properties" in node:
        props = node.get("properties", {})
        names = [n for n in (keep or props) if n in props]
        out.update(type="object", properties={n: _json_schema(props[n], depth, None) for n in names},
                   additionalProperties=False)
    elif node.get("type") == "array":
        out.update(type="array", items=_json_schema(node.get("items", {}), depth), maxItems=3)
    elif node.get("type") in ("string", "number", "integer", "boolean"):
        out["type"] = node["type"]
        if node.get("format") == "uuid":
            out["format"] = "uuid"
        if node["type"] == "string" and "enum" not in out:
            out["maxLength"] = 30
    return out


# what Xero always sends: generated records carry it, so healthy ones are drawn too
REQUIRED = {
    "accounts": ["AccountID"], "tax_rates": ["TaxType"], "tracking": ["TrackingCategoryID", "Name"],
    "contacts": ["ContactID", "Name"], "invoices": ["InvoiceID", "Type", "Status", "Contact"],
    "credit_notes": ["CreditNoteID", "Type", "Status", "Contact"],
    "payments": ["PaymentID", "Status", "Amount"],
}


@cache
def record_strategy(kind):
    name, keep = SCHEMAS[kind]
    schema = _json_schema(_components()[name], keep=keep)
    schema["required"] = REQUIRED[kind]
    for nested in ("Contact",):
        if nested in schema["properties"]:
            schema["properties"][nested]["required"] = ["ContactID"]
    return from_schema(schema)


def spoiled(kind):
    """A record from Xero's schema, then zero to three spoils: a key dropped, a value swapped
    for a spoiled one, deep in the record or at its top."""
    @st.composite
    def draw(draw_):
        item = copy.deepcopy(draw_(record_strategy(kind)))
        for _ in range(draw_(st.integers(0, 3))):
            paths = list(_paths(item))
            if not paths:
                break
            parent, key = draw_(st.sampled_from(paths))
            if draw_(st.booleans()) and isinstance(parent, dict):
                parent.pop(key, None)
            else:
                parent[key] = draw_(st.sampled_from(SPOILS))
        return item
    return draw()


def _paths(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _paths(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _paths(value)


class AnyResolver:
    """Maps everything, as a fully mapped organisation would; tax None for odd tax types."""

    def partner(self, contact_id):
        return 1

    def currency(self, code):
        return 2

    def account(self, code):
        if not code:
            raise pull_mappers.Unmapped("unmapped_account", "no account code")
        return 3

    def tax(self, tax_type, use):
        return 4 if len(tax_type) % 2 else None

    def analytic(self, tracking):
        return {"5": 100.0} if tracking else {}

    def product(self, item_code):
        return {"SPADE-1": 8}.get(item_code)


MAPPERS = {
    "accounts": pull_mappers.account_binding, "tax_rates": pull_mappers.tax_rate_binding,
    "tracking": pull_mappers.tracking_category_binding, "contacts": pull_mappers.contact_binding,
    "invoices": lambda r: pull_mappers.document_values(r, AnyResolver()),
    "credit_notes": lambda r: pull_mappers.document_values(r, AnyResolver()),
    "payments": lambda r: r.document_id,
}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_reader_never_raises_and_mappers_never_raise_on_checked_records(kind):
    outcomes = {"checked": 0, "unreadable": 0}

    @FAST
    @given(spoiled(kind))
    def check(item):
        result = records.read_one(kind, item)
        if isinstance(result, records.Unreadable):
            outcomes["unreadable"] += 1
            assert result.xero_id and result.reason
            json.dumps(result.raw)  # what is kept is JSON
            assert "\x00" not in json.dumps(result.raw, ensure_ascii=False)
            return
        outcomes["checked"] += 1
        try:
            MAPPERS[kind](result)
            if kind == "contacts":
                pull_mappers.partner_values(result, {"AU": 1})
            if kind == "tracking":
                [pull_mappers.tracking_option_binding(o) for o in result.options]
        except pull_mappers.Unmapped:
            pass
        pull_mappers.row(kind, result, "created")

    check()
    assert outcomes["checked"] and outcomes["unreadable"], outcomes  # both paths were walked


@FAST
@given(st.lists(st.one_of(spoiled("invoices"), st.sampled_from(SPOILS)), max_size=8))
def test_a_page_accounts_for_every_item(items):
    page = records.read_page("invoices", items)
    assert len(page.records) + len(page.unreadable) + len(page.repeated) == len(items)
    assert len({r.xero_id for r in page.records + page.unreadable}) == len(page.records) + len(page.unreadable)


def test_spoils_are_named_in_plain_words():
    base = {"InvoiceID": "i1", "Type": "ACCREC", "Status": "AUTHORISED", "Contact": {"ContactID": "c1"}}
    cases = {
        "Type": (dict(base, Type="SALESORDER"), "does not know ('SALESORDER')"),
        "Date": (dict(base, Date="0000-00-00"), "is not a date"),
        "DueDate": (dict(base, DueDate=1774915200), "expected a date, got a number"),
        "UpdatedDateUTC": (dict(base, UpdatedDateUTC="/Date(-62135596800000)/"), "0001-01-01 is an impossible date"),
        "Contact": ({k: v for k, v in base.items() if k != "Contact"}, "is missing"),
        "LineItems[2].UnitAmount": (dict(base, LineItems=[{}, {"UnitAmount": 1e20}]), "beyond any amount"),
        "CurrencyRate": (dict(base, CurrencyRate="NaN"), "not a finite number"),
    }
    for field, (item, words) in cases.items():
        bad = records.read_one("invoices", item)
        assert isinstance(bad, records.Unreadable), field
        assert (bad.field, bad.xero_id) == (field, "i1")
        assert words in bad.reason, (field, bad.reason)


def test_text_is_cleaned_and_capped():
    contact = records.read_one("contacts", {"ContactID": "c1", "Name": " Acme\x00 Pty\x07 \ud800 " + "x" * 300})
    assert "\x00" not in contact.name and "\x07" not in contact.name and "\ud800" not in contact.name
    assert len(contact.name) == records.NAME_LIMIT
    nameless = records.read_one("contacts", {"ContactID": "c1", "Name": "\x00 "})
    assert isinstance(nameless, records.Unreadable) and nameless.field == "Name"


def test_same_record_twice_in_a_page_is_read_once():
    item = {"ContactID": "c1", "Name": "Acme"}
    page = records.read_page("contacts", [item, dict(item, Name="Acme again"), {"ContactID": "c2", "Name": "B"}])
    assert [r.name for r in page.records] == ["Acme", "B"]
    assert len(page.repeated) == 1


def _pg():
    psycopg2 = pytest.importorskip("psycopg2")
    try:
        return psycopg2.connect(
            host=os.environ.get("PGHOST", "127.0.0.1"), port=os.environ.get("PGPORT", "5432"),
            user=os.environ.get("PGUSER", "odoo"), password=os.environ.get("PGPASSWORD", "odoo"),
            dbname="postgres", connect_timeout=3)
    except psycopg2.OperationalError as exc:
        pytest.skip(f"no PostgreSQL here: {exc}")


def test_cleaned_text_always_writes_to_postgresql():
    conn = _pg()
    conn.autocommit = False
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE spoils (t varchar, j jsonb)")

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(st.text(), st.sampled_from([s for s in SPOILS if isinstance(s, str)])))
    def write(text):
        cleaned = records.clean_text(text)
        cur.execute("SAVEPOINT s")
        cur.execute("INSERT INTO spoils VALUES (%s, %s)",
                    (cleaned, json.dumps(records.clean_json({"Name": text, text[:20]: [text]}))))
        cur.execute("RELEASE SAVEPOINT s")

    try:
        write()
    finally:
        conn.rollback()
        conn.close()
