"""The page edge: every Xero record is read here once, checked and typed, before any mapper.

    page = records.read_page("invoices", reply_items)
    page.records      # checked, frozen records (Document, Contact, ...): mappers take only these
    page.unreadable   # Unreadable(xero_id, label, field, reason, raw): one pending item each
    page.repeated     # the same record sent twice in one page: read once, the copy reported

pydantic v2 does the checking (see docs/pulling.md for why it was chosen over msgspec and a JSON
schema compiled from Xero's file). What it knows of Xero's forms:
- dates come as `/Date(ms+zone)/` or ISO text; anything else (a number, `0000-00-00`, a year
  outside 1900-2199) is an impossible date and makes the record unreadable;
- money and quantities are exact `Decimal`s, never NaN or infinite, and within 10^13;
- an enum Xero may grow (a document's type or status, a payment's type) is checked against what
  the connector knows: a new value is an outcome with its reason, never a crash;
- text is cleaned for PostgreSQL once here: NUL and control characters removed, lone surrogates
  replaced, lengths capped to Xero's own limits (names and numbers 255, descriptions 4,000),
  so no write can fail later because of what Xero sent.
Nothing here imports Odoo: it is unit-tested with Hypothesis without a database.
"""

import hashlib
import json
import math
import re
import time
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PrivateAttr,
    ValidationError,
)

from ...xero_client.utils import parse_xero_datetime

NAME_LIMIT, TEXT_LIMIT, RAW_TEXT_LIMIT = 255, 4000, 2000
MONEY_LIMIT = Decimal(10) ** 13
FIRST_YEAR, LAST_YEAR = 1900, 2199
# C0 and C1 control characters except tab, line feed and carriage return; lone surrogates
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


# ---------------------------------------------------------------------------- cleaning
def clean_text(value, limit=TEXT_LIMIT):
    """Text PostgreSQL always accepts: no NUL or control characters, no lone surrogates,
    at most `limit` characters, no surrounding blanks."""
    text = _SURROGATE.sub("\ufffd", _CONTROL.sub("", value)).strip()
    return text[:limit]


def clean_json(value, limit=RAW_TEXT_LIMIT):
    """A JSON value with every string (keys too) cleaned: what is kept of an unreadable record."""
    if isinstance(value, str):
        return clean_text(value, limit)
    if isinstance(value, dict):
        return {clean_text(str(k), NAME_LIMIT): clean_json(v, limit) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v, limit) for v in value]
    if isinstance(value, float) and not math.isfinite(value):  # NaN and infinity are not JSON
        return None
    if value is None or isinstance(value, bool | int | float):
        return value
    return clean_text(str(value), limit)


# ---------------------------------------------------------------------------- field types
def _text(limit):
    def check(value):
        if not isinstance(value, str):
            raise ValueError(f"expected text, got {_kind(value)}")
        return clean_text(value, limit)
    return BeforeValidator(check)


def _xero_id(value):
    if not isinstance(value, str):
        raise ValueError(f"expected an identifier, got {_kind(value)}")
    text = clean_text(value, 100)
    if not text or any(c.isspace() for c in text):
        raise ValueError("is not a Xero identifier")
    return text


def _moment(value):
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"expected a date, got {_kind(value)}")
    try:
        moment = parse_xero_datetime(clean_text(value, 64))
    except (ValueError, OverflowError):
        raise ValueError(f"'{clean_text(value, 40)}' is not a date") from None
    if moment is None:
        return None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"{moment.date().isoformat()} is an impossible date")
    return moment


def _date(value):
    if value is None or value == "":
        return None
    moment = _moment(value)
    return moment.date() if moment else None


def _timestamp(value):
    """A naive UTC datetime (Odoo's convention)."""
    if value is None or value == "":
        return None
    moment = _moment(value)  # always aware
    return moment and (moment - moment.utcoffset()).replace(tzinfo=None)


def _decimal(value):
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"expected a number, got {_kind(value)}")
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValueError(f"'{clean_text(str(value), 40)}' is not a number") from None
    if not number.is_finite():
        raise ValueError("is not a finite number")
    if abs(number) >= MONEY_LIMIT:
        raise ValueError(f"{number:.2e} is beyond any amount the books can hold")
    return number


def _flag(value):
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "false"):  # Xero writes both
        return value.lower() == "true"
    raise ValueError(f"expected true or false, got {_kind(value)}")


def _no_list(value):
    return [] if value is None else value  # Xero writes null for an empty list at times


def _upper(value):
    return value.upper() if isinstance(value, str) else value


Name = Annotated[str, _text(NAME_LIMIT)]
Text = Annotated[str, _text(TEXT_LIMIT)]
XeroId = Annotated[str, BeforeValidator(_xero_id)]
XeroDate = Annotated[date | None, BeforeValidator(_date)]
Timestamp = Annotated[datetime | None, BeforeValidator(_timestamp)]
Amount = Annotated[Decimal, BeforeValidator(_decimal)]
Flag = Annotated[bool, BeforeValidator(_flag)]
ListStatus = Annotated[Literal["ACTIVE", "ARCHIVED", "DELETED", "GDPRREQUEST"], BeforeValidator(_upper)]
DocumentType = Literal["ACCREC", "ACCPAY", "ACCRECCREDIT", "ACCPAYCREDIT"]
DocumentStatus = Literal["DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED", "DELETED"]
AmountTypes = Literal["Exclusive", "Inclusive", "NoTax"]
PaymentType = Literal[
    "ACCRECPAYMENT", "ACCPAYPAYMENT", "ARCREDITPAYMENT", "APCREDITPAYMENT", "AROVERPAYMENTPAYMENT",
    "ARPREPAYMENTPAYMENT", "APPREPAYMENTPAYMENT", "APOVERPAYMENTPAYMENT",
]


def _xero_name(field):
    """snake_case attribute -> Xero's PascalCase key: contact_id -> ContactID."""
    special = {"id": "ID", "utc": "UTC"}
    return "".join(special.get(part, part.capitalize()) for part in field.split("_"))


class XeroRecord(BaseModel):
    """A checked Xero record: Xero's keys as aliases, frozen, unknown keys ignored."""

    model_config = ConfigDict(alias_generator=_xero_name, frozen=True, extra="ignore",
                              populate_by_name=True)
    id_field: ClassVar[str] = ""
    _raw: dict = PrivateAttr(default_factory=dict)

    @property
    def xero_id(self):
        return getattr(self, self.id_field)

    @property
    def raw(self):
        """The record as Xero sent it, cleaned (on demand: most records never need it)."""
        return clean_json(self._raw)


def _missing(what):
    raise ValueError(f"has no {what}")



# ---------------------------------------------------------------------------- the page reader
# step key -> (model, Xero's ID key, the key naming the record for people)
KINDS = {}  # each family of records adds its kinds (accounting.py, items.py, orders.py)


class Unreadable:
    """A record Xero sent that cannot be read: one pending item, never a crash."""

    __slots__ = ("xero_id", "label", "field", "reason", "raw")

    def __init__(self, xero_id, label, field, reason, raw):
        self.xero_id, self.label, self.field, self.reason, self.raw = xero_id, label, field, reason, raw

    def __repr__(self):
        return f"Unreadable({self.xero_id!r}, {self.field!r}: {self.reason!r})"


class Page:
    __slots__ = ("records", "unreadable", "repeated", "seconds")

    def __init__(self):
        self.records, self.unreadable, self.repeated, self.seconds = [], [], [], 0.0


def read_page(kind, items):
    """Xero's items of one reply -> a Page. Never raises for anything the items hold."""
    started = time.perf_counter()
    page, seen = Page(), set()
    if not isinstance(items, list):
        items = [items]
    for item in items:
        result = read_one(kind, item)
        key = result.xero_id
        if key in seen:
            page.repeated.append(result)
            continue
        seen.add(key)
        (page.unreadable if isinstance(result, Unreadable) else page.records).append(result)
    page.seconds = time.perf_counter() - started
    return page


def read_one(kind, item):
    """One Xero item -> a checked record, or Unreadable with the field and the reason."""
    model, id_key, label_key = KINDS[kind]
    if not isinstance(item, dict):
        raw = clean_json(item)
        return Unreadable(_stand_in_id(raw), "", "", f"is not a record but {_kind(item)}", raw)
    try:
        record = model.model_validate(item)
    except ValidationError as exc:
        raw = clean_json(item)
        field, reason = describe(exc)
        return Unreadable(_raw_id(raw, id_key), _raw_label(raw, label_key), field, reason, raw)
    except (RecursionError, MemoryError):  # pathological nesting: unreadable, not a crash
        raw = {"note": "too deeply nested to keep"}
        return Unreadable(_stand_in_id(clean_json(str(item)[:200])), "", "", "is nested too deeply", raw)
    record._raw = item
    return record


def describe(exc):
    """A pydantic ValidationError -> (field path in Xero's words, the reason in plain words)."""
    errors = exc.errors(include_url=False, include_context=False)
    first = errors[0]
    field = _path(first["loc"])
    reason = _reason(first)
    if len(errors) > 1:
        reason += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return field, reason


def _reason(error):
    kind, message = error["type"], error["msg"]
    if kind == "missing":
        return "is missing"
    if kind == "literal_error":
        return f"has a value the connector does not know ({clean_text(str(error.get('input')), 40)!r})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a record, got {_kind(error.get('input'))}"
    if kind == "list_type":
        return f"expected a list, got {_kind(error.get('input'))}"
    return message.removeprefix("Value error, ")


def _path(loc):
    parts = []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{part + 1}]"]
        else:
            parts.append(str(part))
    return ".".join(parts)


def _kind(value):
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a record"
    return type(value).__name__


def _raw_id(raw, id_key):
    value = raw.get(id_key)
    if isinstance(value, str) and value and len(value) <= 100 and not any(c.isspace() for c in value):
        return value
    return _stand_in_id(raw)


def _stand_in_id(raw):
    """A record without a usable ID still gets a stable key, so its pending item is found again."""
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return f"no-id-{digest}"


def _raw_label(raw, label_key):
    label = raw.get(label_key) if isinstance(raw, dict) else None
    return label if isinstance(label, str) else ""
