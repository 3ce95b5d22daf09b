"""An in-memory stand-in for xero_client.XeroClient, for fast engine tests.

The sandbox-backed tests prove the wire; these prove the engine's logic in isolation.
"""

from types import SimpleNamespace


class FakeXero:
    def __init__(self, data=None, page_size=2):
        self.data = {k: list(v) for k, v in (data or {}).items()}
        self.page_size = page_size
        self.stats = SimpleNamespace(calls=0, bytes_received=0)
        self.calls = []
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
        ids = set((params or {}).get("IDs", "").split(","))
        key = {"Contacts": "ContactID", "Invoices": "InvoiceID"}[collection]
        return {collection: [i for i in self.data.get(collection, []) if i[key] in ids]}

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
    from ..sync.mappers import xero_updated

    updated = xero_updated(item)
    return updated is None or updated > since


def _find(self, where, modified_since=None):
    self._call(("ManualJournals", "find"))
    token = where.split('"')[1]
    return [j for j in self.saved if token in j.get("Narration", "")]


FakeXero.find_manual_journals = _find
