"""One organisation's books as the write endpoints see them: lookups, dates, totals.

Also Xero's validation rules for documents and manual journals. Messages follow Xero's
words where Xero's are known (e.g. "Account code '999' is not a valid code for this
document.", "Invoice # must be unique.", "The total debits (100.00) must equal total
credits (-10.00)").
"""

import functools
import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .query import parse_xero_date, to_xero_date

CENT = Decimal("0.01")
LOCK_MESSAGE = "The document date cannot be before the {which} lock date, currently set at {when}"


def as_date(value):
    """A request date ("2026-03-31", "2026-03-31T00:00:00", "/Date(…)/") -> date, or None."""
    if value in (None, ""):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    moment = parse_xero_date(value)
    if moment is None:
        raise ValueError(value)
    return moment.date()


def date_fields(day, prefix=""):
    """{Date, DateString} in Xero's two output forms for a date."""
    if day is None:
        return {}
    return {prefix + "Date": to_xero_date(day), prefix + "DateString": day.strftime("%Y-%m-%dT00:00:00")}


def money(value):
    """Cents, rounded half away from zero as Xero (and Odoo) round, not banker's rounding."""
    if isinstance(value, Decimal):
        return float(value.quantize(CENT, rounding=ROUND_HALF_UP)) + 0.0
    return float(Decimal(repr(float(value or 0.0))).quantize(CENT, rounding=ROUND_HALF_UP)) + 0.0


def dec(value, default="0"):
    """A number as sent (JSON number or numeric string) -> Decimal, computed in decimal as Xero
    does: 2 x 5.55 less 15% is 9.435 and rounds to 9.44, where floats give 9.434999… and 9.43."""
    if value is None or value == "":
        value = default
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"'{value}' is not a number")
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except ArithmeticError:
        raise ValueError(f"'{value}' is not a number") from None
    if not number.is_finite():
        raise ValueError(f"'{value}' is not a number")
    return number


class Books:
    """Lazy lookups into one tenant's records (for one request)."""

    def __init__(self, store, tenant):
        self.store, self.tenant = store, tenant
        self._cache = {}
        self._numbers = {}

    def _load(self, kind):
        if kind not in self._cache:
            self._cache[kind] = self.store.all(self.tenant, kind)
        return self._cache[kind]

    def numbers(self, collection, number_key):
        """The collection's document numbers (DocumentNumbers), read once a request."""
        if collection not in self._numbers:
            self._numbers[collection] = DocumentNumbers(
                self.store.columns(self.tenant, collection, "$.Type", f"$.{number_key}", "$.Status"), number_key)
        return self._numbers[collection]

    def remember(self, collection, id_key, record):
        """A record this request saved: the request's later elements see it."""
        cached = self._cache.get(collection)
        if cached is not None:
            cached[:] = [r for r in cached if r.get(id_key) != record[id_key]] + [record]
        if collection in self._numbers:
            self._numbers[collection].remember(record[id_key], record)

    @property
    def organisation(self):
        return self.store.tenant(self.tenant)["organisation"]

    def account(self, code=None, account_id=None):
        for acc in self._load("Accounts"):
            if (code and acc.get("Code") == code) or (account_id and acc["AccountID"] == account_id):
                return acc
        return None

    def tax_rate(self, tax_type):
        return next((t for t in self._load("TaxRates") if t["TaxType"] == tax_type), None)

    def contact(self, ref):
        ref = ref or {}
        for contact in self._load("Contacts"):
            if ref.get("ContactID") and contact["ContactID"].lower() == ref["ContactID"].lower():
                return contact
        if not ref.get("ContactID") and ref.get("Name"):
            return next((c for c in self._load("Contacts")
                         if c["Name"].lower() == ref["Name"].lower() and c["ContactStatus"] == "ACTIVE"), None)
        return None

    def currencies(self):
        return {c["Code"] for c in self._load("Currencies")} | {self.organisation["BaseCurrency"]}

    def tracking(self, entry):
        """A line's tracking entry -> (category, option) records, either may be None."""
        cats = self._load("TrackingCategories")
        category = next((c for c in cats if (entry.get("TrackingCategoryID") or "").lower()
                         == c["TrackingCategoryID"].lower() or (entry.get("Name") or "").lower()
                         == c["Name"].lower()), None)
        if not category:
            return None, None
        option = next((o for o in category["Options"] if (entry.get("TrackingOptionID") or "").lower()
                       == o["TrackingOptionID"].lower() or (entry.get("Option") or "").lower()
                       == o["Name"].lower()), None)
        return category, option

    # ------------------------------------------------------------------ checks
    def lock_errors(self, day):
        errors = []
        org = self.organisation
        for which, key in (("end of year", "EndOfYearLockDate"), ("period", "PeriodLockDate")):
            lock = as_date(org.get(key))
            if day and lock and day <= lock:
                errors.append(LOCK_MESSAGE.format(which=which, when=lock.strftime("%d-%b-%Y")))
                break
        return errors

    def line_errors(self, line, allow_no_account=False):
        errors = []
        code = line.get("AccountCode")
        account = self.account(code=code, account_id=line.get("AccountID"))
        if not account and (code or line.get("AccountID")):
            errors.append(f"Account code '{code or line.get('AccountID')}' is not a valid code for this document.")
        elif not account and not allow_no_account:
            errors.append("Account code must be specified.")
        elif account and account["Status"] != "ACTIVE":
            errors.append(f"The account code '{account['Code']}' has been archived, or deleted. "
                          "Each line item must reference a valid account.")
        tax_type = line.get("TaxType")
        if tax_type and not self.tax_rate(tax_type):
            errors.append(f"The TaxType code '{tax_type}' does not exist or cannot be used for this type of "
                          "transaction.")
        for entry in line.get("Tracking") or []:
            category, option = self.tracking(entry)
            name = entry.get("Name") or entry.get("TrackingCategoryID")
            if not category:
                errors.append(f"The tracking category '{name}' does not exist.")
            elif not option:
                errors.append(f"The tracking option '{entry.get('Option') or entry.get('TrackingOptionID')}' "
                              f"does not exist in tracking category '{category['Name']}'.")
            elif category["Status"] != "ACTIVE" or option["Status"] != "ACTIVE":
                errors.append(f"The tracking option '{option['Name']}' in tracking category '{category['Name']}' "
                              "is archived and cannot be used.")
        return errors, account

    def tracking_out(self, entries):
        out = []
        for entry in entries or []:
            category, option = self.tracking(entry)
            if category and option:
                out.append({"Name": category["Name"], "Option": option["Name"],
                            "TrackingCategoryID": category["TrackingCategoryID"],
                            "TrackingOptionID": option["TrackingOptionID"]})
        return out

    def tax_for(self, amount, tax_type, amount_types):
        """(net, tax) of a line amount under Exclusive / Inclusive / NoTax, the tax rounded on
        each line (Xero's default "round tax per line")."""
        amount = dec(amount)
        rate = dec((self.tax_rate(tax_type) or {}).get("EffectiveRate")) if tax_type else Decimal(0)
        if amount_types == "NoTax" or not rate:
            return money(amount), 0.0
        if amount_types == "Inclusive":
            tax = money(amount * rate / (100 + rate))
            return money(amount - Decimal(repr(tax))), tax
        return money(amount), money(amount * rate / 100)


class DocumentNumbers:
    """A collection's document numbers, for Xero's "Invoice # must be unique" and the next number
    it gives: looked up by number, not by scanning every document for each one written.

        numbers = DocumentNumbers([(id, "ACCREC", "INV-0007", "AUTHORISED"), ...], "InvoiceNumber")
        numbers.highest("INV-")                        # 7
        numbers.taken("ACCREC", "INV-0007", other_id)  # True: another live document has it
    """

    def __init__(self, rows, number_key):
        self.number_key = number_key
        self._of = {}  # document id -> (type, number, status)
        self._by_number = {}  # (type, number) -> {document id: status}
        self._highest = {}  # prefix -> the highest number after it
        for doc_id, kind, number, status in rows:
            self._add(doc_id, kind, number, status)

    def _add(self, doc_id, kind, number, status):
        self._of[doc_id] = (kind, number, status)
        if number:
            self._by_number.setdefault((kind, number), {})[doc_id] = status

    def remember(self, doc_id, record):
        kind, number, status = record.get("Type"), record.get(self.number_key), record.get("Status")
        old = self._of.pop(doc_id, None)
        if old and old[1]:
            self._by_number.get((old[0], old[1]), {}).pop(doc_id, None)
            if old[1] != number:
                self._highest.clear()  # the highest may have been the old number
        self._add(doc_id, kind, number, status)
        for prefix, highest in self._highest.items():
            self._highest[prefix] = max(highest, _number_after(prefix, number))

    def highest(self, prefix):
        """The highest number written as `prefix` + digits (0 when none): any type or status."""
        if prefix not in self._highest:
            self._highest[prefix] = max((_number_after(prefix, number) for _k, number, _s in self._of.values()),
                                        default=0)
        return self._highest[prefix]

    def taken(self, kind, number, doc_id):
        """Does another document of this type, not deleted, have this number?"""
        return any(other != doc_id and status != "DELETED"
                   for other, status in self._by_number.get((kind, number), {}).items())


def _number_after(prefix, number):
    match = _numbered(prefix).fullmatch(number or "")
    return int(match.group(1)) if match else 0


@functools.cache
def _numbered(prefix):
    return re.compile(re.escape(prefix) + r"(\d+)")


def now_xero(store):
    return to_xero_date(datetime.fromtimestamp(store.now(), UTC))
