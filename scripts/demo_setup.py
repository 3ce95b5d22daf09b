"""Point the running demo Odoo at the local Xero sandbox and connect its organisations
through the real consent flow (Odoo -> sandbox consent page -> Odoo callback), then sync.

    python scripts/demo_setup.py --odoo http://127.0.0.1:8069 --db xero_demo --sandbox http://127.0.0.1:8070
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402
from odoo_web import OdooWeb  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--odoo", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="xero_demo")
    parser.add_argument("--sandbox", default="http://127.0.0.1:8070")
    parser.add_argument("--client-id", default="sandbox-client-id")
    parser.add_argument("--client-secret", default="sandbox-client-secret")
    parser.add_argument("--webhook-key", default="sandbox-webhook-key")
    parser.add_argument("--mode", default="create", choices=["create", "current"])
    args = parser.parse_args()

    odoo = OdooWeb(args.odoo, args.db, "admin", "admin")
    for key, value in {
        "web.base.url": args.odoo,
        "xero_connector.client_id": args.client_id,
        "xero_connector.client_secret": args.client_secret,
        "xero_connector.service_url": args.sandbox,
        "xero_connector.webhook_key": args.webhook_key,
        # each organisation says whether it uses Xero Payroll and fixed assets
        "xero_connector.check_payroll_assets": "True",
    }.items():
        odoo.call("ir.config_parameter", "set_param", key, value)

    # the administrator lands on the firm's dashboard
    dashboard = odoo.call("ir.model.data", "search_read", [("module", "=", "xero_connector"),
                                                           ("name", "=", "action_xero_connection")], fields=["res_id"])
    odoo.call("res.users", "write", [2], {"action_id": dashboard[0]["res_id"]})
    seed_catalogue(args.sandbox)
    if odoo.call("xero.connection", "search_count", [("state", "=", "active")]):
        print("demo organisations already connected")
        orders_and_quotes(odoo)
        invoices_typed_in_odoo(odoo)
        return
    action = odoo.call("xero.connection", "action_connect", company_mode=args.mode)
    page = odoo.consent(action["url"])
    if "o_xero_result" not in page.text or 'data-ok="1"' not in page.text:
        raise SystemExit(f"connecting the demo organisations failed:\n{page.text[:2000]}")
    conns = odoo.call("xero.connection", "search_read", [], fields=["name", "state", "company_id"])
    for conn in conns:
        print(f"  connected {conn['name']} -> {conn['company_id'][1]} ({conn['state']})")
        if conn["name"] == "Demo Accounting Firm":  # the organisation the firm invoices its clients from
            odoo.call("xero.connection", "write", [conn["id"]], {"is_firm": True})
        odoo.call("xero.connection", "action_sync_now", [conn["id"]])
    wait_for_jobs(odoo)
    # As an administrator would: give Kiwi's and Wallaby's Xero accounts Odoo accounts, then
    # sync again so their waiting documents are booked. Thames and the firm keep theirs
    # pending, to show what waits and why.
    for conn in odoo.call("xero.connection", "search_read", [("name", "in", ["Kiwi Garden Supplies",
                                                                             "Wallaby Wholesale Pty"])],
                          fields=["name"]):
        map_accounts(odoo, conn)
        odoo.call("xero.connection", "action_sync_now", [conn["id"]])
    wait_for_jobs(odoo)
    orders_and_quotes(odoo)
    invoices_typed_in_odoo(odoo)
    for job in odoo.call("xero.sync.job", "search_read", [], fields=["name", "connection_id", "state",
                                                                     "count_created", "count_pending"]):
        print(f"  {job['name']} {job['connection_id'][1]}: {job['state']} "
              f"({job['count_created']} created, {job['count_pending']} pending)")
    plant_client_health(odoo, args.sandbox)
    check_books(odoo)


def check_books(odoo):
    """Books agree, after the syncs: every active organisation checked once (as Check Books does).
    The mapped ones (Kiwi, Wallaby) agree; Thames, whose accounts are left unmapped, shows its
    differences with their reasons."""
    active = odoo.call("xero.connection", "search", [("state", "=", "active")])
    odoo.call("xero.connection", "action_check_books", active)
    for conn in odoo.call("xero.connection", "read", active, ["name", "books_label", "books_run_id"]):
        print(f"  books of {conn['name']}: {conn['books_label']}")
        if not conn["books_run_id"]:
            continue
        lines = odoo.call("xero.books.line", "search_read", [("run_id", "=", conn["books_run_id"][0])],
                          fields=["section", "name", "reason", "difference"])
        reasons = {}
        for line in lines:
            reasons[line["reason"]] = reasons.get(line["reason"], 0) + 1
        if reasons:
            print("    " + ", ".join(f"{reason}: {count}" for reason, count in sorted(reasons.items())))
        for line in lines[:8]:
            print(f"    {line['section']}: {line['name']} differs by {line['difference']:.2f} ({line['reason']})")


def plant_client_health(odoo, sandbox, name="Thames Consulting Ltd"):
    """Client health on the dashboard: every organisation checked once, this one's books closed to
    the end of last month first; then (as a client might) its period reopened and bank lines left
    waiting for reconciliation, and checked again: its card says so."""
    import datetime  # noqa: PLC0415 (this function is self-contained)

    import requests  # noqa: PLC0415

    tenants = requests.get(f"{sandbox}/__sandbox__/tenants", timeout=30).json()
    tenant = next(t["id"] for t in tenants if t["name"] == name)
    for other in tenants:  # the seeded payments matched with the bank statement, as a bank feed leaves them
        requests.post(f"{sandbox}/__sandbox__/tenants/{other['id']}/banktransactions", json={"reconcile": "all"},
                      timeout=30).raise_for_status()
    conn = odoo.call("xero.connection", "search", [("tenant_id", "=", tenant)], limit=1)
    now = datetime.date.fromisoformat(requests.get(f"{sandbox}/__sandbox__/state", timeout=30).json()["now"][:10])
    closed = now.replace(day=1) - datetime.timedelta(days=1)
    organisation = f"{sandbox}/__sandbox__/tenants/{tenant}/organisation"
    requests.post(organisation, json={"PeriodLockDate": closed.isoformat()}, timeout=30).raise_for_status()
    active = odoo.call("xero.connection", "search", [("state", "=", "active")])
    odoo.call("xero.connection", "action_check_health", active)
    reopened = closed.replace(day=1) - datetime.timedelta(days=1)
    requests.post(organisation, json={"PeriodLockDate": reopened.isoformat()}, timeout=30).raise_for_status()
    requests.post(f"{sandbox}/__sandbox__/tenants/{tenant}/banktransactions", timeout=30, json={"items": [
        {"bank": "090", "type": kind, "amount": amount, "date": now.isoformat(), "reference": reference}
        for kind, amount, reference in (("SPEND", 86.40, "Card: office supplies"), ("SPEND", 412.00, "Rent"),
                                        ("RECEIVE", 1250.00, "Customer deposit"))]}).raise_for_status()
    changed_after_close(sandbox, tenant, reopened, closed)
    odoo.call("xero.connection", "action_check_health", conn)
    label = odoo.call("xero.connection", "read", conn, ["health_label"])[0]["health_label"]
    print(f"  client health of {name}: {label}")


def changed_after_close(sandbox, tenant, reopened, closed):
    """While the period is open again, a colleague corrects an invoice of the closed month in Xero:
    the next client health check lists it, saying who (Xero's History) and when."""
    import requests  # noqa: PLC0415

    token = requests.post(f"{sandbox}/__sandbox__/grants", timeout=30, json={
        "tenant_ids": [tenant], "scopes": ["accounting.invoices"]}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Xero-tenant-id": tenant, "Accept": "application/json"}
    invoices = requests.get(f"{sandbox}/api.xro/2.0/Invoices", params={"Statuses": "AUTHORISED", "summaryOnly": "true"},
                            headers=headers, timeout=30).json().get("Invoices", [])
    closed_month = [i for i in invoices
                    if reopened.isoformat() < (i.get("DateString") or "")[:10] <= closed.isoformat()]
    if not closed_month:
        print("  no invoice of the closed month to correct after close")
        return
    user = f"{sandbox}/__sandbox__/tenants/{tenant}/user"
    requests.post(user, json={"name": "Jo Bloggs"}, timeout=30).raise_for_status()
    try:
        requests.post(f"{sandbox}/api.xro/2.0/Invoices", headers=headers, timeout=30, json={"Invoices": [{
            "InvoiceID": closed_month[0]["InvoiceID"], "Reference": "Corrected after close"}]}).raise_for_status()
    finally:
        requests.post(user, json={}, timeout=30)
    print(f"  {closed_month[0].get('InvoiceNumber')} corrected in Xero after close by Jo Bloggs")


def seed_catalogue(sandbox):
    """Items and contact groups in the sandbox's organisations (once): the first sync brings
    them to Odoo as products and partner tags."""
    reply = requests.post(f"{sandbox}/__sandbox__/catalogue", json={}, timeout=60)
    reply.raise_for_status()
    print(f"  items and contact groups added in the sandbox: {reply.json()}")


def map_accounts(odoo, conn):
    """As an administrator would: accept the confident suggestions, then Create Odoo Accounts
    for the rest (it maps to the company's own accounts where they are alike, creates the others
    and says which existing account each stands beside)."""
    in_company = {"context": {"allowed_company_ids": odoo.call("xero.connection", "read", [conn["id"]],
                                                                ["company_id"])[0]["company_id"][:1]}}
    unmapped = odoo.call("xero.account", "search", [("connection_id", "=", conn["id"]), ("account_id", "=", False)],
                         **in_company)
    for method in ("action_accept_confident", "action_create_odoo_accounts"):
        answer = odoo.call("xero.account", method, unmapped, **in_company)
        print(f"  {conn['name']}: {answer['params']['message']}")
        unmapped = odoo.call("xero.account", "search", [("id", "in", unmapped), ("account_id", "=", False)],
                             **in_company)


def orders_and_quotes(odoo):
    """Quotations and purchase orders to walk (Sales and Purchase with the bridge addons): Wallaby
    publishes its own to Xero as quotes and purchase orders, Kiwi keeps them in Odoo."""
    if not odoo.call("ir.module.module", "search_count", [("name", "in", ("xero_connector_sale",
                                                                           "xero_connector_purchase")),
                                                          ("state", "=", "installed")]):
        print("  the bridge addons are not installed: no orders or quotes")
        return
    for name, publish in (("Wallaby Wholesale Pty", True), ("Kiwi Garden Supplies", False)):
        conn = odoo.call("xero.connection", "search_read", [("name", "=", name)], fields=["company_id"])
        if not conn:
            continue
        company = conn[0]["company_id"][0]
        ctx = {"context": {"allowed_company_ids": [company]}}
        if odoo.call("sale.order", "search_count", [("company_id", "=", company)], **ctx):
            continue  # made on an earlier run
        if publish:
            odoo.call("xero.connection", "write", [conn[0]["id"]], {
                "direction_quotes": "publish", "direction_purchase_orders": "publish"}, **ctx)
        products = odoo.call("product.product", "search_read", [("company_id", "in", (company, False)),
                                                                ("default_code", "!=", False)],
                             fields=["id", "lst_price"], limit=4, order="default_code", **ctx)
        customers = odoo.call("res.partner", "search", [("company_id", "in", (company, False)),
                                                        ("customer_rank", ">", 0)], limit=3, **ctx)
        vendors = odoo.call("res.partner", "search", [("company_id", "in", (company, False)),
                                                      ("supplier_rank", ">", 0)], limit=2, **ctx)
        if not (products and customers and vendors):
            print(f"  {name}: no products, customers or vendors to make orders with")
            continue
        quotes = []
        for n, partner in enumerate(customers):
            quotes.append(odoo.call("sale.order", "create", {
                "partner_id": partner, "company_id": company,
                "order_line": [(0, 0, {"product_id": p["id"], "product_uom_qty": n + k + 1})
                               for k, p in enumerate(products[:2 + n % 2])]}, **ctx))
        _act(odoo, "sale.order", "action_quotation_sent", quotes[:1], **ctx)  # sent to the customer
        _act(odoo, "sale.order", "action_confirm", quotes[1:2], **ctx)  # accepted
        orders = []
        for n, partner in enumerate(vendors):
            orders.append(odoo.call("purchase.order", "create", {
                "partner_id": partner, "company_id": company,
                "order_line": [(0, 0, {"product_id": p["id"], "product_qty": 10 * (n + 1)}) for p in products[:2]]},
                **ctx))
        _act(odoo, "purchase.order", "button_confirm", orders[:1], **ctx)
        if publish:
            for model, ids in (("sale.order", quotes[:2]), ("purchase.order", orders[:1])):
                try:
                    _act(odoo, model, "action_publish_to_xero", ids, **ctx)
                except Exception as exc:  # noqa: BLE001 (the demo goes on; the order says why)
                    print(f"  {name}: publishing {model} did not start: {exc}")
        print(f"  {name}: {len(quotes)} quotations, {len(orders)} purchase orders"
              + (" (published to Xero)" if publish else " (kept in Odoo)"))
    wait_for_jobs(odoo)


def invoices_typed_in_odoo(odoo):
    """Invoices typed in Odoo and published: Wallaby's goes to Xero (its books still agree); Thames's,
    booked to an Odoo account with no Xero account, waits in Publishing Errors, "Not Sent", with Map
    the Account (nothing went to Xero) and is one of the differences Thames's books check shows."""
    typed_invoice(odoo, "Wallaby Wholesale Pty", "Typed in Odoo", mapped=True)
    typed_invoice(odoo, "Thames Consulting Ltd", "Typed in Odoo, unmapped account", mapped=False)


def typed_invoice(odoo, organisation, ref, mapped):
    """One customer invoice typed in the organisation's company, posted and published: a product
    whose account has a Xero account (`mapped`), or a line on an income account that has none."""
    conn = odoo.call("xero.connection", "search_read", [("name", "=", organisation)], fields=["company_id"])
    if not conn:
        return
    company = conn[0]["company_id"][0]
    ctx = {"context": {"allowed_company_ids": [company]}}
    if odoo.call("account.move", "search_count", [("company_id", "=", company), ("move_type", "=", "out_invoice"),
                                                  ("ref", "=", ref)], **ctx):
        return  # made on an earlier run
    odoo.call("xero.connection", "write", [conn[0]["id"]], {"direction_sales": "both"}, **ctx)
    customer = (odoo.call("res.partner", "search", [("company_id", "in", (company, False)),
                                                    ("customer_rank", ">", 0)], limit=1, **ctx)
                # Thames's invoices wait unbooked, so no partner there is a customer yet: one of its contacts
                or odoo.call("res.partner", "search", [("company_id", "=", company), ("is_company", "=", True)],
                             limit=1, **ctx))
    if mapped:
        product = odoo.call("product.product", "search_read", [
            ("company_id", "in", (company, False)), ("default_code", "=", "FREIGHT")], fields=["id"], limit=1, **ctx)
        line = product and {"product_id": product[0]["id"], "quantity": 3}
    else:
        mapped_ids = {m["account_id"][0] for m in odoo.call("xero.account", "search_read", [
            ("connection_id", "=", conn[0]["id"]), ("account_id", "!=", False)], fields=["account_id"], **ctx)}
        unmapped = [a["id"] for a in odoo.call("account.account", "search_read", [
            ("company_ids", "in", [company]), ("account_type", "=", "income")], fields=["id"], **ctx)
            if a["id"] not in mapped_ids]
        line = unmapped and {"name": "Consignment", "quantity": 1, "price_unit": 240.0, "account_id": unmapped[0]}
    if not (line and customer):
        print(f"  {organisation}: no product, customer or unmapped account for an invoice typed in Odoo")
        return
    move = odoo.call("account.move", "create", {"move_type": "out_invoice", "partner_id": customer[0],
                                               "company_id": company, "ref": ref,
                                               "invoice_line_ids": [(0, 0, line)]}, **ctx)
    _act(odoo, "account.move", "action_post", [move], **ctx)
    _act(odoo, "account.move", "action_publish_to_xero", [move], **ctx)
    wait_for_jobs(odoo)
    for record in odoo.call("account.move", "read", [move], ["name", "xero_publish_state"], **ctx):
        print(f"  {organisation}: {record['name']} typed in Odoo: {record['xero_publish_state']}")


def _act(odoo, model, method, ids, **kwargs):
    """A button's method: those returning nothing leave "result" out of Odoo's JSON-RPC reply."""
    try:
        return odoo.call(model, method, ids, **kwargs)
    except KeyError:
        return None


def wait_for_jobs(odoo, seconds=240):
    """The scheduler picks the jobs up within seconds; wait so the demo opens on data."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if not odoo.call("xero.sync.job", "search_count", [("state", "in", ("queued", "running"))]):
            return
        time.sleep(3)


if __name__ == "__main__":
    main()
