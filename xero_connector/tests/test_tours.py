import base64
import logging
import shutil
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from .fake_xero import FakeXero
from .test_sync_engine import contact

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """The screens in a real headless Chromium (Odoo's tour runner)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not (shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")):
            _logger.warning("Chromium is not installed: the Xero browser tours are skipped")
        new_test_user(cls.env, "xero_tour_user", password="xero_tour_user",  # noqa: S106
                      groups="base.group_user,xero_connector.group_xero_user")
        cls.conn = cls.env["xero.connection"].create({
            "name": "Tour Org", "tenant_id": "tenant-tour", "country_code": "AU",
        })
        cls.conn.sudo().state = "active"
        Partner = cls.env["res.partner"]
        Partner.create({"name": "Gamma"})
        Partner.create({"name": "GAMMA "})
        Partner.create({"name": "Gamma Two"})
        fake = FakeXero({"Contacts": [contact("c1", "Alpha"), contact("c3", "Gamma")]})
        with patch.object(type(cls.env["xero.connection"]), "_xero", lambda conn: fake):
            cls.job = cls.env["xero.sync.job"]._enqueue(cls.conn, "contacts", "manual")
            cls.env["xero.sync.job"]._run_next(cls.conn)
        assert cls.job.state == "warning", cls.job.log
        assert base64.b64decode(cls.job.data_file)

    def test_admin_tour(self):
        self.start_tour("/odoo", "xero_admin_tour", login="admin")
        item = self.env["xero.pending.item"].search([("connection_id", "=", self.conn.id)])
        self.assertEqual(item.state, "resolved")
        self.assertEqual(item.partner_id.name, "Gamma Two")

    def test_user_tour(self):
        self.start_tour("/odoo", "xero_user_tour", login="xero_tour_user")
