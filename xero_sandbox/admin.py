"""Test-only controls under /__sandbox__/ (never part of Xero): reset, clock, limits, faults,
call log, direct grants, webhooks, organisation settings, raw records, data generation, and
whether an organisation uses Xero Payroll and fixed assets (tenants/{id}/products), and the
demo's items and contact groups (catalogue).

All take and return JSON, except two small read-only pages for a person in a browser: `GET /`
lists the organisations (the demo's "is the sandbox up" check), and
`GET /__sandbox__/tenants/<tenant>/<Invoices|CreditNotes>/<id>` shows one document as Xero
keeps it: its figures, the payments on it and the files attached to it.
"""

import html
import json
import re
from datetime import UTC, datetime

from werkzeug.wrappers import Response

from . import banking, history, seed
from .accounting import COLLECTIONS, lock_dates
from .http import HTTPFailure, json_response, not_found


class Admin:
    def __init__(self, app):
        self.app = app
        self.store = app.store

    def handle(self, request):
        parts = [p for p in request.path.split("/") if p][1:]
        if not parts and request.path == "/":
            return self.index()
        body = self._json(request)
        name = parts[0] if parts else "state"
        method = getattr(self, f"{name}_{request.method.lower()}", None)
        if method is None:
            return not_found(f"No sandbox control {request.method} /__sandbox__/{'/'.join(parts)}")
        try:
            return method(body, *parts[1:], args=request.args)
        except (TypeError, ValueError, KeyError) as exc:
            return json_response({"error": f"{type(exc).__name__}: {exc}"}, 400)

    @staticmethod
    def _json(request):
        data = request.get_data()
        if not data:
            return {}
        try:
            return json.loads(data)
        except ValueError:
            raise HTTPFailure(json_response({"error": "the body must be JSON"}, 400)) from None

    def index(self):
        rows = "".join(f"<li>{html.escape(t['name'])} ({html.escape(t['organisation']['CountryCode'])}) "
                       f"<code>{t['id']}</code></li>" for t in self.store.tenants())
        return Response(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Xero sandbox</title></head>"
                        f"<body><h1>Xero sandbox</h1><p>Organisations:</p><ul>{rows}</ul></body></html>",
                        content_type="text/html; charset=utf-8")

    # ------------------------------------------------------------------ controls
    def state_get(self, body, args=None):
        now = datetime.fromtimestamp(self.store.now(), UTC)
        return json_response({
            "now": now.isoformat(), "limits": self.app.limiter.limits, "faults": self.app.faults.pending(),
            "spoil": self.app.spoiler.settings(),
            "webhook_url": self.app.webhooks.url,
            "violations": len(self.app.violations),
            "tenants": [{"id": t["id"], "key": t["key"], "name": t["name"],
                         "country": t["organisation"]["CountryCode"],
                         "products": self.app.products.uses(t["id"]),
                         "counts": {c: self.store.count(t["id"], c) for c in COLLECTIONS}}
                        for t in self.store.tenants()],
        })

    def reset_post(self, body, args=None):
        self.app.faults.clear()
        self.store.wipe()
        self.store.set_meta("signing_key", self.app.signing_key.decode())
        self.app.limiter.configure(**dict(self.app.limiter.limits))
        if body.get("seed", True):
            seed.seed(self.store, self.app)
        self.app.spoiler.off()
        for setting in self.app.spoil_defaults:  # the command line's spoiling stays
            self.app.spoiler.set(**setting)
        return self.state_get({})

    def clock_post(self, body, args=None):
        if "set" in body:
            value = body["set"]
            epoch = float(value) if isinstance(value, int | float) else datetime.fromisoformat(
                value.replace("Z", "+00:00")).timestamp()
            self.store.set_now(epoch)
        else:
            self.store.advance(float(body.get("advance", 0)))
        return json_response({"now": datetime.fromtimestamp(self.store.now(), UTC).isoformat()})

    def limits_post(self, body, args=None):
        return json_response(self.app.limiter.configure(**body))

    def limits_get(self, body, args=None):
        return json_response(self.app.limiter.limits)

    def faults_post(self, body, args=None):
        return json_response(self.app.faults.add(**body))

    def faults_get(self, body, args=None):
        return json_response(self.app.faults.pending())

    def faults_delete(self, body, args=None):
        self.app.faults.clear()
        return json_response([])

    def calls_get(self, body, args=None):
        sql, params = "SELECT * FROM calls WHERE seq > ?", [int((args or {}).get("after", 0))]
        for name in ("tenant", "path"):
            if (args or {}).get(name):
                sql += f" AND {name} = ?"  # noqa: S608 (fixed column names)
                params.append(args[name])
        rows = [dict(r) for r in self.store.query(sql + " ORDER BY seq", params)]
        for row in rows:  # spoiled: true, spoils: what was done to which records
            spoils = row.pop("spoiled")
            row["spoiled"], row["spoils"] = bool(spoils), json.loads(spoils) if spoils else []
        return json_response(rows)

    def spoil_get(self, body, args=None):
        return json_response(self.app.spoiler.settings())

    def spoil_post(self, body, args=None):
        """{"tenant": id|key|name, "seed": 7, "odds": 0.2, "paths": [...], "kinds": [...]}, or
        {"off": true} (with "tenant": that organisation only)."""
        if body.get("off"):
            tenant = body.get("tenant")
            self.app.spoiler.off(None if tenant is None else self.app.tenant_id(tenant))
            return json_response(self.app.spoiler.settings())
        unknown = set(body) - {"tenant", "seed", "odds", "paths", "kinds"}
        if unknown:
            raise ValueError(f"unknown spoil settings: {', '.join(sorted(unknown))}")
        return json_response(self.app.spoil(**body))

    def spoil_delete(self, body, args=None):
        self.app.spoiler.off()
        return json_response([])

    def calls_delete(self, body, args=None):
        self.store.execute("DELETE FROM calls")
        return json_response([])

    def connections_get(self, body, args=None):
        rows = self.store.query("SELECT * FROM connections WHERE active = 1 ORDER BY created")
        return json_response([dict(r) for r in rows])

    def grants_post(self, body, args=None):
        tenants = body.get("tenant_ids")
        if tenants is None:
            tenants = [t["id"] for t in self.store.tenants()]
        scopes = body.get("scopes") or ["offline_access", "accounting.settings", "accounting.contacts",
                                         "accounting.invoices", "accounting.payments", "accounting.manualjournals"]
        return json_response(self.app.identity.grant_for_tests(tenants, scopes))

    def webhooks_get(self, body, args=None):
        return json_response(self.app.webhooks.deliveries())

    def webhooks_post(self, body, *rest, args=None):
        hooks = self.app.webhooks
        if rest and rest[0] == "intent":
            return json_response(hooks.intent_to_receive())
        if rest and rest[0] == "flush":
            return json_response({"status": hooks.flush()})
        hooks.configure(url=body.get("url"), key=body.get("key"))
        return json_response({"url": hooks.url})

    def contract_get(self, body, args=None):
        return json_response({"strict": self.app.contract is not None, "violations": self.app.violations})

    def tenants_get(self, body, *rest, args=None):
        if len(rest) == 3 and rest[1] in ("Invoices", "CreditNotes"):
            return self.document_page(*rest)
        return json_response([{"id": t["id"], "key": t["key"], "name": t["name"]} for t in self.store.tenants()])

    def document_page(self, tenant_id, collection, record_id):
        """One document as Xero keeps it, for a person in a browser (read-only)."""
        tenant = self.store.tenant(tenant_id)
        doc = tenant and self.store.get(tenant["id"], collection, record_id)
        if not doc:
            return not_found("No such document")
        number = doc.get("InvoiceNumber") or doc.get("CreditNoteNumber") or record_id
        due = doc.get("AmountDue") if collection == "Invoices" else doc.get("RemainingCredit")
        facts = [("Contact", (doc.get("Contact") or {}).get("Name")), ("Type", doc.get("Type")),
                 ("Status", doc.get("Status")), ("Currency", doc.get("CurrencyCode")),
                 ("Total", doc.get("Total")), ("Amount paid", doc.get("AmountPaid")),
                 ("Amount due" if collection == "Invoices" else "Remaining credit", due)]
        payments = []
        for paid in doc.get("Payments") or []:
            stored = self.store.get(tenant["id"], "Payments", paid["PaymentID"]) or paid
            payments.append((_day(stored.get("Date")), stored.get("Reference"), stored.get("Amount"),
                             stored.get("Status")))
        files = [(f["FileName"], f.get("ContentLength"), f.get("MimeType"))
                 for f in self.store.all(tenant["id"], "Attachments")
                 if f.get("_parent") == f"{collection}/{doc[COLLECTIONS[collection][0]]}"]

        def table(css, headings, rows, empty):
            if not rows:
                return f"<p class='{css}'>{empty}</p>"
            head = "".join(f"<th>{h}</th>" for h in headings)
            body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c if c is not None else ''))}</td>" for c in row)
                           + "</tr>" for row in rows)
            return f"<table class='{css}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

        page = (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(number)} - Xero sandbox</title>"
            f"</head><body><h1>{html.escape(number)}</h1><p>{html.escape(tenant['name'])}</p><dl class='facts'>"
            + "".join(f"<dt>{k}</dt><dd>{html.escape(str(v if v is not None else ''))}</dd>" for k, v in facts)
            + "</dl><h2>Payments</h2>"
            + table("payments", ("Date", "Reference", "Amount", "Status"), payments, "No payments.")
            + "<h2>Files</h2>"
            + table("files", ("File", "Size (bytes)", "Type"), files, "No files attached.")
            + "</body></html>")
        return Response(page, content_type="text/html; charset=utf-8")

    def tenants_post(self, body, tenant_id, what, *rest, args=None):
        tenant = self.store.tenant(tenant_id)
        if not tenant:
            return not_found("No such tenant")
        if what == "organisation":
            org = dict(tenant["organisation"], **{k: v for k, v in body.items() if not k.endswith("LockDate")})
            for key, value in lock_dates(body).items():
                if value is None:
                    org.pop(key, None)
                else:
                    org[key] = value
            self.store.save_organisation(tenant["id"], org)
            return json_response(org)
        if what == "banktransactions":  # bank lines, reconciled or waiting (see banking.py)
            return json_response(banking.plant(self.store, tenant["id"], body))
        if what == "user":  # {"name": "Jo Bloggs"}: who the next changes are made by (History)
            return json_response({"user": history.set_user(self.store, tenant["id"], body.get("name"))})
        if what == "products":  # {"payroll": false, "assets": true}
            return json_response(self.app.products.set_uses(tenant["id"], **body))
        if what == "records" and rest and rest[0] in COLLECTIONS:
            id_key = COLLECTIONS[rest[0]][0]
            items = body.get("items") or []
            self.store.put_many(tenant["id"], rest[0], [(i[id_key], i) for i in items])
            for item in items:
                self.app.webhooks.emit(tenant["id"], rest[0], item[id_key], False)
            return json_response({"saved": len(items)})
        return not_found()

    def catalogue_post(self, body, args=None):
        """The demo's items and contact groups (seed.catalogue; a second call adds nothing)."""
        return json_response(seed.catalogue(self.store, self.app))

    def generate_post(self, body, args=None):
        tenant = self.store.tenant(body.get("tenant") or self.store.tenants()[0]["id"])
        counts = seed.generate(self.store, tenant["id"], invoices=int(body.get("invoices", 100)),
                               lines=int(body.get("lines", 3)), contacts=int(body.get("contacts", 0)))
        return json_response(counts)


def _day(value):
    """A Xero date ("/Date(1790208000000+0000)/") as a person reads it (2026-09-24)."""
    found = re.match(r"/Date\((-?\d+)", value or "")
    return datetime.fromtimestamp(int(found.group(1)) / 1000, UTC).date().isoformat() if found else value
