"""Xero's `where` and `order` query parameters, the subset integrations use.

`where`: comparisons `Field op literal` (== != > >= < <=) on dotted paths (Contact.ContactID),
joined by AND/OR (&&, ||) with parentheses; literals are "strings", numbers, true/false/null,
Guid("…") and DateTime(2026,03,31[,hh,mm,ss]) / DateTime("2026-03-31"); methods
Field.Contains("x") / StartsWith / EndsWith (case-insensitive, as Xero compares) and
Field.ToLower() / ToUpper() before a comparison; a bare boolean field (IsCustomer) works.
Anything else raises QueryError, which the sandbox answers with HTTP 400.
`order`: "Field [ASC|DESC], Field2 …", dates ordered chronologically.
"""

import re
from datetime import UTC, date, datetime

_MS_DATE = re.compile(r"/Date\((-?\d+)([+-]\d{4})?\)/")
_TOKEN = re.compile(r"""\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>==|!=|>=|<=|&&|\|\||[><()!,.])
                      |(?P<name>[A-Za-z_][A-Za-z0-9_]*))""", re.VERBOSE)
_METHODS = {"contains": lambda a, b: b in a, "startswith": lambda a, b: a.startswith(b),
            "endswith": lambda a, b: a.endswith(b)}
_COMPARE = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b}


class QueryError(ValueError):
    """A where/order expression Xero would refuse (HTTP 400)."""


def parse_xero_date(value):
    """"/Date(ms+0000)/", ISO strings, dates and datetimes -> an aware UTC datetime, or None."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = str(value).strip()
    match = _MS_DATE.fullmatch(text)
    if match:
        return datetime.fromtimestamp(int(match.group(1)) / 1000, UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def to_xero_date(value):
    """A date or datetime -> Xero's "/Date(ms+0000)/"."""
    return f"/Date({round(parse_xero_date(value).timestamp() * 1000)}+0000)/"


def _resolve(record, path):
    value = record
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


class _Parser:
    def __init__(self, text):
        self.text, self.pos, self.tokens = text, 0, []
        for match in _TOKEN.finditer(text):
            if match.start() != self.pos:
                self.fail()
            kind = match.lastgroup
            self.tokens.append((kind, match.group(kind)))
            self.pos = match.end()
        if text[self.pos:].strip():
            self.fail()
        self.i = 0

    def fail(self):
        raise QueryError(f"Unable to parse the where clause: '{self.text}'")

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, value=None):
        kind, text = self.peek()
        if kind is None or (value is not None and text.lower() != value.lower()):
            self.fail()
        self.i += 1
        return kind, text

    def parse(self):
        predicate = self.disjunction()
        if self.i != len(self.tokens):
            self.fail()
        return predicate

    def disjunction(self):
        terms = [self.conjunction()]
        while self.peek()[1] and self.peek()[1].upper() in ("OR", "||"):
            self.take()
            terms.append(self.conjunction())
        return terms[0] if len(terms) == 1 else (lambda r: any(t(r) for t in terms))

    def conjunction(self):
        terms = [self.unary()]
        while self.peek()[1] and self.peek()[1].upper() in ("AND", "&&"):
            self.take()
            terms.append(self.unary())
        return terms[0] if len(terms) == 1 else (lambda r: all(t(r) for t in terms))

    def unary(self):
        if self.peek()[1] in ("!",) or (self.peek()[1] or "").upper() == "NOT":
            self.take()
            inner = self.unary()
            return lambda r: not inner(r)
        if self.peek()[1] == "(":
            self.take("(")
            inner = self.disjunction()
            self.take(")")
            return inner
        return self.comparison()

    def comparison(self):
        kind, name = self.take()
        if kind != "name":
            self.fail()
        path = [name]
        while self.peek()[1] == ".":
            self.take(".")
            kind, part = self.take()
            if kind != "name":
                self.fail()
            if self.peek()[1] == "(":
                return self.method(path, part)
            path.append(part)
        op = self.peek()[1]
        if op not in _COMPARE:
            return lambda r: _resolve(r, path) is True
        self.take()
        literal = self.literal()
        compare = _COMPARE[op]

        def predicate(record):
            value = _resolve(record, path)
            left, right = _coerce(value, literal)
            if left is None or right is None:
                return compare(left is None, right is None) if op in ("==", "!=") else False
            try:
                return compare(left, right)
            except TypeError:
                return False

        return predicate

    def method(self, path, name):
        self.take("(")
        lower = name.lower()
        if lower in ("tolower", "toupper"):
            self.take(")")
            op = self.peek()[1]
            if op not in ("==", "!="):
                self.fail()
            self.take()
            literal = self.literal()
            if not isinstance(literal, str):
                self.fail()
            convert = str.lower if lower == "tolower" else str.upper
            equal = op == "=="
            return lambda r: (convert(str(_resolve(r, path) or "")) == literal) == equal
        if lower not in _METHODS:
            self.fail()
        argument = self.literal()
        self.take(")")
        if not isinstance(argument, str):
            self.fail()
        test = _METHODS[lower]
        return lambda r: isinstance(_resolve(r, path), str) and test(_resolve(r, path).lower(), argument.lower())

    def literal(self):
        kind, text = self.take()
        if kind == "str":
            return re.sub(r"\\(.)", r"\1", text[1:-1])
        if kind == "num":
            return float(text)
        if kind != "name":
            self.fail()
        lower = text.lower()
        if lower in ("true", "false"):
            return lower == "true"
        if lower == "null":
            return None
        if lower == "guid":
            self.take("(")
            value = self.literal()
            self.take(")")
            return _Guid(value)
        if lower == "datetime":
            self.take("(")
            parts = [self.literal()]
            while self.peek()[1] == ",":
                self.take(",")
                parts.append(self.literal())
            self.take(")")
            try:
                if len(parts) == 1 and isinstance(parts[0], str):
                    return parse_xero_date(parts[0]) or self.fail()
                return datetime(*(int(p) for p in parts), tzinfo=UTC)
            except (TypeError, ValueError):
                self.fail()
        self.fail()
        return None


class _Guid(str):
    pass


def _coerce(value, literal):
    """Both sides in comparable form: dates as datetimes, strings case-insensitive."""
    if literal is None or value is None:
        return value, literal
    if isinstance(literal, datetime):
        return parse_xero_date(value), literal
    if isinstance(literal, bool):
        return (value if isinstance(value, bool) else str(value).lower() == "true"), literal
    if isinstance(literal, float):
        try:
            return float(value), literal
        except (TypeError, ValueError):
            return None, literal
    return str(value).lower(), str(literal).lower()


def compile_where(expr):
    """A `where` expression -> predicate(record) -> bool."""
    return _Parser(expr or "").parse()


def _sort_value(value):
    if isinstance(value, str) and _MS_DATE.fullmatch(value):
        return (1, parse_xero_date(value).timestamp())
    if isinstance(value, bool | int | float):
        return (1, float(value))
    if value is None:
        return (0, 0)
    return (2, str(value).lower())


def apply_order(records, order, default=None):
    """Records sorted by an `order` expression (stable); unchanged when there is none."""
    order = (order or default or "").strip()
    if not order:
        return list(records)
    records = list(records)
    keys = []
    for part in order.split(","):
        words = part.split()
        if not words or len(words) > 2:
            raise QueryError(f"Unable to parse the order clause: '{order}'")
        direction = words[1].upper() if len(words) == 2 else "ASC"
        if direction not in ("ASC", "DESC"):
            raise QueryError(f"Unable to parse the order clause: '{order}'")
        keys.append((words[0].split("."), direction == "DESC"))
    for path, descending in reversed(keys):
        records.sort(key=lambda r, path=path: _sort_value(_resolve(r, path)), reverse=descending)
    return records
