import threading
import time
from datetime import timedelta
from unittest.mock import patch

from odoo import api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..xero_client.errors import XeroAuthError
from .common import drop_committed_connection, run_as_worker


class FakeOAuth:
    """Counts refreshes; a refresh token works once (Xero rotates them)."""

    def __init__(self):
        self.refreshes = []
        self.valid = {"R0"}
        self.lock = threading.Lock()

    def refresh(self, refresh_token):
        time.sleep(0.3)  # a slow Xero makes the race likely
        with self.lock:
            if refresh_token not in self.valid:
                raise XeroAuthError("The refresh token was already used.", reason="invalid_grant")
            self.valid.discard(refresh_token)
            new = f"R{len(self.refreshes) + 1}"
            self.valid.add(new)
            self.refreshes.append(refresh_token)
        return {"access_token": f"A-{new}", "refresh_token": new,
                "expires_at": time.time() + 1800, "scope": ["offline_access"]}


@tagged("post_install", "-at_install")
class TestTokenRefreshRace(TransactionCase):
    """Two workers with their own committed transactions refresh one connection at once."""

    def setUp(self):
        super().setUp()
        self.oauth = FakeOAuth()
        patcher = patch.object(type(self.env["xero.connection"]), "_oauth", lambda _self: self.oauth)
        patcher.start()
        self.addCleanup(patcher.stop)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            grant = env["xero.token"].sudo().create(env["xero.token"]._values_from({
                "access_token": "A-R0", "refresh_token": "R0", "expires_at": time.time() - 10,
            }))
            conn = env["xero.connection"].create({"name": "Race Org", "tenant_id": "t-race"})
            conn.sudo().write({"token_id": grant.id, "state": "active"})
            self.conn_id, self.grant_id = conn.id, grant.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        drop_committed_connection(self, self.conn_id, self.grant_id)

    def _worker(self, results):
        run_as_worker(self, lambda env: env["xero.connection"].browse(self.conn_id)._access_token(), results)

    def test_two_workers_refresh_once(self):
        results = []
        threads = [threading.Thread(target=self._worker, args=(results,)) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(15)
        self.assertFalse(any(t.is_alive() for t in threads), "a worker is stuck")
        self.assertEqual(results, ["A-R1", "A-R1"])
        self.assertEqual(self.oauth.refreshes, ["R0"])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            conn = env["xero.connection"].browse(self.conn_id)
            self.assertEqual(conn.state, "active")
            self.assertEqual(conn.sudo().token_id._refresh_token(), "R1")

    def test_refused_refresh_marks_expired_with_activity(self):
        self.oauth.valid = set()  # Xero answers invalid_grant
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            with self.assertRaises(UserError):
                env["xero.connection"].browse(self.conn_id)._access_token()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            conn = env["xero.connection"].browse(self.conn_id)
            self.assertEqual(conn.state, "expired")
            self.assertEqual(len(conn.activity_ids), 1)
            self.assertIn("already used", conn.last_error)

    def test_fresh_token_is_not_refreshed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            env["xero.token"].sudo().browse(self.grant_id).expires_at = (
                fields.Datetime.now() + timedelta(minutes=20)
            )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            self.assertEqual(env["xero.connection"].browse(self.conn_id)._access_token(), "A-R0")
        self.assertEqual(self.oauth.refreshes, [])
