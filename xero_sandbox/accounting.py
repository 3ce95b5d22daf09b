"""The Accounting API (/api.xro/2.0): reads with paging, If-Modified-Since, where/order, and
writes held to Xero's validation rules (batches, summarizeErrors, Idempotency-Key)."""

import base64
import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote

from werkzeug.wrappers import Response

from . import documents, history, items, orders
from .books import Books, as_date, date_fields, money
from .http import HTTPFailure, api_exception, bad_request, forbidden, json_response, not_allowed, not_found
from .query import QueryError, apply_order, compile_where, parse_xero_date, to_xero_date
from .replies import NO_ID, element_reply, envelope, missing_errors, read_elements, summarize, validation_failure
from .store import new_id

DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
RECONCILED_PAYMENT = "Payment cannot be deleted as it has been reconciled with a bank statement line."

# collection -> (id key, scope, paged)
COLLECTIONS = {
    "Accounts": ("AccountID", "accounting.settings", False),
    "TaxRates": ("TaxType", "accounting.settings", False),
    "TrackingCategories": ("TrackingCategoryID", "accounting.settings", False),
    "Currencies": ("Code", "accounting.settings", False),
    "Contacts": ("ContactID", "accounting.contacts", True),
    "Invoices": ("InvoiceID", "accounting.invoices", True),
    "CreditNotes": ("CreditNoteID", "accounting.invoices", True),
    "Payments": ("PaymentID", "accounting.payments", True),
    "ManualJournals": ("ManualJournalID", "accounting.manualjournals", True),
    "Items": ("ItemID", "accounting.settings", False),
    "ContactGroups": ("ContactGroupID", "accounting.contacts", False),
    # the granular scope of invoices covers purchase orders and quotes too
    "PurchaseOrders": ("PurchaseOrderID", "accounting.invoices", True),
    "Quotes": ("QuoteID", "accounting.invoices", True),
    # read here (where=IsReconciled==false, paged); planted through the admin API
    "BankTransactions": ("BankTransactionID", "accounting.banktransactions", True),
}
LEGACY_SCOPE = "accounting.transactions"  # before the 2026 granular scopes, covered all documents
SAVERS = {
    "Contacts": documents.save_contact,
    "Invoices": lambda books, item, old, stamp: documents.save_document(books, "Invoices", item, old, stamp),
    "CreditNotes": lambda books, item, old, stamp: documents.save_document(books, "CreditNotes", item, old, stamp),
    "ManualJournals": documents.save_manual_journal,
    "Accounts": documents.save_account,
    "Items": items.save_item,
    "ContactGroups": items.save_contact_group,
    "PurchaseOrders": orders.save_purchase_order,
    "Quotes": orders.save_quote,
}


def scope_allows(granted, scope, write):
    options = {scope} if write else {scope, scope + ".read"}
    if scope not in ("accounting.settings", "accounting.contacts", "accounting.attachments"):
        options |= {LEGACY_SCOPE} if write else {LEGACY_SCOPE, LEGACY_SCOPE + ".read"}
    return bool(options & granted)


def modified_since(value):
    """If-Modified-Since (ISO 8601 UTC, or an HTTP date) -> epoch seconds, or None."""
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value) if "," in value else parse_xero_date(value)
    except (TypeError, ValueError):
        moment = None
    if moment is None:
        raise HTTPFailure(bad_request(f"The If-Modified-Since header '{value}' is not a valid date."))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


class Accounting:
    def __init__(self, app):
        self.app = app
        self.store = app.store

    def handle(self, request, tenant, grant, parts):
        collection = parts[0]
        if collection == "Organisation" and len(parts) == 1:
            self._require(grant, "accounting.settings", False)
            if request.method != "GET":
                return not_allowed()
            return envelope(self.app, "Organisations", [self.store.tenant(tenant)["organisation"]])
        if collection not in COLLECTIONS:
            return not_found()
        write = request.method in ("PUT", "POST")
        if len(parts) > 2 and parts[2].lower() == "attachments":  # files have their own permission
            self._require(grant, "accounting.attachments", write)
            return self.attachments(request, tenant, collection, parts[1], parts[3:])
        if collection == "ContactGroups" and len(parts) > 2:  # members
            self._require(grant, "accounting.contacts", request.method != "GET")
            return self._idempotent(request, tenant,
                                    lambda: items.members(self.app, request, tenant, parts[1], parts[2:]))
        self._require(grant, COLLECTIONS[collection][1], write)
        if len(parts) == 3 and parts[2] == "History" and collection in history.ID_KEYS and request.method == "GET":
            return history.reply(self.app, tenant, collection, parts[1]) or not_found()
        if len(parts) > 2 and not (collection == "CreditNotes" and parts[2] == "Allocations"):
            return not_found()  # a note added to a History, pdf, OnlineInvoice, Email…: not in the sandbox
        if request.method == "GET":
            return self.read(request, tenant, collection, parts[1] if len(parts) > 1 else None)
        if not write:
            return not_allowed()
        return self._idempotent(request, tenant, lambda: self.write(request, tenant, collection, parts[1:]))

    def attachments(self, request, tenant, collection, record_id, rest):
        """A record's files, as Xero keeps them: listed (GET), read by file name (GET .../name),
        added (PUT) or added-or-replaced (POST) with the file's bytes as the body. Xero's limits:
        10 files per record, 10 MB per file, its list of file types."""
        record = self.store.get(tenant, collection, record_id)
        if not record:
            return not_found()
        key = f"{collection}/{record_id}"
        files = {f["FileName"]: f for f in self.store.all(tenant, "Attachments") if f.get("_parent") == key}
        if request.method == "GET":
            if not rest:
                return envelope(self.app, "Attachments", [_attachment(f) for f in files.values()])
            wanted = "/".join(rest)  # a file name, or an AttachmentID
            found = files.get(wanted) or next((f for f in files.values() if f["AttachmentID"] == wanted), None)
            if not found:
                return not_found()
            return Response(base64.b64decode(found["_content"]), content_type="application/octet-stream")
        if request.method not in ("PUT", "POST") or len(rest) != 1:
            return not_allowed()
        return self._idempotent(request, tenant, lambda: self._save_attachment(
            request, tenant, collection, record, key, rest[0], files))

    def _save_attachment(self, request, tenant, collection, record, key, name, files):
        content = request.get_data()
        problem = documents.attachment_problem(name, len(content), len(files), name in files, request.method)
        if problem:
            status, message = problem
            return api_exception(status, 10 if status == 400 else status, "ValidationException", message)
        old = files.get(name)
        attachment_id = old["AttachmentID"] if old else new_id()
        data = {"AttachmentID": attachment_id, "FileName": name, "ContentLength": len(content),
                "MimeType": documents.mime_type(name), "_parent": key,
                "_content": base64.b64encode(content).decode(),
                "Url": f"{self.app.base_url}/api.xro/2.0/{key}/Attachments/{quote(name)}"}
        self.store.put(tenant, "Attachments", attachment_id, data)
        if not record.get("HasAttachments"):
            self.store.put(tenant, collection, record[COLLECTIONS[collection][0]], {**record, "HasAttachments": True})
        return envelope(self.app, "Attachments", [_attachment(data)])

    @staticmethod
    def _require(grant, scope, write):
        if not scope_allows(grant["scopes"], scope, write):
            raise HTTPFailure(forbidden())

    # ------------------------------------------------------------------ reads
    def read(self, request, tenant, collection, record_id):
        if record_id:
            number_key = {"Invoices": "InvoiceNumber", "CreditNotes": "CreditNoteNumber",
                          "Contacts": "ContactNumber", "Items": "Code",
                          "PurchaseOrders": "PurchaseOrderNumber"}.get(collection)
            found = self.store.get(tenant, collection, record_id) or next(
                (r for r in self.store.all(tenant, collection) if number_key and r.get(number_key) == record_id), None)
            return envelope(self.app, collection, [found]) if found else not_found()
        return self._spoiled(request, tenant, collection, self._list(request, tenant, collection))

    def _spoiled(self, request, tenant, collection, reply):
        """A list reply with records spoiled when spoiling is on (test-only; see spoil.py)."""
        if reply.status_code != 200 or not self.app.spoiler.wants(tenant, collection):
            return reply
        body = json.loads(reply.get_data())
        key = f"{request.method} {request.full_path} {request.headers.get('If-Modified-Since', '')}"
        body[collection], report = self.app.spoiler.spoil(tenant, collection, body[collection], key)
        if not report:
            return reply
        request.environ["xero_sandbox.spoiled"] = report
        return json_response(body)

    def _list(self, request, tenant, collection):
        _id_key, _scope, paged = COLLECTIONS[collection]
        args = request.args
        since = modified_since(request.headers.get("If-Modified-Since"))
        plain = not any(args.get(k) for k in ("where", "order", "IDs", "Statuses", "ContactIDs", "InvoiceNumbers",
                                              "Status", "ContactID", "QuoteNumber"))
        if paged and args.get("page") and plain and collection != "Contacts":
            return self._sql_page(tenant, collection, since, args)  # large organisations: no full scan
        records = self.store.all(tenant, collection, since)
        records = self._filter(collection, records, args)
        try:
            if args.get("where"):
                records = list(filter(compile_where(args["where"]), records))
            records = apply_order(records, args.get("order"))
        except QueryError as exc:
            return bad_request(str(exc))
        records = _summary(records, args)
        if paged and args.get("page"):
            page, size = _paging(args)
            return envelope(self.app, collection, records[(page - 1) * size:page * size],
                                 {"pagination": _pagination(page, size, len(records))})
        return envelope(self.app, collection, records)

    def _sql_page(self, tenant, collection, since, args):
        page, size = _paging(args)
        records, total = self.store.page(tenant, collection, since, (page - 1) * size, size)
        return envelope(self.app, collection, _summary(records, args), {"pagination": _pagination(page, size, total)})

    @staticmethod
    def _filter(collection, records, args):
        id_key = COLLECTIONS[collection][0]
        if args.get("IDs"):
            wanted = {i.strip().lower() for i in args["IDs"].split(",")}
            records = [r for r in records if str(r.get(id_key, "")).lower() in wanted]
        if args.get("Statuses"):
            wanted = {s.strip().upper() for s in args["Statuses"].split(",")}
            records = [r for r in records if r.get("Status") in wanted]
        if args.get("ContactIDs"):
            wanted = {i.strip().lower() for i in args["ContactIDs"].split(",")}
            records = [r for r in records if (r.get("Contact") or {}).get("ContactID", "").lower() in wanted]
        if args.get("InvoiceNumbers"):
            wanted = {n.strip() for n in args["InvoiceNumbers"].split(",")}
            records = [r for r in records if r.get("InvoiceNumber") in wanted]
        if collection in ("PurchaseOrders", "Quotes"):
            records = _order_filter(collection, records, args)
        archived = args.get("includeArchived", "").lower() == "true"
        if collection == "Contacts" and not archived and not args.get("IDs"):
            records = [r for r in records if r.get("ContactStatus") != "ARCHIVED"]
        if collection == "ContactGroups":  # active groups only, without their members
            records = [items.listed_group(r) for r in records if r["Status"] == "ACTIVE"]
        if collection == "TrackingCategories" and not archived:
            records = [dict(r, Options=[o for o in r["Options"] if o["Status"] == "ACTIVE"])
                       for r in records if r["Status"] == "ACTIVE"]
        return records

    # ------------------------------------------------------------------ writes
    def _idempotent(self, request, tenant, produce):
        key = request.headers.get("Idempotency-Key")
        if not key:
            return produce()
        meta_key = f"idempotency:{tenant}:{request.method}:{request.path}:{key}"
        seen = self.store.get_meta(meta_key)
        if seen:
            return json_response(json.loads(seen["body"]), seen["status"])
        response = produce()
        if response.status_code < 500:
            self.store.set_meta(meta_key, {"status": response.status_code, "body": response.get_data(as_text=True)})
        return response

    def write(self, request, tenant, collection, rest):
        if collection == "CreditNotes" and len(rest) == 2 and rest[1] == "Allocations":
            return self._allocations(request, tenant, rest[0])
        if rest and (request.method != "POST" or len(rest) > 1):  # a record changes by POST to its path
            return not_allowed()
        if rest and not self.store.get(tenant, collection, rest[0]):
            return not_found()  # the path names no record of this organisation (nor could it, if no ID)
        if collection == "Payments":
            return self._payments(request, tenant, rest)
        if collection not in SAVERS or len(rest) > 1 or (collection in ("Accounts", "ContactGroups")
                                                          and request.method == "POST" and not rest):
            return not_allowed()
        id_key = COLLECTIONS[collection][0]
        elements = read_elements(request, collection)
        if rest:
            elements = [dict(elements[0], **{id_key: rest[0]})] if elements else []
        books = Books(self.store, tenant)
        now = self.store.now()
        stamp = to_xero_date(datetime.fromtimestamp(now, UTC))
        results, saved, olds = [], [], {}
        with self.store.tx():
            for index, element in enumerate(elements):
                old = None
                if element.get(id_key):
                    old = self.store.get(tenant, collection, element[id_key])
                    if old is None and request.method == "POST":
                        results.append((dict(element), [f"{collection[:-1]} with {id_key} {element[id_key]} "
                                                        "could not be found."]))
                        continue
                elif collection == "Items" and request.method == "POST":  # POST by Code updates that item
                    old = items.find_item(books, element.get("Code"))
                try:
                    record, errors = SAVERS[collection](books, element, old, stamp)
                except (TypeError, ValueError, AttributeError, KeyError) as exc:
                    record, errors = dict(element), [f"The element could not be read: {exc}."]
                errors = errors or missing_errors(request, index)
                if errors and old is None:  # Xero's all-zero ID: nothing was created
                    record = dict(record, **{id_key: NO_ID})
                results.append((record, errors))
                if not errors:
                    saved.append((record, old is None))
                    olds[record[id_key]] = old
                    books.remember(collection, id_key, record)
            failed = any(errors for _r, errors in results)
            if failed and summarize(request):
                return validation_failure(collection, results)
            self.store.put_many(tenant, collection, [(r[id_key], r) for r, _new in saved], now)
            history.saved(self.store, tenant, collection, [(r, olds.get(r[id_key])) for r, _new in saved], now)
        for record, created in saved:
            self.app.webhooks.emit(tenant, collection, record[id_key], created)
        return envelope(self.app, collection, [element_reply(collection, r, e) for r, e in results])

    def _payments(self, request, tenant, rest):
        """PUT creates payments against invoices or credit notes; POST /Payments/{id} deletes one."""
        books = Books(self.store, tenant)
        now = self.store.now()
        stamp = to_xero_date(datetime.fromtimestamp(now, UTC))
        results, changed = [], []
        docs = {}  # (collection, id) -> the document as this request's earlier payments left it
        with self.store.tx():
            for element in read_elements(request, "Payments"):
                if rest:
                    record, doc, errors = self._delete_payment(tenant, rest[0], element, stamp, docs)
                else:
                    try:
                        record, doc, errors = self._new_payment(books, tenant, element, stamp, docs)
                    except (TypeError, ValueError, AttributeError, KeyError) as exc:
                        record, doc, errors = dict(element), None, [f"The element could not be read: {exc}."]
                    if errors:
                        record = dict(record, PaymentID=NO_ID)
                results.append((record, errors))
                if not errors:
                    changed.append(record)
                    docs[(doc[0], doc[1][COLLECTIONS[doc[0]][0]])] = doc[1]
            if any(e for _r, e in results) and summarize(request):
                return validation_failure("Payments", results)
            for record in changed:
                self.store.put(tenant, "Payments", record["PaymentID"], record, now)
            for (doc_collection, doc_id), doc in docs.items():
                self.store.put(tenant, doc_collection, doc_id, doc, now)
                history.add(self.store, tenant, doc_collection, doc, ["Payment Removed" if rest else "Paid" if doc[
                    "Status"] == "PAID" else "Partially Paid"], now)
        for doc_collection, doc_id in docs:
            self.app.webhooks.emit(tenant, doc_collection, doc_id, False)
        return envelope(self.app, "Payments", [element_reply("Payments", r, e) for r, e in results])

    def _new_payment(self, books, tenant, element, stamp, docs=None):
        errors = []
        doc_collection = "CreditNotes" if element.get("CreditNote") else "Invoices"
        ref = element.get("CreditNote") or element.get("Invoice") or {}
        id_key = COLLECTIONS[doc_collection][0]
        doc = (docs or {}).get((doc_collection, ref.get(id_key))) or self.store.get(
            tenant, doc_collection, ref.get(id_key) or "") or next(
            (d for d in self.store.all(tenant, doc_collection)
             if ref.get("InvoiceNumber") and d.get("InvoiceNumber") == ref["InvoiceNumber"]), None)
        account = books.account(code=(element.get("Account") or {}).get("Code"),
                                account_id=(element.get("Account") or {}).get("AccountID"))
        amount = money(element.get("Amount"))
        try:
            day = as_date(element.get("Date")) or datetime.fromtimestamp(self.store.now(), UTC).date()
        except ValueError:
            return dict(element), None, [f"'{element.get('Date')}' is not a valid date."]
        if not doc:
            errors.append("You must specify either an Invoice, CreditNote, Prepayment or Overpayment for the payment")
        elif doc["Status"] != "AUTHORISED":
            errors.append("Payment can only be made against Authorised documents.")
        elif amount <= 0:
            errors.append("The payment amount must be greater than zero.")
        elif amount > (doc.get("AmountDue") if doc_collection == "Invoices" else doc.get("RemainingCredit", 0)):
            errors.append("Payment amount exceeds the amount outstanding on this document.")
        if not account or (account["Type"] != "BANK" and not account.get("EnablePaymentsToAccount")):
            errors.append("Account code must be a bank account or have payments enabled.")
        errors.extend(books.lock_errors(day))
        if errors:
            return dict(element), None, errors
        kind = {("Invoices", "ACCREC"): "ACCRECPAYMENT", ("Invoices", "ACCPAY"): "ACCPAYPAYMENT",
                ("CreditNotes", "ACCRECCREDIT"): "ARCREDITPAYMENT",
                ("CreditNotes", "ACCPAYCREDIT"): "APCREDITPAYMENT"}[(doc_collection, doc["Type"])]
        payment = {"PaymentID": new_id(), **date_fields(day), "Amount": amount,
                   "BankAmount": amount, "Reference": element.get("Reference", ""),
                   "CurrencyRate": float(element.get("CurrencyRate") or doc.get("CurrencyRate") or 1.0),
                   "PaymentType": kind, "Status": "AUTHORISED", "UpdatedDateUTC": stamp, "HasAccount": True,
                   "IsReconciled": bool(element.get("IsReconciled")), "HasValidationErrors": False,
                   "Account": {"AccountID": account["AccountID"], "Code": account["Code"]}}
        payment.pop("DateString", None)
        link = {id_key: doc[id_key], "Type": doc["Type"], "CurrencyCode": doc["CurrencyCode"],
                "Contact": doc["Contact"]}
        number_key = "InvoiceNumber" if doc_collection == "Invoices" else "CreditNoteNumber"
        if doc.get(number_key):
            link[number_key] = doc[number_key]
        payment["Invoice" if doc_collection == "Invoices" else "CreditNote"] = link
        doc = dict(doc, Payments=list(doc.get("Payments") or []) + [{
            "PaymentID": payment["PaymentID"], "Date": payment["Date"], "Amount": amount,
            "Reference": payment["Reference"], "CurrencyRate": payment["CurrencyRate"],
            "HasAccount": True, "HasValidationErrors": False}])
        return payment, (doc_collection, documents.rebalance(doc, doc_collection, stamp, day)), []

    def _delete_payment(self, tenant, payment_id, element, stamp, docs=None):
        payment = self.store.get(tenant, "Payments", payment_id)
        if not payment:
            return dict(element), None, ["Payment could not be found."]
        if element.get("Status") != "DELETED" or payment["Status"] == "DELETED":
            return payment, None, ["Only the Status of a payment can be changed, to DELETED."]
        if payment.get("IsReconciled"):
            return payment, None, [RECONCILED_PAYMENT]
        doc_collection = "Invoices" if payment.get("Invoice") else "CreditNotes"
        id_key = COLLECTIONS[doc_collection][0]
        doc_id = (payment.get("Invoice") or payment.get("CreditNote"))[id_key]
        doc = (docs or {}).get((doc_collection, doc_id)) or self.store.get(tenant, doc_collection, doc_id)
        doc = dict(doc, Payments=[p for p in doc.get("Payments") or [] if p["PaymentID"] != payment_id])
        payment = dict(payment, Status="DELETED", UpdatedDateUTC=stamp)
        return payment, (doc_collection, documents.rebalance(doc, doc_collection, stamp)), []

    def _allocations(self, request, tenant, credit_note_id):
        """PUT /CreditNotes/{id}/Allocations: apply credit to invoices of the same contact."""
        note = self.store.get(tenant, "CreditNotes", credit_note_id)
        if not note:
            return not_found()
        now = self.store.now()
        stamp = to_xero_date(datetime.fromtimestamp(now, UTC))
        books = Books(self.store, tenant)
        out, touched = [], []
        with self.store.tx():
            for element in read_elements(request, "Allocations"):
                invoice = self.store.get(tenant, "Invoices", (element.get("Invoice") or {}).get("InvoiceID") or "")
                try:
                    day = as_date(element.get("Date")) or as_date(note["Date"])
                except ValueError:
                    day = as_date(note["Date"])
                note, invoice, errors = self.allocate(books, tenant, note, invoice, money(element.get("Amount")),
                                                      day, stamp)
                if not element.get("Date"):  # required by Xero's contract, as Amount and Invoice are
                    errors = ["The allocation's Date is required.", *errors]
                if errors:
                    raise HTTPFailure(json_response({
                        "ErrorNumber": 10, "Type": "ValidationException", "Message": "A validation exception occurred",
                        "Elements": [dict(element, ValidationErrors=[{"Message": m} for m in errors])]}, 400))
                self.store.put(tenant, "Invoices", invoice["InvoiceID"], invoice, now)
                history.add(self.store, tenant, "Invoices", invoice, ["Credited"], now)
                touched.append(invoice["InvoiceID"])
                out.append(dict(note["Allocations"][-1], CreditNote={"CreditNoteID": note["CreditNoteID"]}))
            self.store.put(tenant, "CreditNotes", note["CreditNoteID"], note, now)
        self.app.webhooks.emit(tenant, "CreditNotes", note["CreditNoteID"], False)
        for invoice_id in touched:
            self.app.webhooks.emit(tenant, "Invoices", invoice_id, False)
        return envelope(self.app, "Allocations", out)

    @staticmethod
    def allocate(books, tenant, note, invoice, amount, day, stamp):
        """Apply `amount` of a credit note to an invoice -> (note, invoice, errors); nothing stored."""
        errors = []
        if not invoice or invoice["Status"] != "AUTHORISED":
            errors.append("The invoice to allocate to must be an authorised invoice.")
        elif note["Status"] != "AUTHORISED" or amount <= 0 or amount > note.get("RemainingCredit", 0):
            errors.append("The amount allocated exceeds the remaining credit on this credit note.")
        elif amount > invoice["AmountDue"]:
            errors.append("The amount allocated exceeds the amount due on the invoice.")
        errors.extend(books.lock_errors(day))
        if errors:
            return note, invoice, errors
        allocation = {"AllocationID": new_id(), "Amount": amount, "Date": to_xero_date(day),
                      "Invoice": {"InvoiceID": invoice["InvoiceID"], "InvoiceNumber": invoice.get("InvoiceNumber", "")}}
        note = dict(note, Allocations=list(note.get("Allocations") or []) + [allocation])
        invoice = dict(invoice, CreditNotes=list(invoice.get("CreditNotes") or []) + [{
            "CreditNoteID": note["CreditNoteID"], "CreditNoteNumber": note.get("CreditNoteNumber", ""),
            "AppliedAmount": amount, "Total": note["Total"], **date_fields(day)}])
        return (documents.rebalance(note, "CreditNotes", stamp, day),
                documents.rebalance(invoice, "Invoices", stamp, day), [])


def _order_filter(collection, records, args):
    """Purchase orders by Status; quotes by Status, ContactID and QuoteNumber."""
    if args.get("Status"):
        records = [r for r in records if r.get("Status") == args["Status"].strip().upper()]
    if collection == "Quotes" and args.get("ContactID"):
        records = [r for r in records if (r.get("Contact") or {}).get("ContactID", "").lower()
                   == args["ContactID"].strip().lower()]
    if collection == "Quotes" and args.get("QuoteNumber"):
        records = [r for r in records if r.get("QuoteNumber") == args["QuoteNumber"]]
    return records


def _paging(args):
    try:
        page = max(1, int(args["page"]))
        size = min(MAX_PAGE_SIZE, max(1, int(args.get("pageSize") or DEFAULT_PAGE_SIZE)))
    except ValueError:
        raise HTTPFailure(bad_request("page and pageSize must be whole numbers.")) from None
    return page, size


def _pagination(page, size, count):
    return {"page": page, "pageSize": size, "pageCount": max(1, -(-count // size)), "itemCount": count}


def _summary(records, args):
    """summaryOnly=true: the light form, without lines and nested lists."""
    if args.get("summaryOnly", "").lower() != "true":
        return records
    heavy = ("LineItems", "Payments", "CreditNotes", "Addresses", "Phones", "ContactPersons")
    return [{k: v for k, v in r.items() if k not in heavy} for r in records]


def lock_dates(values):
    """Admin helper: {"PeriodLockDate": "2026-03-31"} -> Xero's /Date()/ form (None clears)."""
    out = {}
    for key in ("PeriodLockDate", "EndOfYearLockDate"):
        if key in values:
            day = as_date(values[key])
            out[key] = to_xero_date(day) if day else None
    return out


def _attachment(stored):
    """A stored file as Xero describes it (its private keys left out)."""
    return {k: v for k, v in stored.items() if not k.startswith("_")}
