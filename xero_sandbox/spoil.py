"""Spoiled replies: records of Accounting API list replies damaged the ways Xero data is seen
damaged in the wild, for robustness tests of clients. Test-only, never part of Xero.

Per organisation: a seed, the odds that each record is spoiled, and optionally the
collections to spoil. The choice is drawn from the seed and the request (method, path with its
query, If-Modified-Since), so the same seed and the same request spoil the same records the
same way. Only the reply is spoiled: stored records never change.

Each spoiled record gets one of KINDS (those that fit the record; see SPOILERS for what each
does) and the reply's report lists {"index", "id", "kind", "field", "value"} per record.
"""

import copy
import hashlib
import random
import threading

SPOILABLE = ("Accounts", "TaxRates", "TrackingCategories", "Contacts", "Invoices", "CreditNotes", "Payments",
             "ManualJournals")

# per collection: fields a client cannot do without, strings, dates, amounts, enums.
# A field is a dotted path; a number in it is a list index ("LineItems.0.LineAmount").
FIELDS = {
    "Accounts": {"required": ("AccountID", "Code", "Name", "Type", "Status"), "strings": ("Name", "Description"),
                 "dates": ("UpdatedDateUTC",), "amounts": (), "enums": ("Type", "Status", "Class")},
    "TaxRates": {"required": ("TaxType", "Name", "Status", "EffectiveRate"), "strings": ("Name",), "dates": (),
                 "amounts": ("EffectiveRate", "DisplayTaxRate"), "enums": ("Status",)},
    "TrackingCategories": {"required": ("TrackingCategoryID", "Name", "Status", "Options"), "strings": ("Name",),
                           "dates": (), "amounts": (), "enums": ("Status",)},
    "Contacts": {"required": ("ContactID", "Name", "ContactStatus"),
                 "strings": ("Name", "EmailAddress", "FirstName", "LastName"), "dates": ("UpdatedDateUTC",),
                 "amounts": (), "enums": ("ContactStatus",)},
    "Invoices": {"required": ("InvoiceID", "Type", "Contact", "Date", "Status", "Total", "CurrencyCode"),
                 "strings": ("InvoiceNumber", "Reference", "Contact.Name", "LineItems.0.Description"),
                 "dates": ("Date", "DueDate", "UpdatedDateUTC"),
                 "amounts": ("Total", "SubTotal", "TotalTax", "AmountDue", "LineItems.0.LineAmount"),
                 "enums": ("Type", "Status", "LineAmountTypes")},
    "CreditNotes": {"required": ("CreditNoteID", "Type", "Contact", "Date", "Status", "Total", "CurrencyCode"),
                    "strings": ("CreditNoteNumber", "Reference", "Contact.Name", "LineItems.0.Description"),
                    "dates": ("Date", "UpdatedDateUTC"),
                    "amounts": ("Total", "SubTotal", "TotalTax", "RemainingCredit", "LineItems.0.LineAmount"),
                    "enums": ("Type", "Status", "LineAmountTypes")},
    "Payments": {"required": ("PaymentID", "Date", "Amount", "Status", "PaymentType"),
                 "strings": ("Reference",), "dates": ("Date", "UpdatedDateUTC"), "amounts": ("Amount", "BankAmount"),
                 "enums": ("Status", "PaymentType")},
    "ManualJournals": {"required": ("ManualJournalID", "Narration", "Date", "Status", "JournalLines"),
                       "strings": ("Narration", "JournalLines.0.Description"), "dates": ("Date", "UpdatedDateUTC"),
                       "amounts": ("JournalLines.0.LineAmount", "JournalLines.1.LineAmount"),
                       "enums": ("Status", "LineAmountTypes")},
}

LONG = "x" * 10_000
# kind -> (field group, new value from the old one); "duplicate" is handled on the page
SPOILERS = {
    "missing": ("required", None),                      # the field is left out
    "null": ("required", lambda old: None),
    "number_for_date": ("dates", lambda old: 20260131),
    "number_for_string": ("strings", lambda old: 12345),
    "string_for_number": ("amounts", lambda old: "1,234.56"),
    "unknown_enum": ("enums", lambda old: "SPOILEDVALUE"),
    "date_zero": ("dates", lambda old: "0000-00-00"),
    "date_min": ("dates", lambda old: "0001-01-01"),
    "date_max": ("dates", lambda old: "9999-12-31"),
    "date_dotnet_min": ("dates", lambda old: "/Date(-62135596800000)/"),
    "nul": ("strings", lambda old: f"{old}\u0000tail"),
    "control": ("strings", lambda old: f"{old}\u0001\u0007\u001b[31m\u007f"),
    "emoji": ("strings", lambda old: f"{old} \U0001F9FE\U0001F600\u200d\U0001F4B8"),
    "rtl": ("strings", lambda old: f"\u202e{old} \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627"),
    "long": ("strings", lambda old: LONG),
    "huge": ("amounts", lambda old: 1e20),
    "negative": ("amounts", lambda old: -abs(old) if isinstance(old, int | float) and old else -1234.56),
    "decimals": ("amounts", lambda old: 1234.5678901234567),
    "duplicate": (None, None),
}
KINDS = tuple(SPOILERS)


def _get(record, path):
    node = record
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise KeyError(path)
    return node


def _set(record, path, value, drop=False):
    *parents, last = path.split(".")
    node = _get(record, ".".join(parents)) if parents else record
    if isinstance(node, list):
        node[int(last)] = value
    elif drop:
        del node[last]
    else:
        node[last] = value


def _has(record, path):
    try:
        _get(record, path)
    except KeyError:
        return False
    return True


class Spoiler:
    """Spoiling settings per organisation (in memory, like faults), and the spoiling itself."""

    def __init__(self):
        self._settings = {}
        self._lock = threading.Lock()

    def set(self, tenant, seed=0, odds=0.2, paths=None, kinds=None):
        odds = float(odds)
        if not 0.0 <= odds <= 1.0:
            raise ValueError("odds must be between 0 and 1")
        paths = list(paths or SPOILABLE)
        unknown = [p for p in paths if p not in SPOILABLE] + [k for k in kinds or () if k not in KINDS]
        if unknown:
            raise ValueError(f"cannot spoil {', '.join(unknown)}; paths: {', '.join(SPOILABLE)}; "
                             f"kinds: {', '.join(KINDS)}")
        setting = {"tenant": tenant, "seed": int(seed), "odds": odds, "paths": paths,
                   "kinds": list(kinds or KINDS)}
        with self._lock:
            self._settings[tenant] = setting
        return setting

    def off(self, tenant=None):
        with self._lock:
            if tenant is None:
                self._settings.clear()
            else:
                self._settings.pop(tenant, None)

    def settings(self):
        with self._lock:
            return [dict(s) for s in self._settings.values()]

    def _setting(self, tenant):
        with self._lock:
            return self._settings.get(tenant) or self._settings.get("*")

    def wants(self, tenant, collection):
        setting = self._setting(tenant)
        return bool(setting) and collection in setting["paths"]

    def spoil(self, tenant, collection, records, request_key):
        """-> (records as sent, report) where report lists what was spoiled ([] for nothing)."""
        setting = self._setting(tenant)
        if not setting or collection not in setting["paths"] or not records:
            return records, []
        digest = hashlib.sha256(f"{setting['seed']}|{tenant}|{request_key}".encode()).digest()
        rng = random.Random(int.from_bytes(digest[:8], "big"))
        out, report = [], []
        id_key = FIELDS[collection]["required"][0]
        for record in records:
            if rng.random() >= setting["odds"]:
                out.append(record)
                continue
            kinds = [k for k in setting["kinds"] if k == "duplicate" or any(
                _has(record, f) for f in FIELDS[collection][SPOILERS[k][0]])]
            if not kinds:
                out.append(record)
                continue
            kind = rng.choice(kinds)
            entry = {"index": len(out), "id": record.get(id_key), "kind": kind}
            if kind == "duplicate":  # the same record twice in a row
                out += [record, copy.deepcopy(record)]
                entry["field"] = None
            else:
                group, change = SPOILERS[kind]
                field = rng.choice([f for f in FIELDS[collection][group] if _has(record, f)])
                spoiled = copy.deepcopy(record)
                if change is None:
                    _set(spoiled, field, None, drop=True)
                else:
                    value = change(_get(record, field))
                    _set(spoiled, field, value)
                    entry["value"] = value if not isinstance(value, str) or len(value) < 100 else (
                        f"{value[:20]}… ({len(value)} characters)")
                entry["field"] = field
                out.append(spoiled)
            report.append(entry)
        return out, report


def parse_spoil(text):
    """--spoil "tenant=wallaby,seed=7,odds=0.2,paths=Invoices+Contacts" -> Spoiler.set arguments."""
    values = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _sep, value = part.partition("=")
        name = name.strip()
        if name not in ("tenant", "seed", "odds", "paths", "kinds"):
            raise ValueError(f"unknown spoil setting {name!r} (tenant, seed, odds, paths, kinds)")
        values[name] = value.replace("+", " ").split() if name in ("paths", "kinds") else value.strip()
    return values
