"""The demo Odoo answers over XML-RPC with the addon installed and its menu in place."""


def test_addon_installed(odoo):
    mods = odoo.call(
        "ir.module.module", "search_read", [("name", "=", "xero_connector")], fields=["state"],
    )
    assert mods == [{"id": mods[0]["id"], "state": "installed"}]


def test_xero_menu_readable(odoo):
    data = odoo.call(
        "ir.model.data", "search_read",
        [("module", "=", "xero_connector"), ("name", "=", "menu_xero_root")], fields=["res_id"],
    )
    menu_id = data[0]["res_id"]
    menus = odoo.call("ir.ui.menu", "read", [menu_id], ["name", "child_id"])
    assert menus[0]["name"] == "Xero"
    children = odoo.call("ir.ui.menu", "read", menus[0]["child_id"], ["name"])
    names = {c["name"] for c in children}
    assert {"Connections", "Sync Jobs", "Pending Items", "Mappings"} <= names
