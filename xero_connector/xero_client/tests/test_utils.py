from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from xero_client.utils import (
    format_if_modified_since,
    format_xero_date,
    int_header,
    parse_retry_after,
    parse_xero_date,
    parse_xero_datetime,
    where_date,
)


def test_net_date_utc():
    assert parse_xero_datetime("/Date(1539993600000+0000)/") == datetime(2018, 10, 20, tzinfo=UTC)
    assert parse_xero_datetime("/Date(1439434356790)/") == datetime(
        2015, 8, 13, 2, 52, 36, 790000, tzinfo=UTC)


def test_net_date_with_offset_gives_local_date():
    # Xero's own example: PeriodLockDate /Date(1419937200000+1300)/ is 31 Dec 2014 in NZ
    value = parse_xero_datetime("/Date(1419937200000+1300)/")
    assert value.utcoffset() == timedelta(hours=13)
    assert value.date() == date(2014, 12, 31)
    assert value == datetime(2014, 12, 30, 11, tzinfo=UTC)
    assert parse_xero_date("/Date(1419937200000+1300)/") == date(2014, 12, 31)
    neg = parse_xero_datetime("/Date(1419937200000-0530)/")
    assert neg.utcoffset() == -timedelta(hours=5, minutes=30)


def test_net_date_escaped_and_negative():
    assert parse_xero_datetime("\\/Date(0)\\/") == datetime(1970, 1, 1, tzinfo=UTC)
    assert parse_xero_datetime("/Date(-86400000)/").date() == date(1969, 12, 31)


def test_iso_dates():
    assert parse_xero_datetime("2026-03-31T00:00:00") == datetime(2026, 3, 31, tzinfo=UTC)
    assert parse_xero_datetime("2019-03-01T09:00:31.597") == datetime(
        2019, 3, 1, 9, 0, 31, 597000, tzinfo=UTC)
    assert parse_xero_datetime("2026-03-31T10:00:00+13:00").utcoffset() == timedelta(hours=13)
    assert parse_xero_date("2026-03-31") == date(2026, 3, 31)
    assert parse_xero_datetime(None) is None and parse_xero_datetime("") is None
    with pytest.raises(ValueError):
        parse_xero_datetime("31/03/2026")


def test_format_dates():
    assert format_xero_date(date(2026, 3, 1)) == "2026-03-01"
    assert format_xero_date(datetime(2026, 3, 1, 23, 59)) == "2026-03-01"
    assert format_xero_date("/Date(1539993600000+0000)/") == "2018-10-20"
    assert where_date(date(2026, 3, 1)) == "DateTime(2026, 03, 01)"


def test_if_modified_since_format():
    # Xero: a UTC timestamp yyyy-mm-ddThh:mm:ss, no milliseconds (contract: date-time)
    assert format_if_modified_since(datetime(2026, 3, 31, 12, 5, 9, 999999)) == "2026-03-31T12:05:09Z"
    nz = timezone(timedelta(hours=13))
    assert format_if_modified_since(datetime(2026, 4, 1, 1, 0, tzinfo=nz)) == "2026-03-31T12:00:00Z"
    assert format_if_modified_since(date(2026, 3, 31)) == "2026-03-31T00:00:00Z"
    assert format_if_modified_since("/Date(1539993600000+0000)/") == "2018-10-20T00:00:00Z"


def test_retry_after_and_int_header():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    now = datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("soon") is None
    assert int_header({"X-MinLimit-Remaining": "59"}, "X-MinLimit-Remaining") == 59
    assert int_header({"X-MinLimit-Remaining": "x"}, "X-MinLimit-Remaining") is None
