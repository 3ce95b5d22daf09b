"""What a "Xero: User" and a plain internal user can read and press, over XML-RPC and over the
web client's JSON-RPC, on a running Odoo with connected organisations: never a token,
never a connect or disconnect."""

import sys
import xmlrpc.client
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from odoo_web import OdooWeb  # noqa: E402

PASSWORD = "Role-Test-Password-1"  # noqa: S105 (a throwaway test user)


@pytest.fixture(scope="module")
def users(odoo, odoo_env):
    made = {}
    for login, group in (("e2e_xero_user", "xero_connector.group_xero_user"), ("e2e_plain_user", "base.group_user")):
        if not odoo.call("res.users", "search", [("login", "=", login)]):
            group_id = odoo.call("ir.model.data", "check_object_reference", *group.split("."))[1]
            odoo.call("res.users", "create", {"name": login, "login": login, "password": PASSWORD,
                                              "groups_id": [(6, 0, [group_id])]})
        made[login] = (type(odoo)(odoo_env["url"], odoo_env["db"], login, PASSWORD),  # XML-RPC, as odoo
                       OdooWeb(odoo_env["url"], odoo_env["db"], login, PASSWORD))
    return made


def refused(call):
    try:
        call()
    except (xmlrpc.client.Fault, RuntimeError) as exc:
        return str(exc)
    return None


def test_xero_user_sees_connections_but_no_token(odoo, users):
    rpc, web = users["e2e_xero_user"]
    conns = rpc.call("xero.connection", "search_read", [], fields=["name", "state"])
    assert conns, "the connections made by the other end-to-end tests are visible to a Xero user"
    for client in (rpc, web):
        fields = client.call("xero.connection", "fields_get")
        assert "token_id" not in fields and not [f for f in fields if "token" in f]
        assert refused(lambda c=client: c.call("xero.token", "search_read", [], fields=["id"]))
        assert refused(lambda c=client: c.call("xero.connection", "read", [conns[0]["id"]], ["token_id"]))
        assert refused(lambda c=client: c.call("xero.connection", "action_disconnect", [conns[0]["id"]]))
        assert refused(lambda c=client: c.call("xero.connection", "action_connect"))
    # what the other tests connected is still connected: the refusals changed nothing
    assert odoo.call("xero.connection", "read", [conns[0]["id"]], ["state"])[0]["state"] == conns[0]["state"]


def test_plain_user_sees_nothing_of_xero(users):
    rpc, web = users["e2e_plain_user"]
    for client in (rpc, web):
        assert refused(lambda c=client: c.call("xero.connection", "search_read", [], fields=["name"]))
        assert refused(lambda c=client: c.call("xero.token", "search_read", [], fields=["id"]))
        assert refused(lambda c=client: c.call("xero.sync.job", "search_read", [], fields=["name"]))
