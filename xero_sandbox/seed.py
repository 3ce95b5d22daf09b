"""Demo organisations and their books, and a generator of invoices at scale.

`seed()` loads the four organisations of seed_data (a firm and clients in AU, NZ and GB)
with their charts, tax rates, tracking, contacts, and a few months of invoices, bills,
credit notes (one allocated), payments and manual journals — all built through the same
write rules as the API, dated relative to the sandbox clock, identical on every run except
for those dates. Each record changed when a real organisation's would have (`History`): the
chart at set-up, contacts over the months after, each document on its day, payments when
paid, so If-Modified-Since finds what changed after a moment as it would in Xero, and an
incremental sync reads only that. `generate()` adds N authorised invoices of L lines for
benchmarks.
"""

import random
import uuid
from datetime import UTC, date, datetime, timedelta

from . import documents
from .books import Books, date_fields, money
from .query import to_xero_date
from .seed_data import CATALOGUE, ORGANISATIONS

NAMESPACE = uuid.UUID("6f1c2f0e-7c1d-4e0a-9a53-6b8e4c1d0a11")
CURRENCY_NAMES = {"AUD": "Australian Dollar", "NZD": "New Zealand Dollar", "GBP": "British Pound",
                  "USD": "United States Dollar", "EUR": "Euro"}
VERSIONS = {"AU": "AU", "NZ": "NZ", "GB": "UK"}
SALES_TAX = {"AU": ("OUTPUT", "INPUT"), "NZ": ("OUTPUT2", "INPUT2"), "GB": ("OUTPUT2", "INPUT2")}
SALES_ACCOUNTS = ("200", "260")
EXPENSE_ACCOUNTS = ("400", "404", "412", "429", "433", "453", "461", "469", "489")


def stable_id(*parts):
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def tenant_id(key):
    return stable_id("tenant", key)


TENANT_IDS = {org["key"]: tenant_id(org["key"]) for org in ORGANISATIONS}


class History:
    """When each seeded record last changed, in whole seconds of the sandbox clock.

    `at(day, minutes)` is a moment of that day (office hours, UTC), never later than a minute
    ago; `changed(record_id, moment)` is the record's next change, never before its last one
    (a credit note allocated to an invoice entered later changes the invoice after its entry)."""

    SET_UP_DAYS = 400  # the organisation started using Xero this many days ago

    def __init__(self, now):
        self.now = int(now)
        self.today = datetime.fromtimestamp(now, UTC).date()
        self.set_up = self.at(self.today - timedelta(days=self.SET_UP_DAYS))
        self.last = {}

    def at(self, day, minutes=0):
        moment = int(datetime(day.year, day.month, day.day, 9, tzinfo=UTC).timestamp()) + int(minutes * 60)
        return min(moment, self.now - 60)

    def changed(self, record_id, moment):
        moment = max(int(moment), self.last.get(record_id, moment - 1) + 1)
        self.last[record_id] = moment
        return moment


def stamp_of(moment):
    return to_xero_date(datetime.fromtimestamp(moment, UTC))


def organisation(org, stamp):
    day, month = org["financial_year_end"]
    return {
        "OrganisationID": tenant_id(org["key"]), "APIKey": "", "Name": org["name"], "LegalName": org["legal_name"],
        "PaysTax": True, "Version": VERSIONS[org["country"]], "OrganisationType": org["organisation_type"],
        "BaseCurrency": org["currency"], "CountryCode": org["country"], "IsDemoCompany": False,
        "OrganisationStatus": "ACTIVE", "TaxNumber": org["tax_number"], "FinancialYearEndDay": day,
        "FinancialYearEndMonth": month, "SalesTaxBasis": "ACCRUALS", "SalesTaxPeriod": "QUARTERLY",
        "DefaultSalesTax": "Tax Exclusive", "DefaultPurchasesTax": "Tax Exclusive", "CreatedDateUTC": stamp,
        "OrganisationEntityType": org["organisation_type"], "Timezone": org["timezone"],
        "ShortCode": org["short_code"], "Edition": "BUSINESS", "Class": "STANDARD",
        "Addresses": [], "Phones": [], "ExternalLinks": [], "PaymentTerms": {},
    }


def seed(store, app):
    """Load every demo organisation (the store is expected to be empty)."""
    for org in ORGANISATIONS:
        history = History(store.now())
        tid = tenant_id(org["key"])
        store.add_tenant(tid, org["key"], org["name"], organisation(org, stamp_of(history.set_up)))
        if org.get("products"):  # what it does not use of Xero Payroll and fixed assets
            store.set_meta(f"products:{tid}", org["products"])
        _reference(store, tid, org, history)
        _documents(store, app, tid, org, history)
    store.set_meta("seeded", True)


def _reference(store, tid, org, history):
    """The chart, tax rates, tracking and currencies at set-up (what was archived, months
    later); contacts added one after another in the months after set-up."""
    set_up = history.set_up
    archived = history.at(history.today - timedelta(days=history.SET_UP_DAYS // 2))
    accounts = []
    for n, acc in enumerate(org["accounts"]):
        when = history.changed(acc["Code"], set_up + n if acc["Status"] == "ACTIVE" else archived + n)
        record = dict(acc, AccountID=stable_id(tid, "account", acc["Code"]),
                      Class=documents.ACCOUNT_CLASSES[acc["Type"]], UpdatedDateUTC=stamp_of(when),
                      EnablePaymentsToAccount=acc["Type"] == "BANK", ShowInExpenseClaims=False,
                      HasAttachments=False, AddToWatchlist=False, ReportingCode="", ReportingCodeName="")
        if acc["Type"] == "BANK":
            record.update(BankAccountType="BANK", CurrencyCode=acc.get("CurrencyCode") or org["currency"])
        accounts.append((record["AccountID"], record, when))
    store.put_many(tid, "Accounts", accounts)
    store.put_many(tid, "TaxRates", [(t["TaxType"], dict(t), set_up) for t in org["tax_rates"]])
    categories = []
    for cat in org["tracking"]:
        cat_id = stable_id(tid, "tracking", cat["Name"])
        categories.append((cat_id, {
            "TrackingCategoryID": cat_id, "Name": cat["Name"], "Status": cat["Status"],
            "Options": [{"TrackingOptionID": stable_id(cat_id, name), "Name": name, "Status": status,
                         "TrackingCategoryID": cat_id} for name, status in cat["Options"]],
        }, set_up if cat["Status"] == "ACTIVE" else archived))
    store.put_many(tid, "TrackingCategories", categories)
    store.put_many(tid, "Currencies", [(code, {"Code": code, "Description": CURRENCY_NAMES.get(code, code)}, set_up)
                                       for code in [org["currency"], *org["extra_currencies"]]])
    contacts = []
    # the first documents are 120 days old: every contact is in Xero by then
    spread = max(1, (history.SET_UP_DAYS - 130) // max(1, len(org["contacts"])))
    for n, contact in enumerate(org["contacts"]):
        contact_id = stable_id(tid, "contact", contact["Name"])
        address, phone = contact.get("Address") or {}, contact.get("Phone") or {}
        record = {k: v for k, v in contact.items() if k not in ("Address", "Phone")}
        when = history.changed(contact_id, history.at(history.today - timedelta(
            days=history.SET_UP_DAYS - 5 - n * spread), 15 * n))
        if contact["ContactStatus"] != "ACTIVE":  # archived when the business closed, later
            when = history.changed(contact_id, history.at(history.today - timedelta(days=60), 30))
        record.update(ContactID=contact_id, UpdatedDateUTC=stamp_of(when), ContactGroups=[], HasAttachments=False,
                      HasValidationErrors=False,
                      Addresses=[dict(address, AddressType="STREET"), {"AddressType": "POBOX"}] if address else [],
                      Phones=[dict(phone, PhoneType="DEFAULT")] if phone else [])
        contacts.append((contact_id, record, when))
    store.put_many(tid, "Contacts", contacts)


def _documents(store, app, tid, org, history):
    """A few months of trading: sales and bills, payments, credit notes, journals, each
    entered on its day."""
    today = history.today
    rng = random.Random(org["key"])
    books = Books(store, tid)
    sales_tax, purchase_tax = SALES_TAX[org["country"]]
    customers = [c for c in books._load("Contacts") if c.get("IsCustomer") and c["ContactStatus"] == "ACTIVE"]
    suppliers = [c for c in books._load("Contacts") if c.get("IsSupplier") and c["ContactStatus"] == "ACTIVE"]
    codes = {a["Code"] for a in books._load("Accounts") if a["Status"] == "ACTIVE"}
    sales = [c for c in SALES_ACCOUNTS if c in codes] or sorted(codes)[:1]
    expenses = [c for c in EXPENSE_ACCOUNTS if c in codes] or sorted(codes)[:1]
    bank = next(a["Code"] for a in books._load("Accounts") if a["Type"] == "BANK")
    category = next((c for c in books._load("TrackingCategories") if c["Status"] == "ACTIVE"), None)
    options = [o["Name"] for o in (category or {}).get("Options", []) if o["Status"] == "ACTIVE"]
    count = 10 if org["key"] == "firm" else 18

    def lines(accounts, tax):
        out = []
        for _ in range(rng.randint(1, 3)):
            line = {"Description": rng.choice(LINE_TEXTS), "Quantity": rng.randint(1, 5),
                    "UnitAmount": rng.choice((45.0, 120.0, 250.0, 80.5, 999.0, 15.25)),
                    "AccountCode": rng.choice(accounts), "TaxType": tax}
            if category and options and rng.random() < 0.6:
                line["Tracking"] = [{"Name": category["Name"], "Option": rng.choice(options)}]
            out.append(line)
        return out

    saved = []
    for n in range(count):
        kind = "ACCPAY" if n % 3 == 2 else "ACCREC"
        contact = rng.choice(suppliers if kind == "ACCPAY" else customers)
        day = today - timedelta(days=rng.randint(5, 120))
        item = {"Type": kind, "Contact": {"ContactID": contact["ContactID"]}, "Date": day.isoformat(),
                "DueDate": (day + timedelta(days=30)).isoformat(), "Reference": f"Ref {100 + n}",
                "Status": "DRAFT" if n in (3, 7) else "AUTHORISED",
                "CurrencyCode": contact.get("DefaultCurrency") or org["currency"],
                "LineItems": lines(sales if kind == "ACCREC" else expenses,
                                   sales_tax if kind == "ACCREC" else purchase_tax)}
        if item["CurrencyCode"] != org["currency"]:
            item["CurrencyRate"] = round(rng.uniform(0.55, 1.1), 4)
        if kind == "ACCPAY":
            item["InvoiceNumber"] = f"BILL-{rng.randint(1000, 9999)}"
        saved.append(_save(books, store, tid, "Invoices", item, history, history.at(day, 7 * n)))
    voided = next(d for d in saved if d["Status"] == "AUTHORISED")
    _save(books, store, tid, "Invoices", {"InvoiceID": voided["InvoiceID"], "Status": "VOIDED"}, history,
          history.at(date.fromisoformat(voided["DateString"][:10]) + timedelta(days=3), 45), voided)
    payable = [d for d in saved if d["Status"] == "AUTHORISED" and d["InvoiceID"] != voided["InvoiceID"]]
    for n, doc in enumerate(payable[: len(payable) // 2]):
        amount = doc["AmountDue"] if n % 4 else money(doc["AmountDue"] / 2)  # every 4th part-paid
        paid_on = today - timedelta(days=rng.randint(0, 4))
        when = history.changed(doc["InvoiceID"], history.at(paid_on, 60 + 11 * n))
        record, (collection, updated), errors = app.accounting._new_payment(books, tid, {
            "Invoice": {"InvoiceID": doc["InvoiceID"]}, "Account": {"Code": bank}, "Amount": amount,
            "Date": paid_on.isoformat(), "Reference": f"Payment {n + 1}",
        }, stamp_of(when))
        assert not errors, errors
        store.put(tid, "Payments", record["PaymentID"], record, when)
        store.put(tid, collection, updated["InvoiceID"], updated, when)
    _credit_notes(books, store, app, tid, (customers, suppliers), (sales, expenses), (sales_tax, purchase_tax),
                  history)
    for n, (debit, credit) in enumerate((("416", "711"), ("477", "800"))):
        if {debit, credit} <= codes:
            month_end = today.replace(day=1) - timedelta(days=1)
            _save(books, store, tid, "ManualJournals", {
                "Narration": ("Depreciation for the month", "Wages accrual")[n], "Status": "POSTED",
                "Date": month_end.isoformat(),
                "JournalLines": [{"LineAmount": 350.0, "AccountCode": debit, "Description": "Monthly entry"},
                                 {"LineAmount": -350.0, "AccountCode": credit, "Description": "Monthly entry"}],
            }, history, history.at(month_end, 8 * 60 + n))


def _credit_notes(books, store, app, tid, contacts, accounts, taxes, history):
    (customers, suppliers), (sales, expenses), (sales_tax, purchase_tax) = contacts, accounts, taxes
    today = history.today
    allocated = False
    for n, (kind, contact, account, tax) in enumerate((("ACCRECCREDIT", customers[0], sales[0], sales_tax),
                                                       ("ACCRECCREDIT", customers[-1], sales[0], sales_tax),
                                                       ("ACCPAYCREDIT", suppliers[0], expenses[0], purchase_tax))):
        note = _save(books, store, tid, "CreditNotes", {
            "Type": kind, "Contact": {"ContactID": contact["ContactID"]}, "Status": "AUTHORISED",
            "Date": (today - timedelta(days=10)).isoformat(), "Reference": "Returned goods",
            "LineItems": [{"Description": "Credit for returned goods", "Quantity": 1, "UnitAmount": 50.0,
                           "AccountCode": account, "TaxType": tax}],
            **({"CreditNoteNumber": "SUP-CN-01"} if kind == "ACCPAYCREDIT" else {}),
        }, history, history.at(today - timedelta(days=10), 120 + 9 * n))
        invoice = next((d for d in books._load("Invoices") if d["Status"] == "AUTHORISED" and d["Type"] == "ACCREC"
                        and d["Contact"]["ContactID"] == contact["ContactID"] and d["AmountDue"] >= note["Total"]
                        and d["CurrencyCode"] == note["CurrencyCode"]), None)
        if kind == "ACCRECCREDIT" and invoice and not allocated:
            moment = history.at(today - timedelta(days=9), 90)
            moment = history.changed(invoice["InvoiceID"], history.changed(note["CreditNoteID"], moment))
            note, invoice, errors = app.accounting.allocate(books, tid, note, invoice, note["Total"],
                                                            today - timedelta(days=9), stamp_of(moment))
            assert not errors, errors
            store.put(tid, "CreditNotes", note["CreditNoteID"], note, moment)
            store.put(tid, "Invoices", invoice["InvoiceID"], invoice, moment)
            allocated = True


def catalogue(store, app):
    """The demo's items and contact groups (seed_data.CATALOGUE), saved through the API's write
    rules, a minute apart: what a bookkeeper set up this morning. Those already there (by code,
    by name) are left as they are, so a second call adds nothing. -> {organisation key: added}."""
    from . import items as item_rules

    added = {}
    for tenant in store.tenants():
        wanted = CATALOGUE.get(tenant["key"])
        if not wanted:
            continue
        tid, history = tenant["id"], History(store.now())
        books = Books(store, tid)
        sales_tax, purchase_tax = SALES_TAX[books.organisation["CountryCode"]]
        moment = history.at(history.today) - 60 * (len(wanted["items"]) + len(wanted["groups"]) + 1)
        codes = {i["Code"].lower() for i in books._load("Items")}
        count = 0
        for entry in wanted["items"]:
            if entry["Code"].lower() in codes:
                continue
            record = {"Code": entry["Code"], "Name": entry["Name"], "Description": entry["Description"],
                      "SalesDetails": {"UnitPrice": entry["sale"], "AccountCode": "200", "TaxType": sales_tax}}
            if entry["purchase"] is not None:
                record["PurchaseDescription"] = entry["Description"]
                record["PurchaseDetails"] = {"UnitPrice": entry["purchase"], "TaxType": purchase_tax,
                                             "COGSAccountCode" if entry["inventory"] else "AccountCode": "310"}
            else:
                record["IsPurchased"] = False
            if entry["inventory"]:
                record["InventoryAssetAccountCode"] = "630"
            moment += 60
            _save(books, store, tid, "Items", record, history, moment)
            count += 1
        groups = {g["Name"].lower() for g in books._load("ContactGroups") if g["Status"] == "ACTIVE"}
        contacts = {c["Name"]: c for c in books._load("Contacts")}
        for name, members in wanted["groups"].items():
            if name.lower() in groups:
                continue
            moment += 60
            group = _save(books, store, tid, "ContactGroups", {"Name": name}, history, moment)
            group, _added, errors = item_rules.add_members(
                books, group, [{"ContactID": contacts[m]["ContactID"]} for m in members if m in contacts])
            assert not errors, errors
            store.put(tid, "ContactGroups", group["ContactGroupID"], group, moment)
            count += 1
        added[tenant["key"]] = count
    return added


def _save(books, store, tid, collection, item, history, moment, old=None):
    """Save a record as the API would, changed at `moment` (after its last change)."""
    from .accounting import COLLECTIONS, SAVERS

    id_key = COLLECTIONS[collection][0]
    if old:
        moment = history.changed(old[id_key], moment)
    record, errors = SAVERS[collection](books, item, old, stamp_of(moment))
    if errors:
        raise ValueError(f"seed {collection} {item}: {errors}")
    if not old:
        history.changed(record[id_key], moment)
    store.put(tid, collection, record[id_key], record, moment)
    books.remember(collection, id_key, record)
    return record


def generate(store, tid, invoices=1000, lines=3, contacts=0):
    """Add `invoices` authorised ACCREC invoices of `lines` lines (and `contacts` new customers):
    account 200, the country's sales tax, lines tracked, every fourth in a foreign currency."""
    books = Books(store, tid)
    org = books.organisation
    stamp = to_xero_date(datetime.fromtimestamp(store.now(), UTC))
    if contacts:
        start = store.count(tid, "Contacts")
        new = [{"ContactID": str(uuid.uuid4()), "Name": f"Generated Customer {start + i:05d}",
                "ContactStatus": "ACTIVE", "IsCustomer": True, "IsSupplier": False,
                "EmailAddress": f"customer{start + i:05d}@example.com",
                "Addresses": [], "Phones": [], "ContactGroups": [], "UpdatedDateUTC": stamp, "HasAttachments": False,
                "HasValidationErrors": False} for i in range(contacts)]
        store.put_many(tid, "Contacts", [(c["ContactID"], c) for c in new])
        books = Books(store, tid)
    customers = [c for c in books._load("Contacts") if c.get("IsCustomer") and c["ContactStatus"] == "ACTIVE"
                 and c.get("DefaultCurrency", org["BaseCurrency"]) == org["BaseCurrency"]]
    sales_tax = SALES_TAX[org["CountryCode"]][0]
    foreign = sorted(c["Code"] for c in books._load("Currencies") if c["Code"] != org["BaseCurrency"])
    category = next((c for c in books._load("TrackingCategories") if c["Status"] == "ACTIVE"), None)
    options = [o["Name"] for o in (category or {}).get("Options", []) if o["Status"] == "ACTIVE"]
    rng = random.Random(f"{tid}-{invoices}-{lines}")
    start = store.count(tid, "Invoices")
    now = store.now()
    today = datetime.fromtimestamp(now, UTC).date()
    batch = []
    for n in range(invoices):
        # changed one after another over the past hours, as real invoices are (not all in one
        # second, which would make every incremental sync re-read them all)
        changed = now - (invoices - n) * 2.0
        day = today - timedelta(days=rng.randint(1, 300))
        items = [{"Description": f"Item {k + 1}", "Quantity": rng.randint(1, 4),
                  "UnitAmount": rng.choice((10.0, 25.5, 99.0, 120.0)), "AccountCode": "200", "TaxType": sales_tax,
                  **({"Tracking": [{"Name": category["Name"], "Option": options[k % len(options)]}]}
                     if options else {})}
                 for k in range(lines)]
        errors = []
        line_items, subtotal, tax = documents._lines(books, items, "Exclusive", errors)
        contact = customers[n % len(customers)]
        currency, rate = org["BaseCurrency"], 1.0
        if foreign and n % 4 == 0:  # every fourth invoice in a foreign currency
            currency, rate = foreign[(n // 4) % len(foreign)], round(rng.uniform(0.6, 1.2), 4)
        record = {"InvoiceID": str(uuid.uuid4()), "Type": "ACCREC", "Status": "AUTHORISED",
                  "InvoiceNumber": f"GEN-{start + n + 1:06d}", "Reference": f"Generated {n + 1}",
                  "Contact": documents.contact_ref(contact), "LineAmountTypes": "Exclusive",
                  "CurrencyCode": currency, "CurrencyRate": rate, "LineItems": line_items,
                  "SubTotal": subtotal, "TotalTax": tax, "Total": money(subtotal + tax),
                  "AmountDue": money(subtotal + tax),
                  "AmountPaid": 0.0, "AmountCredited": 0.0, "Payments": [], "HasAttachments": False,
                  "HasErrors": False, "SentToContact": False, "IsDiscounted": False,
                  "UpdatedDateUTC": to_xero_date(datetime.fromtimestamp(changed, UTC)), **_dates(day)}
        batch.append((record["InvoiceID"], record, changed))
        if len(batch) >= 1000:
            store.put_many(tid, "Invoices", batch)
            batch = []
    if batch:
        store.put_many(tid, "Invoices", batch)
    return {"tenant": tid, "invoices": invoices, "lines": lines, "contacts": contacts,
            "total_invoices": store.count(tid, "Invoices")}


def _dates(day):
    return {**date_fields(day), **date_fields(day + timedelta(days=30), "Due")}


LINE_TEXTS = ("Consulting services", "Monthly retainer", "Garden tools", "Seed packs", "Freight", "Installation",
              "Support hours", "Office supplies", "Software subscription", "Catering")
