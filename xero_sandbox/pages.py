"""Xero's web pages as the connector's "Open in Xero" links reach them: a go.xero.com deep link
(/organisationlogin/default.aspx?shortcode=!kGs42&redirecturl=/AccountsReceivable/View.aspx?InvoiceID=…)
answers a small read-only HTML page showing that record of that organisation, never a JSON 404.

    no redirecturl                                      the organisation (what it holds, links)
    /AccountsReceivable|AccountsPayable/View.aspx?InvoiceID=         an invoice or bill
    /AccountsReceivable|AccountsPayable/ViewCreditNote.aspx?creditNoteID=   a credit note
    /Contacts/View/{ContactID}                          a contact, its groups and documents
    /GeneralLedger/ChartOfAccounts.aspx                 the chart of accounts
    /Journal/View.aspx?invoiceID={ManualJournalID}      a manual journal

Anything else, or a record the organisation does not have, answers an HTML page saying so
(status 404), with a link back to the organisation's page. Not part of Xero's API: no token.
"""

import html
from urllib.parse import parse_qs, quote, urlparse

from werkzeug.wrappers import Response

from .admin import _day

PATH = "/organisationlogin/default.aspx"
MONEY_KEYS = ("Total", "AmountPaid", "AmountDue", "RemainingCredit")


def _e(value):
    return html.escape(str(value if value is not None else ""))


def _page(title, body, status=200):
    return Response(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{_e(title)} - Xero sandbox</title>"
        "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}dt{font-weight:bold}"
        "dd{margin:0 0 .5em 0}.muted{color:#777}</style></head>"
        f"<body><p class='muted'>Xero sandbox (a local imitation of Xero's pages)</p>{body}</body></html>",
        status=status, content_type="text/html; charset=utf-8")


def _table(css, headings, rows, empty):
    if not rows:
        return f"<p class='{css}'>{_e(empty)}</p>"
    head = "".join(f"<th>{_e(h)}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table class='{css}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _facts(pairs):
    return "<dl class='facts'>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in pairs) + "</dl>"


class Pages:
    def __init__(self, app):
        self.app = app
        self.store = app.store

    def link(self, tenant, path=""):
        code = tenant["organisation"].get("ShortCode") or ""
        url = f"{PATH}?shortcode={quote(code)}"
        return f"{url}&redirecturl={quote(path)}" if path else url

    def handle(self, request):
        code = request.args.get("shortcode") or ""
        tenant = next((t for t in self.store.tenants() if (t["organisation"].get("ShortCode") or "") == code), None)
        if not tenant:
            names = "".join(f"<li><a href='{_e(self.link(t))}'>{_e(t['name'])}</a></li>" for t in self.store.tenants())
            return _page("Organisation not found", f"<h1>No organisation with the short code {_e(code)}</h1>"
                         f"<p>The organisations of this sandbox:</p><ul>{names}</ul>", 404)
        target = urlparse(request.args.get("redirecturl") or "")
        path, query = target.path.rstrip("/").lower(), {k.lower(): v[0] for k, v in parse_qs(target.query).items()}
        if not path:
            return self.organisation(tenant)
        if path in ("/accountsreceivable/view.aspx", "/accountspayable/view.aspx"):
            return self.document(tenant, "Invoices", query.get("invoiceid"))
        if path in ("/accountsreceivable/viewcreditnote.aspx", "/accountspayable/viewcreditnote.aspx"):
            return self.document(tenant, "CreditNotes", query.get("creditnoteid"))
        if path.startswith("/contacts/view/"):
            return self.contact(tenant, target.path.rstrip("/").rsplit("/", 1)[1])
        if path == "/generalledger/chartofaccounts.aspx":
            return self.chart(tenant)
        if path == "/journal/view.aspx":
            return self.journal(tenant, query.get("invoiceid"))
        return self.missing(tenant, f"This sandbox has no page for {target.path}.")

    def missing(self, tenant, why):
        return _page("Not found", f"<h1>Not found</h1><p>{_e(why)}</p>"
                     f"<p><a href='{_e(self.link(tenant))}'>{_e(tenant['name'])}</a></p>", 404)

    def _back(self, tenant):
        return f"<p><a href='{_e(self.link(tenant))}'>{_e(tenant['name'])}</a></p>"

    # ------------------------------------------------------------------ pages
    def organisation(self, tenant):
        org = tenant["organisation"]
        tid = tenant["id"]
        counts = [(name, self.store.count(tid, name)) for name in (
            "Accounts", "Contacts", "ContactGroups", "Items", "Invoices", "CreditNotes", "Payments", "ManualJournals")]
        body = (f"<h1>{_e(tenant['name'])}</h1>"
                + _facts([("Legal name", org.get("LegalName")), ("Country", org.get("CountryCode")),
                          ("Base currency", org.get("BaseCurrency")), ("Short code", org.get("ShortCode"))])
                + _table("counts", ("Records", "How many"), [(_e(n), _e(c)) for n, c in counts], "")
                + f"<p><a href='{_e(self.link(tenant, '/GeneralLedger/ChartOfAccounts.aspx'))}'>Chart of accounts</a>"
                "</p>")
        return _page(tenant["name"], body)

    def document(self, tenant, collection, record_id):
        doc = record_id and self.store.get(tenant["id"], collection, record_id)
        if not doc:
            return self.missing(tenant, f"{tenant['name']} has no such document ({record_id or 'no ID given'}).")
        number = doc.get("InvoiceNumber") or doc.get("CreditNoteNumber") or record_id
        due = ("Amount due", doc.get("AmountDue")) if collection == "Invoices" else (
            "Remaining credit", doc.get("RemainingCredit"))
        contact = doc.get("Contact") or {}
        contact_link = (f"<p>Contact: <a href='{_e(self.link(tenant, '/Contacts/View/' + contact['ContactID']))}'>"
                        f"{_e(contact.get('Name'))}</a></p>") if contact.get("ContactID") else ""
        lines = [tuple(_e(ln.get(k)) for k in ("Description", "Quantity", "UnitAmount", "AccountCode", "TaxType",
                                                "LineAmount")) for ln in doc.get("LineItems") or []]
        payments = []
        for paid in doc.get("Payments") or []:
            stored = self.store.get(tenant["id"], "Payments", paid["PaymentID"]) or paid
            payments.append((_e(_day(stored.get("Date"))), _e(stored.get("Reference")), _e(stored.get("Amount")),
                             _e(stored.get("Status"))))
        body = (f"<h1>{_e(number)}</h1>{self._back(tenant)}{contact_link}"
                + _facts([("Type", doc.get("Type")), ("Status", doc.get("Status")),
                          ("Reference", doc.get("Reference")), ("Currency", doc.get("CurrencyCode")),
                          ("Total", doc.get("Total")), ("Amount paid", doc.get("AmountPaid")), due])
                + "<h2>Lines</h2>" + _table("lines", ("Description", "Quantity", "Unit price", "Account", "Tax",
                                                      "Amount"), lines, "No lines.")
                + "<h2>Payments</h2>" + _table("payments", ("Date", "Reference", "Amount", "Status"), payments,
                                               "No payments."))
        return _page(number, body)

    def contact(self, tenant, contact_id):
        tid = tenant["id"]
        contact = self.store.get(tid, "Contacts", contact_id)
        if not contact:
            return self.missing(tenant, f"{tenant['name']} has no such contact ({contact_id}).")
        groups = [g["Name"] for g in self.store.all(tid, "ContactGroups") if g.get("Status") == "ACTIVE" and any(
            c.get("ContactID", "").lower() == contact["ContactID"].lower() for c in g.get("Contacts") or [])]
        docs = []
        for collection, number_key, view in (("Invoices", "InvoiceNumber", "View.aspx?InvoiceID="),
                                             ("CreditNotes", "CreditNoteNumber", "ViewCreditNote.aspx?creditNoteID=")):
            id_key = "InvoiceID" if collection == "Invoices" else "CreditNoteID"
            for doc in self.store.all(tid, collection):
                if (doc.get("Contact") or {}).get("ContactID") == contact["ContactID"]:
                    side = "AccountsPayable" if doc.get("Type", "").startswith("ACCPAY") else "AccountsReceivable"
                    href = self.link(tenant, f"/{side}/{view}{doc[id_key]}")
                    docs.append((f"<a href='{_e(href)}'>{_e(doc.get(number_key) or doc[id_key])}</a>",
                                 _e(doc.get("Type")), _e(doc.get("Status")), _e(doc.get("Total"))))
        body = (f"<h1>{_e(contact['Name'])}</h1>{self._back(tenant)}"
                + _facts([("Status", contact.get("ContactStatus")), ("E-mail", contact.get("EmailAddress")),
                          ("Tax number", contact.get("TaxNumber")), ("Customer", contact.get("IsCustomer")),
                          ("Supplier", contact.get("IsSupplier")), ("Groups", ", ".join(groups) or "none")])
                + "<h2>Documents</h2>" + _table("documents", ("Number", "Type", "Status", "Total"), docs,
                                                "No documents."))
        return _page(contact["Name"], body)

    def chart(self, tenant):
        accounts = sorted(self.store.all(tenant["id"], "Accounts"), key=lambda a: a.get("Code") or "")
        rows = [(_e(a.get("Code")), _e(a.get("Name")), _e(a.get("Type")), _e(a.get("TaxType")), _e(a.get("Status")))
                for a in accounts]
        body = (f"<h1>Chart of accounts</h1>{self._back(tenant)}"
                + _table("accounts", ("Code", "Name", "Type", "Tax", "Status"), rows, "No accounts."))
        return _page(f"Chart of accounts - {tenant['name']}", body)

    def journal(self, tenant, journal_id):
        journal = journal_id and self.store.get(tenant["id"], "ManualJournals", journal_id)
        if not journal:
            return self.missing(tenant, f"{tenant['name']} has no such manual journal ({journal_id or 'no ID given'}).")
        rows = [(_e(ln.get("AccountCode")), _e(ln.get("Description")), _e(ln.get("LineAmount")), _e(ln.get("TaxType")))
                for ln in journal.get("JournalLines") or []]
        body = (f"<h1>{_e(journal.get('Narration'))}</h1>{self._back(tenant)}"
                + _facts([("Status", journal.get("Status")), ("Date", _day(journal.get("Date")))])
                + "<h2>Lines</h2>" + _table("lines", ("Account", "Description", "Amount", "Tax"), rows, "No lines."))
        return _page(journal.get("Narration") or "Manual journal", body)
