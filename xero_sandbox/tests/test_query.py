"""The sandbox's `where` / `order` parser against Xero-shaped records (no HTTP)."""

from datetime import UTC, date, datetime

import pytest

from xero_sandbox.query import QueryError, apply_order, compile_where, parse_xero_date, sort_key, to_xero_date

ACME = "9A3C1B2E-0F4D-4E5A-8B6C-7D8E9F0A1B2C"


def _ms(*parts):
    return to_xero_date(datetime(*parts, tzinfo=UTC))


INVOICES = [
    {"InvoiceID": "i1", "Type": "ACCREC", "InvoiceNumber": "INV-0001", "Status": "AUTHORISED", "Total": 115.0,
     "Contact": {"ContactID": ACME.lower(), "Name": "Acme Ltd"}, "Date": _ms(2026, 2, 27),
     "UpdatedDateUTC": _ms(2026, 3, 2, 9, 0)},
    {"InvoiceID": "i2", "Type": "ACCPAY", "InvoiceNumber": "INV-0002", "Status": "PAID", "Total": 40,
     "Contact": {"ContactID": "other", "Name": "Bolt & Co"}, "Date": "/Date(1772323200000)/",  # 2026-03-01
     "UpdatedDateUTC": _ms(2026, 3, 1, 9, 0)},
    {"InvoiceID": "i3", "Type": "ACCREC", "InvoiceNumber": "INV-0003", "Status": "DRAFT", "Total": 999.5,
     "Contact": {"ContactID": ACME.lower(), "Name": "Acme Ltd"}, "Date": _ms(2026, 3, 31, 8, 30),
     "UpdatedDateUTC": _ms(2026, 3, 3, 9, 0), "Reference": None},
    {"InvoiceID": "i4", "Type": "ACCREC", "InvoiceNumber": "INV-0004", "Status": "AUTHORISED", "Total": 10,
     "Contact": {"Name": "Cedar"}, "Date": None, "DateString": "2026-04-02T00:00:00", "Reference": "PO 12",
     "UpdatedDateUTC": _ms(2026, 3, 1, 9, 0)},
]


def ids(expr, records=INVOICES):
    return [r["InvoiceID"] for r in records if compile_where(expr)(r)]


def test_equality_on_type_and_status():
    assert ids('Type == "ACCREC"') == ["i1", "i3", "i4"]
    assert ids('Status != "AUTHORISED"') == ["i2", "i3"]


def test_string_equality_is_case_insensitive():
    assert ids('Status == "authorised"') == ["i1", "i4"]
    assert ids('Contact.Name == "ACME LTD"') == ["i1", "i3"]


def test_and_binds_tighter_than_or_and_keywords_are_case_insensitive():
    assert ids('Status == "PAID" OR Type == "ACCREC" AND Total > 100') == ["i1", "i2", "i3"]
    assert ids('Status == "PAID" || Type == "ACCREC" && Total > 100') == ["i1", "i2", "i3"]
    assert ids('Status == "PAID" or Type == "ACCREC" and Total > 100') == ["i1", "i2", "i3"]


def test_parentheses_group():
    assert ids('(Status == "PAID" OR Type == "ACCREC") AND Total > 100') == ["i1", "i3"]
    assert ids('((Status == "DRAFT"))') == ["i3"]


def test_guid_compares_case_insensitively():
    assert ids(f'Contact.ContactID == Guid("{ACME}")') == ["i1", "i3"]
    assert ids(f'Contact.ContactID == guid("{ACME.lower()}")') == ["i1", "i3"]


def test_date_against_xero_dates():
    assert ids("Date >= DateTime(2026, 03, 01)") == ["i2", "i3"]
    assert ids("Date < DateTime(2026,03,01)") == ["i1"]
    assert ids('Date == DateTime("2026-03-01")') == ["i2"]


def test_date_against_missing_field_is_false_for_every_operator():
    assert "i4" not in ids("Date != DateTime(2026, 03, 01)")
    assert ids("Missing > DateTime(2000, 01, 01)") == []


def test_datetime_with_time_part_and_iso_field():
    assert ids("Date > DateTime(2026,03,31,08,29,59)") == ["i3"]
    assert ids("Date > DateTime(2026,03,31,08,30,00)") == []
    assert ids("DateString >= DateTime(2026, 04, 02)") == ["i4"]


def test_string_methods_are_case_insensitive():
    journal = {"Narration": "MISC/2026/0001 [odoo:TOK-1]"}
    assert compile_where('Narration.Contains("tok-1")')(journal)
    assert not compile_where('Narration.Contains("tok-2")')(journal)
    assert compile_where('Narration.StartsWith("misc/2026")')(journal)
    assert compile_where('Narration.EndsWith("]")')(journal)
    assert ids('Contact.Name.StartsWith("acme")') == ["i1", "i3"]
    assert not compile_where('Missing.Contains("x")')(journal)


def test_to_lower_and_to_upper():
    assert ids('Contact.Name.ToLower() == "acme ltd"') == ["i1", "i3"]
    assert ids('Contact.Name.ToUpper() == "CEDAR"') == ["i4"]
    assert ids('Contact.Name.ToUpper() == "cedar"') == []  # explicit conversion compares exactly


def test_null_comparisons():
    assert ids("Reference == null") == ["i1", "i2", "i3"]
    assert ids("Reference != NULL") == ["i4"]
    assert ids("Contact.ContactID == null") == ["i4"]


def test_numeric_comparisons_on_total():
    assert ids("Total > 100") == ["i1", "i3"]
    assert ids("Total <= 40") == ["i2", "i4"]
    assert ids("Total == 999.5") == ["i3"]
    assert ids("Total >= -1 AND Total < 10.5") == ["i4"]


def test_bare_boolean_field():
    contacts = [{"InvoiceID": "a", "IsCustomer": True}, {"InvoiceID": "b", "IsCustomer": False}, {"InvoiceID": "c"}]
    assert ids("IsCustomer", contacts) == ["a"]
    assert ids("IsCustomer == true", contacts) == ["a"]
    assert ids("IsCustomer == false", contacts) == ["b"]
    assert ids('IsCustomer AND Name == null', contacts) == ["a"]


def test_escaped_quotes_in_strings():
    assert compile_where(r'Name == "Say \"hi\""')({"Name": 'say "HI"'})


@pytest.mark.parametrize("expr", [
    '(Status == "PAID"', 'Status == "PAID")', 'Name = "x"', 'Name.Frobnicate("x")', 'Status == "PAID" junk',
    'Status == "PAID" AND', "", "Total > ", 'Name == "unterminated', "Date > DateTime(2026, 13, 01)",
    'Name.Contains(5)', 'Guid("x") == Name', "Name == bogus", "Date >= DateTime(2026.5, 1, 1)",
])
def test_malformed_expressions_raise_query_error(expr):
    with pytest.raises(QueryError) as caught:
        compile_where(expr)
    assert str(caught.value) == f"Unable to parse the where clause: '{expr}'"
    assert isinstance(caught.value, ValueError)


def test_order_by_name_asc_and_desc():
    records = [{"Name": "bolt"}, {"Name": "Acme"}, {"Name": None}, {"Name": "Cedar"}]
    assert [r["Name"] for r in apply_order(records, "Name ASC")] == [None, "Acme", "bolt", "Cedar"]
    assert [r["Name"] for r in apply_order(records, "Name desc")] == ["Cedar", "bolt", "Acme", None]
    assert [r["Name"] for r in apply_order(records, "Name")] == [None, "Acme", "bolt", "Cedar"]


def test_order_by_date_is_chronological_and_default_is_updated_date():
    # "/Date(99...)/" sorts after "/Date(1000...)/" as text; chronologically it is earlier
    records = [{"id": 1, "Date": "/Date(1000000000000+0000)/"}, {"id": 2, "Date": "/Date(999999999999)/"}]
    assert [r["id"] for r in apply_order(records, "Date ASC")] == [2, 1]
    assert [r["InvoiceID"] for r in apply_order(INVOICES, None)] == ["i2", "i4", "i1", "i3"]
    assert [r["InvoiceID"] for r in apply_order(INVOICES, "", default=None)] == ["i1", "i2", "i3", "i4"]


def test_multi_key_order_with_dotted_path_is_stable():
    ordered = apply_order(INVOICES, "Contact.Name DESC, Total")
    assert [r["InvoiceID"] for r in ordered] == ["i4", "i2", "i1", "i3"]
    same_time = apply_order(INVOICES, "UpdatedDateUTC DESC")
    assert [r["InvoiceID"] for r in same_time] == ["i3", "i1", "i2", "i4"]  # i2 before i4 as given
    assert sorted(INVOICES, key=sort_key("Type, InvoiceNumber DESC"))[0]["InvoiceID"] == "i2"


@pytest.mark.parametrize("order", ["Name SIDEWAYS", "Name ASC DESC", "Name,", "Name; DROP"])
def test_bad_order_raises_query_error(order):
    with pytest.raises(QueryError, match="Unable to parse the order clause"):
        apply_order(INVOICES, order)


def test_xero_date_helpers_round_trip():
    assert parse_xero_date("/Date(1774915200000+0000)/") == datetime(2026, 3, 31, tzinfo=UTC)
    assert parse_xero_date("/Date(1774915200000)/") == datetime(2026, 3, 31, tzinfo=UTC)
    assert parse_xero_date("2026-03-31T00:00:00") == datetime(2026, 3, 31, tzinfo=UTC)
    assert parse_xero_date(None) is None
    assert parse_xero_date("not a date") is None
    assert to_xero_date(date(2026, 3, 31)) == "/Date(1774915200000+0000)/"
    assert parse_xero_date(to_xero_date(datetime(2026, 3, 31, 8, 30))) == datetime(2026, 3, 31, 8, 30, tzinfo=UTC)
