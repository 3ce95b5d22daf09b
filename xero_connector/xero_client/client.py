"""XeroClient: the Accounting API of one organisation (tenant) with one access token."""

import json
import time
from urllib.parse import quote

from . import const
from .errors import XeroError, XeroMalformedResponse, XeroValidationError, element_messages
from .transport import Transport
from .utils import format_if_modified_since, parse_xero_datetime

ZERO_ID = "00000000-0000-0000-0000-000000000000"


class XeroClient:
    """Calls Xero's Accounting API for `tenant_id`.

    `access_token` is a string, or a callable returning the current one (for jobs that
    outlive a token). Every call goes through `governor` (limits shared with other
    workers), has the config's timeout, and is retried as `Transport` explains. `stats`
    counts calls, retries, 429s and bytes received.
    """

    def __init__(self, config, tenant_id, access_token, governor=None, session=None,
                 stats=None, sleep=time.sleep):
        if not tenant_id:
            raise ValueError("A Xero tenant id is required.")
        self.config = config
        self.tenant_id = tenant_id
        self.access_token = access_token
        self.transport = Transport(config, session=session, stats=stats, governor=governor,
                                   sleep=sleep)
        self.replied_at = None  # Xero's clock at its last reply to a read (its DateTimeUTC), aware

    @property
    def stats(self):
        return self.transport.stats

    @property
    def governor(self):
        return self.transport.governor

    # ------------------------------------------------------------------ plumbing
    def _url(self, path, base=None):
        return f"{base or self.config.accounting_endpoint}/{path.lstrip('/')}"

    def _headers(self, modified_since=None, idempotency_key=None, body=False):
        token = self.access_token() if callable(self.access_token) else self.access_token
        headers = {
            "Authorization": f"Bearer {token}",
            const.HEADER_TENANT: self.tenant_id,
            "Accept": "application/json",
        }
        if modified_since:
            headers["If-Modified-Since"] = format_if_modified_since(modified_since)
        if idempotency_key:
            headers["Idempotency-Key"] = str(idempotency_key)[:128]
        if body:
            headers["Content-Type"] = "application/json"
        return headers

    def _send(self, method, path, params=None, body=None, modified_since=None,
              idempotency_key=None, base=None):
        data = None if body is None else json.dumps(body, separators=(",", ":"), default=str)
        result = self.transport.request(
            method, self._url(path, base), tenant_id=self.tenant_id, params=params, data=data,
            headers=self._headers(modified_since, idempotency_key, body=data is not None),
        )
        if not isinstance(result, dict):
            raise XeroMalformedResponse(f"Xero's reply to {method} {path} is not an object.")
        return result

    # ------------------------------------------------------------------ generic verbs
    def get(self, path, params=None, modified_since=None):
        """GET an Accounting API path (e.g. "Invoices", "Invoices/{id}") -> parsed JSON.

        Keeps Xero's clock at the reply (`replied_at`, from the reply's DateTimeUTC, None when
        absent): an incremental read's next high-water mark (see models/xero_sync_cursor.py)."""
        result = self._send("GET", path, params=params, modified_since=modified_since)
        self.replied_at = _reply_time(result)
        return result

    def put(self, path, body, params=None, idempotency_key=None):
        """PUT (create). Not retried on timeouts or 5xx: the write may have been applied."""
        return self._send("PUT", path, params=params, body=body, idempotency_key=idempotency_key)

    def post(self, path, body, params=None, idempotency_key=None):
        """POST (create or update). Not retried on timeouts or 5xx, like put()."""
        return self._send("POST", path, params=params, body=body, idempotency_key=idempotency_key)

    def delete(self, path):
        """DELETE (e.g. a contact group's member); Xero answers 204 without a body."""
        self.transport.request("DELETE", self._url(path), tenant_id=self.tenant_id,
                               headers=self._headers(None, None, body=False), expect_json=False,
                               retry_transient=True)  # deleting twice changes nothing

    # ------------------------------------------------------------------ reading
    def iter_pages(self, collection, params=None, modified_since=None,
                   page_size=const.MAX_PAGE_SIZE, start_page=1):
        """Yield (page_number, items) from start_page on, one request per page.

        Stops after a short page (or the last page Xero's pagination block names), so a
        caller that stores the page number after each page can resume where it stopped.
        """
        page_size = page_size or const.MAX_PAGE_SIZE
        if not 1 <= page_size <= const.MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {const.MAX_PAGE_SIZE}")
        page = max(int(start_page or 1), 1)
        while True:
            query = {**(params or {}), "page": page, "pageSize": page_size}
            data = self.get(collection, params=query, modified_since=modified_since)
            items = _items(data, collection)
            yield page, items
            pagination = data.get("pagination") or {}
            page_count = pagination.get("pageCount")
            if len(items) < page_size or (isinstance(page_count, int) and page >= page_count):
                return
            page += 1

    def get_all(self, collection, params=None, modified_since=None):
        """All items of an un-paged collection (Accounts, TaxRates, TrackingCategories,
        Currencies, ...) in one request."""
        return _items(self.get(collection, params=params, modified_since=modified_since),
                      collection)

    def get_organisation(self):
        """The organisation of this tenant (Name, CountryCode, BaseCurrency, ShortCode...)."""
        items = _items(self.get("Organisation"), "Organisations")
        if not items:
            raise XeroMalformedResponse("Xero returned no organisation.")
        return items[0]

    # ------------------------------------------------------------------ fixed assets, payroll
    def get_asset_settings(self):
        """The organisation's fixed asset settings (Assets API; scope assets.read). A 403
        (XeroForbiddenError) when the scope is missing or fixed assets are not set up."""
        return self._send("GET", "Settings", base=self.config.assets_endpoint)

    def get_payroll_settings(self, country_code):
        """The payroll settings of an organisation of this country (the Payroll API of AU, NZ
        or the UK; scope payroll.settings.read). A 403 (XeroForbiddenError) when the scope is
        missing or the organisation does not use Xero Payroll; ValueError for a country that
        has no Xero Payroll (nothing is sent)."""
        base = self.config.payroll_endpoint(country_code)
        if not base:
            raise ValueError(f"Xero Payroll is not offered in {country_code or 'this country'}.")
        return self._send("GET", "Settings", base=base)

    # ------------------------------------------------------------------ manual journals
    def save_manual_journals(self, journals, summarize_errors=False, idempotency_key=None):
        """Create manual journals in one PUT; -> one result per journal, in order:
        {"ManualJournalID": id or None, "StatusAttributeString": "OK"/"ERROR",
         "ValidationErrors": [{"Message": ...}], "Warnings": [...], "ManualJournal": {...}}.

        With summarize_errors=False Xero saves the valid journals and reports each refused
        one in its own element; with True one refusal raises XeroValidationError (see its
        elements_as_results). A timeout raises XeroTransientError: look for the journals in
        Xero (find_manual_journals) before sending them again.
        """
        if not journals:
            return []
        data = self.put(
            "ManualJournals", {"ManualJournals": list(journals)},
            params={"summarizeErrors": "true" if summarize_errors else "false"},
            idempotency_key=idempotency_key,
        )
        elements = _items(data, "ManualJournals")
        if len(elements) != len(journals):
            raise XeroMalformedResponse(
                f"Xero answered {len(elements)} journals for {len(journals)} sent.")
        return [_result(element) for element in elements]

    # ------------------------------------------------------------------ invoices, credit notes, contacts
    def save_batch(self, collection, elements, summarize_errors=False, idempotency_key=None, update=False):
        """Create (PUT) or create-or-update (POST) Invoices, CreditNotes or Contacts in one
        request; -> one result per element, in order: {"ID": id or None, "StatusAttributeString",
        "ValidationErrors": [{"Message": ...}], "Warnings": [...], "Element": {...}}.

        As save_manual_journals: per-element refusals with summarize_errors=False, and a
        timeout (XeroTransientError) means "look in Xero before sending again". Unit amounts
        keep four decimals (unitdp=4) so Xero's line amounts are Odoo's.
        """
        if not elements:
            return []
        params = {"summarizeErrors": "true" if summarize_errors else "false"}
        if collection in ("Invoices", "CreditNotes", "Items"):
            params["unitdp"] = 4
        send = self.post if update else self.put
        data = send(collection, {collection: list(elements)}, params=params, idempotency_key=idempotency_key)
        replies = _items(data, collection)
        if len(replies) != len(elements):
            raise XeroMalformedResponse(f"Xero answered {len(replies)} {collection} for {len(elements)} sent.")
        return [_saved(reply, const.ID_KEYS[collection]) for reply in replies]

    def find(self, collection, where=None, modified_since=None, params=None):
        """Every record of a paged collection matching `where` and `params` (e.g. ContactIDs),
        changed since `modified_since`."""
        query = dict(params or {})
        if where:
            query["where"] = where
        if collection in ("Invoices", "CreditNotes"):
            query["unitdp"] = 4
        found = []
        for _page, items in self.iter_pages(collection, params=query, modified_since=modified_since):
            found.extend(items)
        return found

    # ------------------------------------------------------------------ attachments
    def save_attachment(self, collection, record_id, file_name, content, idempotency_key=None):
        """Attach a file (bytes) to an invoice or credit note. POST: a file of the same name
        is replaced, so a resend never makes a second copy. -> a save_batch result: {"ID":
        AttachmentID or None, "ValidationErrors": [...], "Element": Xero's attachment}."""
        headers = self._headers(idempotency_key=idempotency_key)
        headers["Content-Type"] = "application/octet-stream"
        try:
            data = self.transport.request(
                "POST", self._url(f"{collection}/{record_id}/Attachments/{quote(file_name, safe='')}"),
                tenant_id=self.tenant_id, data=content, headers=headers)
        except XeroError as exc:  # refused for this file or document only: not the whole run
            if not isinstance(exc, XeroValidationError) and exc.status not in (404, 413, 415):
                raise
            return {"ID": None, "ValidationErrors": [{"Message": exc.message}], "Element": {}}
        replies = _items(data if isinstance(data, dict) else {}, "Attachments")
        if len(replies) != 1 or not isinstance(replies[0], dict):
            raise XeroMalformedResponse("Xero's answer to an attachment is not one attachment.")
        return {"ID": replies[0].get("AttachmentID"), "ValidationErrors": [], "Element": replies[0]}

    def list_attachments(self, collection, record_id):
        """The files attached to an invoice or credit note (their names, sizes, IDs)."""
        return _items(self.get(f"{collection}/{record_id}/Attachments"), "Attachments")

    def find_manual_journals(self, where, modified_since=None):
        """All manual journals matching a Xero `where` filter (e.g. 'Narration.Contains("x")')."""
        found = []
        for _page, items in self.iter_pages("ManualJournals", params={"where": where},
                                            modified_since=modified_since):
            found.extend(items)
        return found


def _items(data, key):
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise XeroMalformedResponse(f"Xero's {key} is not a list.")
    return items


def _saved(element, id_key):
    messages = element_messages(element)
    if element.get("StatusAttributeString") == "ERROR" and not messages:
        messages = ["Xero refused it without saying why."]
    record_id = element.get(id_key)
    ok = not messages and record_id and record_id != ZERO_ID
    return {
        "ID": record_id if ok else None,
        "StatusAttributeString": "OK" if ok else "ERROR",
        "ValidationErrors": [{"Message": m} for m in messages],
        "Warnings": element.get("Warnings") or [],
        "Element": element,
    }


def _result(element):
    messages = element_messages(element)
    journal_id = element.get("ManualJournalID")
    ok = not messages and journal_id and journal_id != ZERO_ID
    return {
        "ManualJournalID": journal_id if ok else None,
        "StatusAttributeString": "OK" if ok else "ERROR",
        "ValidationErrors": [{"Message": m} for m in messages],
        "Warnings": element.get("Warnings") or [],
        "ManualJournal": element,
    }


def _reply_time(reply):
    """A reply's DateTimeUTC (Xero's clock when it answered) -> an aware datetime, or None."""
    try:
        return parse_xero_datetime(reply.get("DateTimeUTC"))
    except (TypeError, ValueError, OverflowError):
        return None
