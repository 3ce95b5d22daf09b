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


def test_xero_administrator_without_access_rights_cannot_give_a_client(odoo):
    """Who works in a client's company is Odoo's Access Rights to change: a Xero administrator
    without them is refused over XML-RPC, and nobody's companies move."""
    conns = odoo.call("xero.connection", "search_read", [], fields=["company_id"])
    assert conns, "the connections made by the other end-to-end tests are there"
    companies = sorted({c["company_id"][0] for c in conns})
    manager_group = odoo.call("ir.model.data", "check_object_reference", "xero_connector", "group_xero_manager")[1]
    user_group = odoo.call("ir.model.data", "check_object_reference", "base", "group_user")[1]
    logins = {"e2e_xero_admin_no_rights": [manager_group], "e2e_bookkeeper": [user_group]}
    ids = {}
    for login, groups in logins.items():
        found = odoo.call("res.users", "search", [("login", "=", login)])
        ids[login] = found[0] if found else odoo.call("res.users", "create", {
            "name": login, "login": login, "password": PASSWORD, "groups_id": [(6, 0, groups)],
            "company_id": companies[0], "company_ids": [(6, 0, companies if login != "e2e_bookkeeper"
                                                              else companies[:1])]})
    target = next(c for c in conns if c["company_id"][0] != companies[0]) if len(companies) > 1 else conns[0]
    bookkeeper = ids["e2e_bookkeeper"]
    before = odoo.call("res.users", "read", [bookkeeper], ["company_ids"])[0]["company_ids"]
    xero_admin = type(odoo)(odoo.url, odoo.db, "e2e_xero_admin_no_rights", PASSWORD)
    # the administrator sees the client and its list of users, without the right to change it
    seen = xero_admin.call("xero.connection", "read", [target["id"]], ["user_ids", "user_access_editable",
                                                                        "user_access_note"])[0]
    assert seen["user_access_editable"] is False
    assert "Access Rights" in seen["user_access_note"]
    message = refused(lambda: xero_admin.call("xero.connection", "write", [target["id"]],
                                              {"user_ids": [(4, bookkeeper)]}))
    assert message and "Access Rights" in message
    # nor around it: Odoo's own user form refuses the company too
    assert refused(lambda: xero_admin.call("res.users", "write", [bookkeeper],
                                           {"company_ids": [(4, target["company_id"][0])]}))
    after = odoo.call("res.users", "read", [bookkeeper], ["company_ids"])[0]["company_ids"]
    assert sorted(after) == sorted(before)
