"""A firm's clients in the Xero sandbox, for benchmarks/firm.py (plain Python, the sandbox's
own seeding rules): N organisations shaped as the sandbox's Wallaby (AU chart, tax rates,
tracking, 12 contacts, a few months of bills, credit notes, payments and journals), each with
ITEMS items, CONTACTS more customers and M generated 3-line invoices (every fourth in a
foreign currency), plus one more organisation ("solo") synced alone as the one-thread yardstick.

    python benchmarks/firm_seed.py SANDBOX.sqlite N M    -> prints {"clients": [...], "solo": id}
"""

import json
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xero_sandbox import seed  # noqa: E402
from xero_sandbox.app import SandboxApp  # noqa: E402
from xero_sandbox.seed_data import ORGANISATIONS  # noqa: E402
from xero_sandbox.store import Store  # noqa: E402

ITEMS, CONTACTS = 20, 20


def client_org(n, key=None):
    base = next(o for o in ORGANISATIONS if o["key"] == "wallaby")
    key = key or f"client{n:04d}"
    # each client's own customers and suppliers (names and e-mails of its own): one firm's
    # clients rarely share them, and shared ones book into one Odoo partner
    contacts = [dict(c, Name=f"{c['Name']} ({key})", EmailAddress=f"{key}.{c['EmailAddress']}") for c in base["contacts"]]
    return dict(base, key=key, contacts=contacts, name=f"Firm Client {n:04d} Pty" if key.startswith("client") else "Solo Client Pty",
                legal_name=f"Firm Client {n:04d} Pty Ltd", short_code=f"!C{n:04d}")


def add_organisation(store, app, org, invoices):
    history = seed.History(store.now())
    tid = seed.tenant_id(org["key"])
    store.add_tenant(tid, org["key"], org["name"], seed.organisation(org, seed.stamp_of(history.set_up)))
    seed._reference(store, tid, org, history)
    seed._documents(store, app, tid, org, history)
    books = seed.Books(store, tid)
    for n in range(ITEMS):
        seed._save(books, store, tid, "Items", {
            "Code": f"{org['key']}-{n:03d}", "Name": f"Stock item {n}", "Description": f"Sold item {n}",
            "SalesDetails": {"UnitPrice": 10.0 + n, "AccountCode": "200", "TaxType": "OUTPUT"},
            "PurchaseDetails": {"UnitPrice": 5.0 + n, "AccountCode": "310", "TaxType": "INPUT"},
        }, history, history.at(history.today - timedelta(days=200), n))
    stamp = seed.stamp_of(history.at(history.today - timedelta(days=150)))
    store.put_many(tid, "Contacts", [(c["ContactID"], c) for c in (
        {"ContactID": seed.stable_id(tid, "customer", str(n)), "Name": f"{org['name']} Customer {n:03d}",
         "ContactStatus": "ACTIVE", "IsCustomer": True, "IsSupplier": False,
         "EmailAddress": f"customer{n:03d}@{org['key']}.example.com", "Addresses": [], "Phones": [],
         "ContactGroups": [], "UpdatedDateUTC": stamp, "HasAttachments": False, "HasValidationErrors": False}
        for n in range(CONTACTS))], history.at(history.today - timedelta(days=150)))
    seed.generate(store, tid, invoices=invoices, lines=3)
    return tid


def main(path, organisations, invoices):
    store = Store(path)
    app = SandboxApp(store)
    if not store.tenants():
        seed.seed(store, app)  # the four demo organisations (not connected by the benchmark)
    clients = [add_organisation(store, app, client_org(n), invoices) for n in range(organisations)]
    solo = add_organisation(store, app, client_org(organisations, key="solo"), invoices)
    print(json.dumps({"clients": clients, "solo": solo}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
