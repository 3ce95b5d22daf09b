from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import XeroFakeCase


class TestClientList(XeroFakeCase):
    """The firm's client list: rename, delete, user access, the firm's own organisation, links."""

    def test_rename_keeps_xeros_name_beside(self):
        self.conn.action_test_connection()
        self.assertEqual((self.conn.name, self.conn.xero_name), ("Fake Org Pty", "Fake Org Pty"))
        self.assertFalse(self.conn.renamed)
        self.conn.with_user(self.xero_admin).name = "Smith Family Trust"
        self.assertTrue(self.conn.renamed)
        # Xero's name changes: Test Connection updates it, the firm's own name stays
        with patch.object(type(self.fake), "get_organisation", lambda _s: {
                "Name": "Fake Org Holdings", "CountryCode": "AU", "BaseCurrency": "AUD", "ShortCode": "!f"}):
            self.conn.action_test_connection()
        self.assertEqual(self.conn.name, "Smith Family Trust")
        self.assertEqual(self.conn.xero_name, "Fake Org Holdings")
        # both names find the client
        Conn = self.env["xero.connection"]
        self.assertIn(self.conn, Conn.search([("display_name", "ilike", "Holdings")]))
        self.assertIn(self.conn.id, [row[0] for row in Conn.name_search("Smith Family")])
        self.assertIn(self.conn.id, [row[0] for row in Conn.name_search("Holdings")])
        action = self.conn.with_user(self.xero_admin).action_rename()
        self.assertEqual(action["target"], "new")
        with self.assertRaises(AccessError):
            self.conn.with_user(self.xero_user).name = "Not allowed"

    def test_delete_client_keeps_records_and_stops_schedule(self):
        self.conn._sync_cron()
        self.assertTrue(self.conn.next_sync)
        partner = self.env["res.partner"].create({"name": "Synced Customer"})
        binding = self.env["xero.contact"].create({
            "connection_id": self.conn.id, "xero_id": "c-1", "partner_id": partner.id})
        job = self.env["xero.sync.job"]._enqueue(self.conn, "contacts", "manual")
        with self.assertRaises(UserError):
            self.conn.with_user(self.xero_user).action_delete_client()
        result = self.conn.with_user(self.xero_admin).action_delete_client()
        self.assertEqual(result["params"]["type"], "success")
        self.assertFalse(self.conn.active)
        self.assertEqual(self.conn.state, "disconnected")
        self.assertFalse(self.conn.next_sync, "the schedule stops")
        self.assertEqual(job.state, "cancelled", "work waiting for the client is dropped")
        self.assertTrue(binding.exists() and partner.exists() and job.exists(), "synced records stay")
        self.assertNotIn(self.conn, self.env["xero.connection"].search([]))
        self.assertIn(self.conn, self.env["xero.connection"].search([("active", "=", False)]))
        # reconnecting later brings it back (the consent reattaches archived connections)
        self.conn.sudo().write({"active": True, "state": "active"})
        self.assertTrue(self.conn.next_sync)

    def test_user_access_is_odoos_allowed_companies(self):
        client = self.env["res.company"].create({"name": "Client Co"})
        conn = self.env["xero.connection"].create({"name": "Client Org", "company_id": client.id})
        self.xero_admin.company_ids |= client  # the administrator works for this client
        self.xero_admin.groups_id |= self.env.ref("base.group_erp_manager")  # and may manage users
        bookkeeper = new_test_user(self.env, "bookkeeper", groups="base.group_user,xero_connector.group_xero_user")
        Conn = self.env["xero.connection"].with_user(bookkeeper)
        self.assertNotIn(conn, Conn.search([]))
        self.assertNotIn(bookkeeper, conn.user_ids)
        conn.with_user(self.xero_admin).write({"user_ids": [Command.link(bookkeeper.id)]})
        self.assertIn(client, bookkeeper.company_ids)
        self.assertIn(bookkeeper, conn.user_ids)
        self.assertIn(conn, Conn.search([]))
        # removed: the company goes from their allowed companies, the client from their list
        bookkeeper.company_id = client
        conn.with_user(self.xero_admin).write({"user_ids": [Command.unlink(bookkeeper.id)]})
        self.assertNotIn(client, bookkeeper.company_ids)
        self.assertNotEqual(bookkeeper.company_id, client, "their default company moved to another")
        self.env.invalidate_all()
        self.assertNotIn(conn, Conn.search([]))
        # only administrators edit it
        with self.assertRaises(AccessError):
            conn.with_user(bookkeeper).write({"user_ids": [Command.link(bookkeeper.id)]})
        # a user whose only company this is keeps it, with a plain reason
        lone = new_test_user(self.env, "lone", groups="base.group_user", company_id=client.id,
                             company_ids=[Command.set(client.ids)])
        with self.assertRaisesRegex(UserError, "works only in Client Co"):
            conn.with_user(self.xero_admin).write({"user_ids": [Command.unlink(lone.id)]})

    def test_user_access_follows_odoos_rule(self):
        """Only a user who may manage users (Access Rights) changes who works in a client's
        company; others read the list and who can change it. Internal users only, every change
        in the chatter, written with the editor's own rights."""
        client = self.env["res.company"].create({"name": "Rule Client Co"})
        conn = self.env["xero.connection"].create({"name": "Rule Client Org", "company_id": client.id})
        self.xero_admin.company_ids |= client
        bookkeeper = new_test_user(self.env, "rule_bookkeeper", groups="base.group_user")
        as_admin = conn.with_user(self.xero_admin)
        self.assertFalse(as_admin.user_access_editable)
        self.assertIn("Access Rights", as_admin.user_access_note)
        self.assertIn(self.env.ref("base.user_admin").name, as_admin.user_access_note)
        with self.assertRaisesRegex(AccessError, "Access Rights"):
            as_admin.write({"user_ids": [Command.link(bookkeeper.id)]})
        self.assertNotIn(client, bookkeeper.company_ids)
        # with Access Rights: written as the editor, and said in the chatter
        self.xero_admin.groups_id |= self.env.ref("base.group_erp_manager")
        self.env.invalidate_all()
        self.assertTrue(as_admin.user_access_editable)
        Users, seen = type(self.env["res.users"]), []
        original = Users.write

        def spy(users, vals):
            seen.append((users.env.uid, users.env.su))
            return original(users, vals)

        with patch.object(Users, "write", spy):
            as_admin.write({"user_ids": [Command.link(bookkeeper.id)]})
        self.assertEqual(seen[0], (self.xero_admin.id, False), "written with the editor's rights, not as superuser")
        self.assertIn(client, bookkeeper.company_ids)
        note = conn.message_ids[:1]
        self.assertEqual(note.author_id, self.xero_admin.partner_id)
        self.assertIn("given to rule_bookkeeper", note.body)
        # a portal user is refused
        portal = new_test_user(self.env, "rule_portal", groups="base.group_portal")
        with self.assertRaisesRegex(UserError, "Only internal users"):
            as_admin.write({"user_ids": [Command.link(portal.id)]})
        self.assertNotIn(client, portal.company_ids)

    def test_firm_connection_is_kept_apart(self):
        firm = self.env["xero.connection"].create({"name": "Our Practice", "is_firm": True})
        Conn = self.env["xero.connection"]
        self.assertEqual(Conn.search([("is_firm", "=", True)]), firm)
        self.assertNotIn(firm, Conn.search([("is_firm", "=", False)]))
        self.assertEqual(Conn.search([])[:1], firm, "the firm comes first in the list")
        groups = dict(Conn._read_group([], ["connection_kind"], ["__count"]))
        self.assertEqual(groups["firm"], 1)
        self.assertGreaterEqual(groups["client"], 1)

    def test_links(self):
        self.conn.short_code = "!abc"
        self.assertIn("shortcode=%21abc", self.conn.action_open_in_xero()["url"])
        with self.assertRaises(UserError):
            self.conn.action_open_in_xpm()
        self.conn.xpm_client_code = "12345"
        self.assertEqual(self.conn.action_open_in_xpm()["url"],
                         "https://practicemanager.xero.com/Client/12345/Detail")
        self.env["ir.config_parameter"].sudo().set_param("xero_connector.xpm_url", "https://xpm.example/")
        self.assertEqual(self.conn.action_open_in_xpm()["url"], "https://xpm.example/Client/12345/Detail")
        pl = self.conn.action_client_reports()
        self.assertEqual(pl["res_model"], "account.move.line")
        self.assertEqual(pl["context"]["allowed_company_ids"], [self.company.id])
        self.assertIn(("account_id.include_initial_balance", "=", False), pl["domain"])
        bs = self.conn.action_client_balance_sheet()
        self.assertIn(("account_id.include_initial_balance", "=", True), bs["domain"])
        self.env["account.move.line"].search(bs["domain"], limit=1)  # a domain Odoo can run

    def test_systray(self):
        Conn = self.env["xero.connection"]
        self.assertFalse(Conn.with_user(self.plain_user).systray_status()["visible"])
        self.conn.last_sync = "2026-12-02 10:00:00"
        status = Conn.with_user(self.xero_user).systray_status()
        self.assertTrue(status["visible"] and status["ok"])
        self.assertFalse(status["can_sync"])
        self.assertIn("Last sync", status["last_sync"])
        self.assertEqual(Conn.with_user(self.xero_user).systray_sync()["type"], "warning")
        answer = Conn.with_user(self.xero_admin).systray_sync()
        self.assertEqual(answer["type"], "success")
        self.assertTrue(self.env["xero.sync.job"].search(
            [("connection_id", "=", self.conn.id), ("trigger", "=", "manual"), ("state", "=", "queued")]))
        self.conn.state = "expired"
        status = Conn.with_user(self.xero_admin).systray_status()
        self.assertFalse(status["ok"])
        self.assertIn("needs reconnecting", status["status"])
        self.assertEqual(Conn.with_user(self.xero_admin).systray_sync()["type"], "danger")
