from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import XeroCommon


@tagged("post_install", "-at_install")
class TestSecurity(XeroCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grant = cls.env["xero.token"].sudo().create(cls.env["xero.token"]._values_from({
            "access_token": "SECRET-ACCESS", "refresh_token": "SECRET-REFRESH",
            "expires_at": 4102444800, "scope": ["offline_access"],
        }))
        cls.conn = cls.env["xero.connection"].create({"name": "Safe Org", "tenant_id": "t-safe"})
        cls.conn.sudo().token_id = cls.grant

    def test_tokens_encrypted_at_rest(self):
        self.env.cr.execute(
            "SELECT access_token_enc, refresh_token_enc FROM xero_token WHERE id = %s", [self.grant.id],
        )
        access, refresh = self.env.cr.fetchone()
        self.assertNotIn("SECRET", access + refresh)
        self.assertEqual(self.grant._access_token(), "SECRET-ACCESS")

    def test_nobody_reads_tokens_through_the_orm(self):
        for user in (self.xero_admin, self.xero_user, self.plain_user):
            with self.assertRaises(AccessError):
                self.env["xero.token"].with_user(user).search([]).read(["access_token_enc"])
            with self.assertRaises(AccessError):
                self.env["xero.token"].with_user(user).browse(self.grant.id).read(["refresh_token_enc"])
        self.assertNotIn("token_id", self.conn.with_user(self.xero_admin).fields_get())
        data = self.conn.with_user(self.xero_user).read()[0]
        self.assertFalse({"token_id", "access_token_enc"} & set(data))

    def test_only_admins_connect_or_disconnect(self):
        with self.assertRaises(Exception):  # noqa: B017 (UserError or AccessError, both refuse)
            self.env["xero.connection"].with_user(self.xero_user).action_connect()
        with self.assertRaises(Exception):  # noqa: B017
            self.conn.with_user(self.xero_user).action_disconnect()

    def test_settings_never_show_the_secret(self):
        from ..const import PARAM_CLIENT_SECRET

        self.env["ir.config_parameter"].sudo().set_param(PARAM_CLIENT_SECRET, "s3cr3t")
        settings = self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")).create({})
        self.assertFalse(settings.xero_client_secret)  # not even a mask: a "Set" badge says it is
        self.assertTrue(settings.xero_client_secret_set)
        settings.execute()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(PARAM_CLIENT_SECRET), "s3cr3t")

    def test_multi_company_rule(self):
        other = self.env["res.company"].create({"name": "Client B"})
        hidden = self.env["xero.connection"].create({"name": "B Org", "company_id": other.id})
        visible = self.env["xero.connection"].with_user(self.xero_user).search([])
        self.assertIn(self.conn, visible)
        self.assertNotIn(hidden, visible)
