"""Who may publish what, over XML-RPC as a client program would call it: a Xero user publishes
their own company's documents; the same user cannot publish another company's (record rules
hold), and a user without Xero rights cannot publish at all."""

from xmlrpc.client import Fault

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPublishAccess(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls.env.company
        cls.other = cls.env["res.company"].create({"name": "Other Client Ltd", "currency_id": cls.mine.currency_id.id})
        cls.env["account.chart.template"].try_loading("generic_coa", cls.other, install_demo=False)
        Connection = cls.env["xero.connection"]
        for company, tenant in ((cls.mine, "tenant-mine"), (cls.other, "tenant-other")):
            conn = Connection.create({"name": company.name, "tenant_id": tenant, "company_id": company.id,
                                      "direction_sales": "both"})
            conn.sudo().state = "active"
        invoicing = "base.group_user,account.group_account_invoice"
        cls.xero_user = new_test_user(cls.env, "pub_xero_user", groups=f"{invoicing},xero_connector.group_xero_user",
                                      password="pub_xero_user", company_id=cls.mine.id,
                                      company_ids=[(6, 0, cls.mine.ids)])
        cls.no_xero = new_test_user(cls.env, "pub_no_xero", groups=invoicing, password="pub_no_xero",
                                    company_id=cls.mine.id, company_ids=[(6, 0, cls.mine.ids)])
        cls.invoice_mine = cls._invoice(cls.mine)
        cls.invoice_other = cls._invoice(cls.other)

    @classmethod
    def _invoice(cls, company):
        partner = cls.env["res.partner"].create({"name": f"Customer of {company.name}", "company_id": company.id})
        move = cls.env["account.move"].with_company(company).create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": "2026-10-03",
            "invoice_line_ids": [(0, 0, {"name": "Work", "quantity": 1, "price_unit": 100.0, "tax_ids": False})],
        })
        move.action_post()
        return move

    def call(self, user, method, ids):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, user.login, user.login, {})
        self.assertTrue(uid, user.login)
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, user.login, "account.move", method, [ids])

    def publish_jobs(self, company):
        return self.env["xero.sync.job"].search([("company_id", "=", company.id), ("kind", "=", "publish")])

    def test_xero_user_publishes_own_company_only(self):
        self.call(self.xero_user, "action_publish_to_xero", self.invoice_mine.ids)
        self.assertEqual(self.publish_jobs(self.mine).move_ids, self.invoice_mine)
        with self.assertRaises(Fault) as caught, mute_logger("odoo.http"):
            self.call(self.xero_user, "action_publish_to_xero", self.invoice_other.ids)
        self.assertEqual(caught.exception.faultCode, 4, caught.exception.faultString)  # Odoo's access error
        self.assertFalse(self.publish_jobs(self.other))
        self.assertFalse(self.invoice_other.xero_publish_state)

    def test_user_without_xero_rights_cannot_publish(self):
        with self.assertRaises(Fault) as caught, mute_logger("odoo.http"):
            self.call(self.no_xero, "action_publish_to_xero", self.invoice_mine.ids)
        self.assertEqual(caught.exception.faultCode, 4, caught.exception.faultString)
        self.assertIn("Only Xero users can publish documents to Xero", caught.exception.faultString)
        self.assertFalse(self.publish_jobs(self.mine))
