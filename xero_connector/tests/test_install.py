from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import XeroCommon


@tagged("post_install", "-at_install")
class TestInstall(XeroCommon):
    def test_groups_hierarchy(self):
        manager = self.env.ref("xero_connector.group_xero_manager")
        user_group = self.env.ref("xero_connector.group_xero_user")
        self.assertIn(user_group, manager.implied_ids)
        self.assertIn(manager, self.env.ref("base.group_system").implied_ids)
        self.assertTrue(self.env.ref("base.user_admin").has_group("xero_connector.group_xero_manager"))

    def test_menu_visible_to_xero_users_only(self):
        menu = self.env.ref("xero_connector.menu_xero_root")
        visible = self.env["ir.ui.menu"].with_user(self.xero_user)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        hidden = self.env["ir.ui.menu"].with_user(self.plain_user)._visible_menu_ids()
        self.assertNotIn(menu.id, hidden)

    def test_bridges_installed_only_with_their_apps(self):
        """The core needs neither Purchase nor Sale; each bridge installs itself with its app."""
        Module = self.env["ir.module.module"]
        for bridge, app in (("xero_connector_purchase", "purchase"), ("xero_connector_sale", "sale")):
            installed = Module.search([("name", "=", bridge), ("state", "=", "installed")])
            app_installed = Module.search_count([("name", "=", app), ("state", "=", "installed")])
            self.assertEqual(bool(installed), bool(app_installed), bridge)
        self.assertNotIn("purchase", self.env["ir.module.module"].browse(
            Module.search([("name", "=", "xero_connector")]).id).dependencies_id.mapped("name"))

    def test_every_model_has_access_rules(self):
        models = self.env["ir.model"].search([("model", "=like", "xero.%")])
        self.assertTrue(models)
        for model in models.filtered(lambda m: not self.env[m.model]._abstract):
            self.assertTrue(model.access_ids, f"{model.model} has no access rule")

    def test_user_reads_admin_writes(self):
        conn = self.env["xero.connection"].with_user(self.xero_admin).create({"name": "Demo Org"})
        self.assertEqual(conn.with_user(self.xero_user).name, "Demo Org")
        with self.assertRaises(AccessError):
            conn.with_user(self.xero_user).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            conn.with_user(self.plain_user).read(["name"])
