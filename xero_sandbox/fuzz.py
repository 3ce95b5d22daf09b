"""Fuzzing the sandbox from Xero's OpenAPI file with schemathesis (a test dependency, pinned in
scripts/requirements.txt; imported only by the fuzz test and benchmarks/fuzz_sandbox.py).

Shared by xero_sandbox/tests/test_fuzz.py (a short run in-process, part of the test command) and
benchmarks/fuzz_sandbox.py (the longer run over HTTP, several seeds): which operations are
fuzzed, how one round of cases runs, what counts as a server error and as a contract breach.
Whatever is sent, the sandbox must answer as Xero would (a 400 with Xero's body, a 404 or a
405, or a reply that keeps the contract), never a 5xx, and strict mode must find nothing.
"""

from collections import Counter

import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

from .contract import ROOT, _load_yaml

API = "/api.xro/2.0"
CASES_FIRST_ROUND, CASES_PER_ROUND = 3, 8  # the first round reaches every operation, whatever the budget
# …/Attachments/{AttachmentID} is the same route as …/{FileName} (one template wins in any router)
ATTACHMENTS = ("/Attachments", "/Attachments/{FileName}")
# Negative cases where schemathesis 4.4 can make them in time: it cannot break a case while
# keeping its path valid (Unsatisfiable after seconds of trying), and breaking the large
# document bodies (Invoices, CreditNotes, ManualJournals, Payments) takes it minutes for eight
# cases; those bodies are broken by hand in test_malformed.py.
NEGATIVE = {("GET", f"/{c}") for c in ("Accounts", "Contacts", "Invoices", "CreditNotes", "Payments",
                                        "ManualJournals", "TaxRates", "TrackingCategories", "Currencies",
                                        "Organisation")} | {("PUT", "/Accounts"), ("PUT", "/Contacts"),
                                                            ("POST", "/Contacts")}
RECORDS = {"Accounts": "{AccountID}", "Contacts": "{ContactID}", "Invoices": "{InvoiceID}",
           "CreditNotes": "{CreditNoteID}", "Payments": "{PaymentID}", "ManualJournals": "{ManualJournalID}"}
# the record families whose real IDs (and numbers) stand in a path half the time, to go past the 404
ID_SOURCES = {"AccountID": ("Accounts", "AccountID"), "ContactID": ("Contacts", "ContactID"),
              "InvoiceID": ("Invoices", "InvoiceID"), "CreditNoteID": ("CreditNotes", "CreditNoteID"),
              "PaymentID": ("Payments", "PaymentID"), "ManualJournalID": ("ManualJournals", "ManualJournalID"),
              "TaxType": ("TaxRates", "TaxType"), "TrackingCategoryID": ("TrackingCategories", "TrackingCategoryID"),
              "ContactNumber": ("Contacts", "ContactNumber"), "ItemID": ("Items", "ItemID"),
              "ContactGroupID": ("ContactGroups", "ContactGroupID"),
              "PurchaseOrderID": ("PurchaseOrders", "PurchaseOrderID"),
              "PurchaseOrderNumber": ("PurchaseOrders", "PurchaseOrderNumber"), "QuoteID": ("Quotes", "QuoteID")}
UNKNOWN_QUERY = "request parameters: unknown query parameter"


def served():
    """(method, path) of the operations of Xero's file the short fuzz test covers."""
    ops = [("GET", "/Organisation"), ("GET", "/Currencies"), ("GET", "/TaxRates"), ("GET", "/TaxRates/{TaxType}"),
           ("GET", "/TrackingCategories"), ("GET", "/TrackingCategories/{TrackingCategoryID}"),
           ("PUT", "/CreditNotes/{CreditNoteID}/Allocations"), ("GET", "/Contacts/{ContactNumber}")]
    for collection, key in RECORDS.items():
        ops += [("GET", f"/{collection}"), ("GET", f"/{collection}/{key}"), ("POST", f"/{collection}/{key}")]
        ops += [("GET", f"/{collection}/{key}{tail}") for tail in ATTACHMENTS]
        ops += [("PUT", f"/{collection}")] + ([("POST", f"/{collection}")] if collection != "Accounts" else [])
    return ops


def accounting_schema(wanted=None, base_url=API):
    """Xero's accounting file as a schemathesis schema: the operations in `wanted` ((method,
    path) pairs), or every operation of the file when None."""
    document = _load_yaml(ROOT / "xero_accounting.yaml")
    document["servers"] = [{"url": base_url}]
    if wanted is not None:
        wanted = set(wanted)
        document["paths"] = {path: {m: op for m, op in item.items() if (m.upper(), path) in wanted
                                    or m == "parameters"}
                             for path, item in document["paths"].items()
                             if any((m.upper(), path) in wanted for m in item)}
    return schemathesis.openapi.from_dict(document)


def record_ids(records_of):
    """{path parameter name: real values}; `records_of(collection)` lists one organisation's records."""
    ids, cache = {}, {}
    for name, (collection, key) in ID_SOURCES.items():
        if collection not in cache:
            cache[collection] = records_of(collection)
        ids[name] = [r[key] for r in cache[collection] if r.get(key)]
    return ids


def pairs(operations, every_negative=False):
    """(operation, mode) to fuzz: positive everywhere, negative where schemathesis makes it in time."""
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    return [(op, mode) for op in operations for mode in modes
            if mode is GenerationMode.POSITIVE or every_negative or (op.method.upper(), op.path) in NEGATIVE]


def run_cases(call, operation, mode, round_seed, cases, ids, on_reply):
    """`cases` cases of one operation: `call(case)` sends one and returns the reply (a
    requests-like response), `on_reply(case, response)` judges it."""
    @seed(round_seed)
    @settings(max_examples=cases, deadline=None, database=None, derandomize=False,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def one(case, data):
        for name in case.path_parameters or {}:  # half the time a real record, to go past the 404
            real = ids.get(name)
            if real and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(real))
        on_reply(case, call(case))

    one()


class Tally:
    """What one fuzz run saw: replies by operation and status, server errors, failing cases."""

    def __init__(self, headers):
        self.headers = headers
        self.seen, self.failures = {}, []

    def judge(self, operation, mode):
        def on_reply(case, response):
            key = f"{case.method} {operation.path} {mode.value}"
            self.seen.setdefault(key, Counter())[response.status_code] += 1
            if response.status_code >= 500:
                self.failures.append(
                    f"{response.status_code} {case.method} {case.formatted_path}: {response.text[:300]}\n"
                    f"  {case.as_curl_command(headers=self.headers)[:600]}")
        return on_reply

    @property
    def requests(self):
        return sum(sum(c.values()) for c in self.seen.values())

    @property
    def server_errors(self):
        return sum(n for c in self.seen.values() for status, n in c.items() if status >= 500)


def breaches(violations):
    """Strict mode's findings that are defects of the sandbox: the fuzzer's own unknown query
    parameters are not (Xero ignores them, so does the sandbox; strict mode reports them for the
    connector's sake)."""
    return [v for v in violations if not all(p.startswith(UNKNOWN_QUERY) for p in v["problems"])]
