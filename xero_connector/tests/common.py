from unittest.mock import patch

from odoo import api
from odoo.tests import TransactionCase, new_test_user

from ..utils import env_on
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


def run_as_worker(case, fn, results, su=False):
    """fn(env) in its own transaction, committed, as a scheduler worker runs; its result, or
    the exception it raised, is appended to results (threads report back this way)."""
    try:
        with case.registry.cursor() as cr:
            results.append(fn(env_on(cr, case.env, su=su)))
    except Exception as exc:  # noqa: BLE001 (reported through results)
        results.append(exc)


def drop_committed_connection(case, conn_id, token_id):
    """Remove a connection a test committed (with its jobs, partners and token)."""
    with case.registry.cursor() as cr:
        env = api.Environment(cr, case.env.uid, {})
        conn = env["xero.connection"].with_context(active_test=False).browse(conn_id)
        env["xero.sync.job"].search([("connection_id", "=", conn_id)]).unlink()
        env["xero.contact"].search([("connection_id", "=", conn_id)]).partner_id.unlink()
        conn.activity_ids.unlink()
        conn.unlink()
        env["xero.token"].sudo().browse(token_id).exists().unlink()
