"""Point the running demo Odoo at the local Xero sandbox and connect its organisations
through the real consent flow (Odoo -> sandbox consent page -> Odoo callback), then sync.

    python scripts/demo_setup.py --odoo http://127.0.0.1:8069 --db xero_demo --sandbox http://127.0.0.1:8070
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

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
    if odoo.call("xero.connection", "search_count", [("state", "=", "active")]):
        print("demo organisations already connected")
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
        unmapped = odoo.call("xero.account", "search", [("connection_id", "=", conn["id"]),
                                                        ("account_id", "=", False)])
        odoo.call("xero.account", "action_create_odoo_accounts", unmapped)
        odoo.call("xero.connection", "action_sync_now", [conn["id"]])
    wait_for_jobs(odoo)
    for job in odoo.call("xero.sync.job", "search_read", [], fields=["name", "connection_id", "state",
                                                                     "count_created", "count_pending"]):
        print(f"  {job['name']} {job['connection_id'][1]}: {job['state']} "
              f"({job['count_created']} created, {job['count_pending']} pending)")
    plant_client_health(odoo, args.sandbox)


def plant_client_health(odoo, sandbox, name="Thames Consulting Ltd"):
    """Client health on the dashboard: every organisation checked once, this one's books closed to
    the end of last month first; then (as a client might) its period reopened and bank lines left
    waiting for reconciliation, and checked again: its card says so."""
    import datetime  # noqa: PLC0415 (this function is self-contained)

    import requests  # noqa: PLC0415

    tenants = requests.get(f"{sandbox}/__sandbox__/tenants", timeout=30).json()
    tenant = next(t["id"] for t in tenants if t["name"] == name)
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
    odoo.call("xero.connection", "action_check_health", conn)
    label = odoo.call("xero.connection", "read", conn, ["health_label"])[0]["health_label"]
    print(f"  client health of {name}: {label}")


def wait_for_jobs(odoo, seconds=240):
    """The scheduler picks the jobs up within seconds; wait so the demo opens on data."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if not odoo.call("xero.sync.job", "search_count", [("state", "in", ("queued", "running"))]):
            return
        time.sleep(3)


if __name__ == "__main__":
    main()
