"""Small helpers: Xero's date formats in and out, header parsing."""

import re
from datetime import UTC, date, datetime, timedelta, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# .NET JSON dates: /Date(1539993600000)/ or /Date(1539993600000+1300)/ (milliseconds, UTC
# instant; the optional offset is the organisation's local zone for that value).
_NET_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")


def parse_xero_datetime(value):
    """A Xero date or timestamp -> an aware datetime (None for empty values).

    Accepts `/Date(ms)/`, `/Date(ms+hhmm)/` (shown in that offset's zone, so `.date()` is
    the organisation's local date) and ISO 8601 (`2026-03-31T00:00:00`, with or without
    fractions and offset; no offset means UTC, as in Xero's *UTC fields).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = str(value).strip().replace("\\/", "/")
    match = _NET_DATE.match(text)
    if match:
        millis, offset = match.groups()
        tz = UTC
        if offset:
            sign = -1 if offset[0] == "-" else 1
            tz = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
        return (EPOCH + timedelta(milliseconds=int(millis))).astimezone(tz)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Not a Xero date: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_xero_date(value):
    """A Xero date -> date (the organisation's local date for offset values), or None."""
    parsed = parse_xero_datetime(value)
    return parsed.date() if parsed else None


def format_xero_date(value):
    """A date (or datetime) -> `YYYY-MM-DD`, the format Xero takes in request bodies."""
    if isinstance(value, str):
        return parse_xero_date(value).isoformat()
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def where_date(value):
    """A date -> the `DateTime(y, m, d)` literal of Xero's `where` filter."""
    value = value.date() if isinstance(value, datetime) else value
    return f"DateTime({value.year}, {value.month:02d}, {value.day:02d})"


def format_if_modified_since(value):
    """A datetime -> the If-Modified-Since value: a UTC timestamp `yyyy-mm-ddThh:mm:ss`.

    Xero documents the UTC timestamp `yyyy-mm-ddThh:mm:ss` (no milliseconds); the `Z` is
    added so the value is also the RFC 3339 `date-time` its OpenAPI contract declares.
    Naive datetimes are taken as UTC (Odoo's convention); fractions of a second are cut,
    never rounded up, so nothing modified in that second is missed.
    """
    if isinstance(value, str):
        value = parse_xero_datetime(value)
    elif not isinstance(value, datetime):  # a date: from its midnight UTC
        value = datetime(value.year, value.month, value.day)
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_retry_after(value, now=None):
    """Retry-After (seconds, or an HTTP date) -> seconds to wait as a float, or None."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        return max(float(text), 0.0)
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(UTC)
    return max((when - now).total_seconds(), 0.0)


def int_header(headers, name):
    """An integer header (e.g. X-MinLimit-Remaining) or None when absent or garbled."""
    value = headers.get(name) if headers else None
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None
