"""Xero's `where` and `order` query parameters, the subset real integrations use.

`where` goes through a tokenizer and recursive-descent parser into closures (user text is never evaluated):
`Field op Literal` (== != > >= < <=) on dotted paths (missing parts read as null), joined by AND/OR/&&/||
(AND binds tighter), parentheses, NOT/!; literals "strings" (\\" escapes), numbers, true/false/null,
Guid("…"), DateTime(2026,03,31[,08,30,00]) / DateTime("2026-03-31") (the field's "/Date(ms)/" or ISO value
read as UTC); Field.Contains/StartsWith/EndsWith("x") and string equality are case-insensitive like Xero,
Field.ToLower()/ToUpper() compare exactly after converting; a bare boolean field (IsCustomer) is a test.
Anything else raises QueryError, answered with HTTP 400. `order`: "Field [ASC|DESC], Field2 …", a stable
sort, Xero dates chronologically, nulls first.
"""

import re
from datetime import UTC, date, datetime

_MS_DATE = re.compile(r"/Date\((-?\d+)([+-]\d{4})?\)/")
_TOKEN = re.compile(r"""\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?)
                      |(?P<op>==|!=|>=|<=|&&|\|\||[><()!,.])|(?P<name>[A-Za-z_][A-Za-z0-9_]*))""", re.VERBOSE)
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_METHODS = {"contains": lambda a, b: b in a, "startswith": str.startswith, "endswith": str.endswith}
_TRANSFORMS = {"tolower": str.lower, "toupper": str.upper}
_COMPARE = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b}


class QueryError(ValueError):
    """A where/order expression Xero would refuse (HTTP 400)."""


def parse_xero_date(value):
    """"/Date(ms+0000)/", ISO strings, dates and datetimes -> an aware UTC datetime, or None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = str(value).strip()
    match = _MS_DATE.fullmatch(text)
    if match:  # the milliseconds are UTC; Xero's +hhmm suffix only tells the organisation's offset
        return datetime.fromtimestamp(int(match.group(1)) / 1000, UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def to_xero_date(value):
    """A date or datetime (naive = UTC) -> Xero's "/Date(ms+0000)/"; None stays None."""
    moment = parse_xero_date(value)
    return None if moment is None else f"/Date({round(moment.timestamp() * 1000)}+0000)/"


def _resolve(record, path):
    value = record
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


class _Guid(str):
    """A Guid("…") literal: compared as a case-insensitive string."""


class _Parser:
    def __init__(self, text):
        self.text, self.tokens, self.i, pos = text, [], 0, 0
        for match in _TOKEN.finditer(text):
            if match.start() != pos:  # a character no token starts with, e.g. a single `=`
                self.fail()
            self.tokens.append((match.lastgroup, match.group(match.lastgroup)))
            pos = match.end()
        if text[pos:].strip():
            self.fail()

    def fail(self):
        raise QueryError(f"Unable to parse the where clause: '{self.text}'")

    def peek(self):
        return self.tokens[self.i][1] if self.i < len(self.tokens) else ""

    def take(self, expected=None, kind=None):
        if self.i >= len(self.tokens):
            self.fail()
        got_kind, text = self.tokens[self.i]
        if (expected is not None and text.lower() != expected) or (kind is not None and got_kind != kind):
            self.fail()
        self.i += 1
        return got_kind, text

    def parse(self):
        if not self.tokens:
            self.fail()
        predicate = self.disjunction()
        if self.i != len(self.tokens):  # trailing junk
            self.fail()
        return predicate

    def disjunction(self):
        terms = [self.conjunction()]
        while self.peek().lower() in ("or", "||"):
            self.take()
            terms.append(self.conjunction())
        return terms[0] if len(terms) == 1 else (lambda r: any(t(r) for t in terms))

    def conjunction(self):
        terms = [self.unary()]
        while self.peek().lower() in ("and", "&&"):
            self.take()
            terms.append(self.unary())
        return terms[0] if len(terms) == 1 else (lambda r: all(t(r) for t in terms))

    def unary(self):
        if self.peek().lower() in ("!", "not"):
            self.take()
            inner = self.unary()
            return lambda r: not inner(r)
        if self.peek() == "(":
            self.take("(")
            inner = self.disjunction()
            self.take(")")
            return inner
        return self.comparison()

    def comparison(self):
        path, transforms = [self.take(kind="name")[1]], []
        while self.peek() == ".":
            self.take(".")
            part = self.take(kind="name")[1]
            if self.peek() != "(":
                if transforms:  # Name.ToLower().Something
                    self.fail()
                path.append(part)
                continue
            self.take("(")
            method = part.lower()
            if method in _TRANSFORMS:
                self.take(")")
                transforms.append(_TRANSFORMS[method])
                continue
            if method not in _METHODS:
                self.fail()
            argument = self.literal()
            self.take(")")
            if not isinstance(argument, str):
                self.fail()
            test, needle = _METHODS[method], argument.lower()
            return lambda r: (value := _resolve(r, path)) is not None and test(str(value).lower(), needle)
        if self.peek() not in _COMPARE:
            return self.fail() if transforms else (lambda r: _resolve(r, path) is True)  # bare boolean field
        op = self.take()[1]
        literal, compare = self.literal(), _COMPARE[op]
        if transforms and not isinstance(literal, str):
            self.fail()

        def predicate(record):
            value = _resolve(record, path)
            if transforms:  # Name.ToLower() == "x": exact comparison of the converted text
                for transform in transforms:
                    value = None if value is None else transform(str(value))
                return value is not None and compare(value, literal)
            if isinstance(literal, datetime):
                value = parse_xero_date(value)
                return value is not None and compare(value, literal)
            if value is None or literal is None:
                return compare(value is None, literal is None) if op in ("==", "!=") else False
            try:
                return compare(*_coerce(value, literal))
            except TypeError:
                return False

        return predicate

    def literal(self):
        kind, text = self.take()
        if kind == "str":
            return re.sub(r"\\(.)", r"\1", text[1:-1])
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind != "name":
            self.fail()
        lower = text.lower()
        if lower in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[lower]
        if lower not in ("guid", "datetime"):
            self.fail()
        self.take("(")
        parts = [self.literal()]
        while self.peek() == ",":
            self.take(",")
            parts.append(self.literal())
        self.take(")")
        if lower == "guid":
            return _Guid(parts[0]) if len(parts) == 1 and isinstance(parts[0], str) else self.fail()
        if len(parts) == 1 and isinstance(parts[0], str):
            return parse_xero_date(parts[0]) or self.fail()
        if not 3 <= len(parts) <= 6 or not all(type(p) is int for p in parts):
            self.fail()
        try:
            return datetime(*parts, tzinfo=UTC)
        except ValueError:
            return self.fail()


def _coerce(value, literal):
    """Both sides in comparable form: booleans, numbers, else case-insensitive strings."""
    if isinstance(literal, bool):
        return (value if isinstance(value, bool) else str(value).lower() == "true"), literal
    if isinstance(literal, int | float):
        try:
            return float(value), float(literal)
        except (TypeError, ValueError):
            return None, literal  # not a number: every comparison is False (TypeError)
    return str(value).lower(), literal.lower()


def compile_where(expr):
    """A `where` expression -> predicate(record) -> bool; QueryError when malformed."""
    return _Parser(expr or "").parse()


class _Descending:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return self.value == other.value

    def __lt__(self, other):
        return other.value < self.value

    __hash__ = None


def _sort_value(value):
    if value is None:
        return (0, 0)
    if isinstance(value, str) and _MS_DATE.fullmatch(value):
        return (1, parse_xero_date(value).timestamp())
    if isinstance(value, bool | int | float):
        return (1, float(value))
    return (2, str(value).lower())


def sort_key(order):
    """An `order` expression ("Date DESC, InvoiceNumber") -> key(record) for sorted(); QueryError when malformed."""
    keys = []
    for part in (order or "").split(","):
        words = part.split()
        direction = words[1].upper() if len(words) == 2 else "ASC"
        if not 1 <= len(words) <= 2 or not _PATH.fullmatch(words[0]) or direction not in ("ASC", "DESC"):
            raise QueryError(f"Unable to parse the order clause: '{order}'")
        keys.append((words[0].split("."), direction == "DESC"))

    def key(record):
        values = (_sort_value(_resolve(record, path)) for path, _ in keys)
        return tuple(_Descending(v) if desc else v for v, (_, desc) in zip(values, keys, strict=True))

    return key


def apply_order(records, order, default="UpdatedDateUTC"):
    """Records sorted (stable) by `order`, else by `default`; unchanged when both are empty."""
    order = (order or "").strip() or (default or "").strip()
    return sorted(records, key=sort_key(order)) if order else list(records)
