"""Payroll and fixed assets per organisation: the setting, the scopes each consent asks for,
Disconnect Payroll, and the statuses read from Xero (connected / not connected / unavailable),
first without a network, then against the live sandbox (its contract files checked)."""

import time
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..const import PARAM_CHECK_PAYROLL_ASSETS, PARAM_CLIENT_ID
from ..xero_client.errors import XeroForbiddenError, XeroTransientError
from .common import XeroFakeCase
from .test_sandbox_flow import KIWI, THAMES, WALLABY, SandboxCase
from .test_sandbox_sync import SandboxSyncCase

OPTIONAL = {"assets.read", "payroll.settings.read"}
ACCOUNTING = ["offline_access", "accounting.settings", "accounting.contacts", "accounting.invoices",
              "accounting.payments"]


def asked_scopes(action):
    return set(parse_qs(urlparse(action["url"]).query)["scope"][0].split())


def turn_check(env, on):
    settings = env["res.config.settings"].create({"xero_check_payroll_assets": on})
    settings.execute()


class TestPayrollAssetScopes(XeroFakeCase):
    """Without a network: the scopes, the buttons, once a day, what a failure keeps."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(PARAM_CLIENT_ID, "client-id")
        self.calls = []
        self.answers = {"assets": {"assetNumberPrefix": "FA-"}, "payroll": {"Settings": {}}}

        def answer(name):
            def call(*args):
                self.calls.append(name)
                reply = self.answers[name]
                if isinstance(reply, Exception):
                    raise reply
                return reply
            return call

        self.fake.get_asset_settings = answer("assets")
        self.fake.get_payroll_settings = answer("payroll")

    def test_scopes_follow_the_setting_and_disconnect_payroll(self):
        Conn = self.env["xero.connection"].with_user(self.xero_admin)
        self.assertFalse(OPTIONAL & asked_scopes(Conn.action_connect()), "off by default")
        self.assertFalse(self.conn.payroll_status)
        turn_check(self.env, True)
        self.assertEqual(asked_scopes(Conn.action_connect()) & OPTIONAL, OPTIONAL)
        self.assertTrue(asked_scopes(Conn.action_connect()) >= {"accounting.settings.read", "offline_access"})
        conn = self.conn.with_user(self.xero_admin)
        self.assertEqual(asked_scopes(conn.action_reconnect()) & OPTIONAL, OPTIONAL)
        # read-only, never more
        self.assertFalse({"assets", "payroll.settings"} & asked_scopes(Conn.action_connect()))

        with self.assertRaises(UserError):
            self.conn.with_user(self.xero_user).action_disconnect_payroll()
        result = conn.action_disconnect_payroll()
        self.assertEqual(result["params"]["title"], "Payroll disconnected")
        self.assertIn("dropped at the next reconnect", result["params"]["message"])
        self.assertEqual((self.conn.payroll_status, self.conn.payroll_reason), ("not_connected", "disconnected"))
        self.assertIn("disconnected here", self.conn.payroll_note)
        self.assertEqual(asked_scopes(conn.action_reconnect()) & OPTIONAL, {"assets.read"},
                         "the next consent of this organisation drops payroll")
        self.assertEqual(asked_scopes(Conn.action_connect()) & OPTIONAL, OPTIONAL, "other organisations keep it")
        self.assertFalse(self.calls, "nothing was asked of Xero: the grant has no optional scope")

        with self.assertRaises(UserError):
            self.conn.with_user(self.xero_user).action_connect_payroll()
        result = conn.action_connect_payroll()
        self.assertIn("reconnect", result["params"]["message"])
        self.assertEqual((self.conn.payroll_status, self.conn.payroll_reason), ("unavailable", "no_scope"))
        self.assertEqual(asked_scopes(conn.action_reconnect()) & OPTIONAL, OPTIONAL)

        turn_check(self.env, False)
        self.assertFalse(self.conn.payroll_status or self.conn.assets_status, "off: no status shown")
        self.assertFalse(OPTIONAL & asked_scopes(conn.action_reconnect()))

    def test_checked_at_connect_then_once_a_day(self):
        self.conn.granted_scopes = "accounting.settings.read assets.read payroll.settings.read"
        turn_check(self.env, True)
        self.assertEqual(self.calls, ["assets", "payroll"], "turning the check on asks at once")
        self.assertEqual((self.conn.payroll_status, self.conn.assets_status), ("connected", "connected"))
        self.assertEqual(self.conn.payroll_note, "The organisation runs its payroll in Xero Payroll.")
        self.conn.action_test_connection()
        self.run_job("reference")
        self.assertEqual(len(self.calls), 2, "checked at most once a day")
        # a day later, the next successful sync asks again
        self.conn.products_checked_on = fields.Datetime.now() - timedelta(days=1, minutes=1)
        self.answers["payroll"] = XeroForbiddenError("Forbidden", 403)
        self.run_job("reference")
        self.assertEqual(len(self.calls), 4)
        self.assertEqual((self.conn.payroll_status, self.conn.payroll_reason), ("not_connected", "not_used"))
        # what Xero cannot answer now keeps the last status, and is asked again next time
        self.answers["assets"] = XeroTransientError("Xero is busy", 503)
        self.answers["payroll"] = {"Settings": {}}
        checked = self.conn.products_checked_on = fields.Datetime.now() - timedelta(hours=2)
        self.conn._check_payroll_assets(force=True)
        self.assertEqual(self.conn.assets_status, "connected")
        self.assertEqual(self.conn.payroll_status, "connected")
        self.assertEqual(self.conn.products_checked_on, checked, "not complete: asked again at the next sync")
        # a country without Xero Payroll: no payroll call at all
        self.conn.country_code = "US"
        self.answers["assets"] = {}
        before = len(self.calls)
        self.conn._check_payroll_assets(force=True)
        self.assertEqual(self.calls[before:], ["assets"])
        self.assertEqual((self.conn.payroll_status, self.conn.payroll_reason), ("unavailable", "no_payroll_country"))
        self.assertIn("not offered in United States", self.conn.payroll_note)
        # a plain Xero user sees the statuses
        conn = self.conn.with_user(self.xero_user)
        self.assertEqual((conn.payroll_status, conn.assets_status), ("unavailable", "connected"))


class PayrollSandboxCase(SandboxSyncCase):
    def grant(self, tenant, scopes=()):
        grant = self.sandbox.grant([tenant], ACCOUNTING + list(scopes))
        return self.env["xero.token"].sudo().create(self.env["xero.token"]._values_from({
            "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
            "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split(),
        }))

    def connect_with(self, tenant, scopes):
        name = {KIWI: "Kiwi", WALLABY: "Wallaby", THAMES: "Thames"}[tenant]
        conn = self.env["xero.connection"].create({"name": name, "tenant_id": tenant})
        conn.sudo().write({"token_id": self.grant(tenant, scopes).id, "state": "active"})
        conn.action_test_connection()
        return conn

    def product_calls(self, tenant):
        return [c["path"] for c in self.sandbox.admin("GET", "/__sandbox__/calls", params={"tenant": tenant})
                if "Settings" in c["path"]]


@tagged("post_install", "-at_install")
class TestSandboxPayrollAssets(PayrollSandboxCase):
    """The statuses as Xero (the sandbox) answers them, at connect."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(PARAM_CHECK_PAYROLL_ASSETS, "True")

    def test_connected_not_connected_unavailable(self):
        wallaby = self.connect_with(WALLABY, OPTIONAL)  # AU, uses payroll and fixed assets
        self.assertEqual((wallaby.payroll_status, wallaby.assets_status), ("connected", "connected"))
        self.assertEqual(self.product_calls(WALLABY), ["/assets.xro/1.0/Settings", "/payroll.xro/1.0/Settings"])
        self.assertTrue(wallaby.products_checked_on)

        self.sandbox.admin("POST", f"/__sandbox__/tenants/{KIWI}/products", json={"payroll": False, "assets": False})
        kiwi = self.connect_with(KIWI, OPTIONAL)  # NZ, no payroll subscription, no fixed assets
        self.assertEqual((kiwi.payroll_status, kiwi.payroll_reason), ("not_connected", "not_used"))
        self.assertEqual((kiwi.assets_status, kiwi.assets_reason), ("not_connected", "not_used"))
        self.assertEqual(self.product_calls(KIWI), ["/assets.xro/1.0/Settings", "/payroll.xro/2.0/Settings"])

        self.sandbox.admin("POST", f"/__sandbox__/tenants/{THAMES}/products", json={"payroll": True})
        thames = self.connect_with(THAMES, OPTIONAL)  # UK: the 2.0 API, its own contract file
        self.assertEqual(thames.payroll_status, "connected")

        # a US organisation: no Xero Payroll, nothing asked about it
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{THAMES}/organisation", json={"CountryCode": "US"})
        thames.action_test_connection()
        self.assertEqual(thames.country_code, "US")
        before = self.product_calls(THAMES)
        thames._check_payroll_assets(force=True)
        self.assertEqual(self.product_calls(THAMES)[len(before):], ["/assets.xro/1.0/Settings"])
        self.assertEqual((thames.payroll_status, thames.payroll_reason), ("unavailable", "no_payroll_country"))

        # scopes not granted (the check was off at consent): unavailable, and no call
        wallaby.sudo().token_id = self.grant(WALLABY, ())
        before = self.product_calls(WALLABY)
        wallaby._check_payroll_assets(force=True)
        self.assertEqual((wallaby.payroll_status, wallaby.payroll_reason), ("unavailable", "no_scope"))
        self.assertEqual((wallaby.assets_status, wallaby.assets_reason), ("unavailable", "no_scope"))
        self.assertEqual(self.product_calls(WALLABY), before)
        self.assertIn("reconnect the organisation", wallaby.payroll_note)


@tagged("post_install", "-at_install")
class TestPayrollConsent(SandboxCase):
    """Xero's consent page asks for the read-only scopes; Disconnect Payroll drops payroll's at
    the next reconnect."""

    def test_consent_scopes_and_disconnect_payroll(self):
        self.env["ir.config_parameter"].sudo().set_param(PARAM_CHECK_PAYROLL_ASSETS, "True")
        page = self.connect([WALLABY])
        self.assertIn('data-ok="1"', page.text)
        conn = self.env["xero.connection"].search([("tenant_id", "=", WALLABY)])
        self.assertTrue(set(conn.sudo().token_id.scope.split()) >= OPTIONAL)
        self.assertEqual((conn.payroll_status, conn.assets_status), ("connected", "connected"), "asked at connect")

        conn.with_user(self.admin).action_disconnect_payroll()
        page = self.consent(conn.with_user(self.admin).action_reconnect(), [WALLABY])
        self.assertIn('data-ok="1"', page.text)
        granted = set(conn.sudo().token_id.scope.split())
        self.assertIn("assets.read", granted)
        self.assertNotIn("payroll.settings.read", granted, "dropped at the next consent")
        self.assertEqual((conn.payroll_status, conn.payroll_reason), ("not_connected", "disconnected"))
        self.assertEqual(conn.assets_status, "connected")
        conn.with_user(self.admin).action_connect_payroll()
        self.assertEqual((conn.payroll_status, conn.payroll_reason), ("unavailable", "no_scope"))
