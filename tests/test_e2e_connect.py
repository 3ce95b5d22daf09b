"""End to end: a running Odoo (with its scheduler) and the Xero sandbox process.

A person connects two organisations through the sandbox's consent page, a sync runs on its
own, and a change made in Xero reaches Odoo through a signed webhook with no manual step.
"""

import os
import sys
import time
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from odoo_web import OdooWeb  # noqa: E402


@pytest.fixture(scope="module")
def sandbox_url():
    url = os.environ.get("SANDBOX_URL")
    if not url:
        pytest.skip("SANDBOX_URL is not set: run the end-to-end tests through scripts/test.sh")
    return url


@pytest.fixture(scope="module")
def web(odoo_env, sandbox_url):
    web = OdooWeb(odoo_env["url"], odoo_env["db"], odoo_env["login"], odoo_env["password"])
    for key, value in {
        "web.base.url": odoo_env["url"],
        "xero_connector.client_id": os.environ.get("SANDBOX_CLIENT_ID", "sandbox-client-id"),
        "xero_connector.client_secret": os.environ.get("SANDBOX_CLIENT_SECRET", "sandbox-client-secret"),
        "xero_connector.service_url": sandbox_url,
        "xero_connector.webhook_key": os.environ.get("SANDBOX_WEBHOOK_KEY", "sandbox-webhook-key"),
    }.items():
        web.call("ir.config_parameter", "set_param", key, value)
    return web


def wait_for(check, timeout=90, step=1.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = check()
        if result:
            return result
        time.sleep(step)
    return check()


def test_connect_two_organisations_and_sync(web):
    action = web.call("xero.connection", "action_connect", company_mode="current")
    page = web.consent(action["url"], tenant_names=["Kiwi", "Wallaby"])
    assert 'data-ok="1"' in page.text, page.text[:1000]
    conns = web.call("xero.connection", "search_read", [("state", "=", "active")],
                     fields=["name", "country_code", "short_code", "connected_on"])
    assert sorted(c["country_code"] for c in conns) == ["AU", "NZ"]
    assert all(c["connected_on"] and c["short_code"] for c in conns)
    # nothing token-like is readable over RPC, even for the administrator
    fields = web.call("xero.connection", "fields_get")
    assert not {f for f in fields if "token" in f and f != "token_id"}

    kiwi = next(c for c in conns if c["country_code"] == "NZ")
    web.call("xero.connection", "action_sync_now", [kiwi["id"]])
    job = wait_for(lambda: web.call(
        "xero.sync.job", "search_read",
        [("connection_id", "=", kiwi["id"]), ("state", "in", ("done", "warning"))],
        fields=["count_created", "api_calls", "data_file", "state"],
    ), timeout=180)
    assert job, "the scheduler did not run the sync"
    assert job[0]["count_created"] > 0 and job[0]["api_calls"] > 0 and job[0]["data_file"]


def test_replayed_state_is_refused(web):
    action = web.call("xero.connection", "action_connect", company_mode="current")
    first = web.consent(action["url"], tenant_names=["Kiwi"])
    assert 'data-ok="1"' in first.text
    replay = web.http.get(first.history[0].headers["Location"] if first.history else first.url, timeout=60)
    assert 'data-ok="0"' in replay.text


def test_webhook_change_reaches_odoo(web, sandbox_url):
    conn = web.call("xero.connection", "search_read", [("country_code", "=", "NZ")],
                    fields=["tenant_id"])[0]
    contacts = web.call("xero.contact", "search_read", [("connection_id", "=", conn["id"])],
                        fields=["xero_id", "partner_id"], limit=1)
    assert contacts, "the first sync should have linked contacts"
    grant = requests.post(f"{sandbox_url}/__sandbox__/grants", json={
        "tenant_ids": [conn["tenant_id"]], "scopes": ["accounting.contacts", "offline_access"],
    }, timeout=30).json()
    token = grant.get("access_token") or grant["tokens"]["access_token"]
    new_name = f"Renamed in Xero {int(time.time())}"
    reply = requests.post(
        f"{sandbox_url}/api.xro/2.0/Contacts",
        json={"Contacts": [{"ContactID": contacts[0]["xero_id"], "Name": new_name}]},
        headers={"Authorization": f"Bearer {token}", "Xero-tenant-id": conn["tenant_id"],
                 "Accept": "application/json"}, timeout=30,
    )
    assert reply.status_code == 200, reply.text
    partner_id = contacts[0]["partner_id"][0]
    renamed = wait_for(lambda: web.call("res.partner", "read", [partner_id], ["name"])[0]["name"] == new_name,
                       timeout=120)
    assert renamed, "the webhook did not bring the change into Odoo"
    jobs = web.call("xero.sync.job", "search_read", [("trigger", "=", "webhook")], fields=["state"])
    assert jobs
