"""An in-memory stand-in for xero_client.XeroClient, for fast engine tests.

The sandbox-backed tests prove the wire; these prove the engine's logic in isolation.
"""

import re
from types import SimpleNamespace

from ..xero_client.utils import parse_xero_datetime


class FakeXero:
    def __init__(self, data=None, page_size=2):
        self.data = {k: list(v) for k, v in (data or {}).items()}
        self.page_size = page_size
        self.stats = SimpleNamespace(calls=0, bytes_received=0)
        self.calls = []
        self.replied_at = None  # no DateTimeUTC in its replies: the mark is the newest change seen
        self.fail_after_pages = None
        self.saved = []

    def _call(self, what):
        self.stats.calls += 1
        self.calls.append(what)

    def get_all(self, collection, params=None, modified_since=None):
        self._call((collection, None))
        return [i for i in self.data.get(collection, []) if _newer(i, modified_since)]

    def iter_pages(self, collection, params=None, modified_since=None, page_size=None, start_page=1):
        items = [i for i in self.data.get(collection, []) if _newer(i, modified_since)]
        page = start_page
        while True:
            self._call((collection, page))
            chunk = items[(page - 1) * self.page_size: page * self.page_size]
            if self.fail_after_pages is not None and page > self.fail_after_pages:
                raise KeyboardInterrupt("worker killed")
            yield page, chunk
            if len(chunk) < self.page_size:
                return
            page += 1

    def get(self, collection, params=None, modified_since=None):
        self._call((collection, "get"))
        params = params or {}
        ids = set(params["IDs"].split(",")) if "IDs" in params else set(
            re.findall(r'Guid\("([^"]+)"\)', params.get("where", "")))
        key = {"Contacts": "ContactID", "Invoices": "InvoiceID", "CreditNotes": "CreditNoteID",
               "Payments": "PaymentID"}[collection]
        return {collection: [i for i in self.data.get(collection, []) if isinstance(i, dict) and i.get(key) in ids]}

    def save_manual_journals(self, journals, summarize_errors=False, idempotency_key=None):
        self._call(("ManualJournals", "put"))
        results = []
        for journal in journals:
            ident = f"mj-{len(self.saved) + 1}"
            self.saved.append(dict(journal, ManualJournalID=ident))
            results.append({"ManualJournalID": ident, "StatusAttributeString": "OK"})
        return results


def _newer(item, since):
    if not since:
        return True
    try:
        return parse_xero_datetime(item["UpdatedDateUTC"]).replace(tzinfo=None) > since
    except (KeyError, TypeError, ValueError, AttributeError):  # no date, or a spoiled one: sent
        return True


def _find(self, where, modified_since=None):
    self._call(("ManualJournals", "find"))
    token = where.split('"')[1]
    return [j for j in self.saved if token in j.get("Narration", "")]


FakeXero.find_manual_journals = _find


def _organisation(self):
    self._call(("Organisation", "get"))
    return {"Name": "Fake Org Pty", "CountryCode": "AU", "BaseCurrency": "AUD", "ShortCode": "!fake"}


FakeXero.get_organisation = _organisation
