from unittest.mock import patch

from odoo.tests import TransactionCase, new_test_user

from .fake_xero import FakeXero


class XeroCommon(TransactionCase):
    """Shared fixture: a company, a Xero administrator, a Xero user and a plain user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.xero_admin = new_test_user(
            cls.env, "xero_admin", groups="base.group_user,xero_connector.group_xero_manager",
        )
        cls.xero_user = new_test_user(
            cls.env, "xero_user", groups="base.group_user,xero_connector.group_xero_user",
        )
        cls.plain_user = new_test_user(cls.env, "plain_user", groups="base.group_user")


class XeroFakeCase(XeroCommon):
    """Sync engine tests against FakeXero: a connection that is active without any network."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.conn = cls.env["xero.connection"].create({
            "name": "Fake Org", "tenant_id": "tenant-fake", "country_code": "AU",
            "company_id": cls.company.id,
        })
        cls.conn.sudo().state = "active"

    def setUp(self):
        super().setUp()
        self.fake = FakeXero()
        patcher = patch.object(type(self.env["xero.connection"]), "_xero", lambda conn: self.fake)
        patcher.start()
        self.addCleanup(patcher.stop)

    def run_job(self, kind="full", **extra):
        job = self.env["xero.sync.job"]._enqueue(self.conn, kind, "manual", **extra)
        self.env["xero.sync.job"]._run_next(self.conn)
        return job
