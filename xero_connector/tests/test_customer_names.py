from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_documents import DocumentsCase


@tagged("post_install", "-at_install")
class TestCustomerNames(DocumentsCase):
    """Customer name mapping: held, mapped, booked on the next run."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("xero_connector.customer_name_mapping", "True")
        self.alpha = self.env["res.partner"].create({"name": "Alpha Holdings (the firm's client)"})

    def pending(self, **kw):
        domain = [("connection_id", "=", self.conn.id), ("state", "=", "open")]
        return self.env["xero.pending.item"].search(domain + [(k, "=", v) for k, v in kw.items()])

    def test_held_mapped_booked(self):
        partners_before = self.env["res.partner"].search_count([])
        job = self.run_job()
        self.assertEqual(job.state, "warning", job.log)
        # no partner is created for a name no customer matches: the contacts wait
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        held = self.pending(reason_code="no_matching_customer")
        self.assertEqual(set(held.mapped("xero_id")), {"c1", "c2"})
        self.assertIn("No Odoo customer matches the Xero contact Alpha Pty", held.filtered(
            lambda i: i.xero_id == "c1").reason)
        self.assertFalse(self.moves(), "documents of held contacts wait too")
        rows = self.env["xero.customer.name"].search([("connection_id", "=", self.conn.id)])
        self.assertEqual(set(rows.mapped("xero_name")), {"Alpha Pty", "Beta Supplies"})
        self.assertFalse(rows.partner_id)
        alpha_row = rows.filtered(lambda r: r.xero_name == "Alpha Pty")
        self.assertEqual(alpha_row.held_count, 1)
        fix = held.filtered(lambda i: i.xero_id == "c1").action_fix()
        self.assertEqual(fix["res_model"], "xero.customer.name")
        self.assertEqual(self.env["xero.customer.name"].search(fix["domain"]), alpha_row)

        # the administrator maps the name, as a spreadsheet import does (case and spacing aside)
        imported = self.env["xero.customer.name"].with_user(self.xero_admin).create(
            {"connection_id": self.conn.id, "xero_name": "ALPHA  pty", "partner_id": self.alpha.id})
        self.assertEqual(imported, alpha_row, "the listed name is filled, not duplicated")
        again = self.run_job()
        moves = self.moves()
        self.assertEqual({"i1", "i2", "cn1"} & set(moves), {"i1", "i2", "cn1"}, again.log)
        self.assertEqual(moves["i1"].partner_id, self.alpha)
        self.assertEqual(moves["cn1"].partner_id, self.alpha)
        self.assertFalse(self.pending(xero_id="c1"), "the contact's item is cleared")
        self.assertFalse(self.pending(xero_id="i1") | self.pending(xero_id="cn1"), "its documents' items too")
        binding = self.env["xero.contact"].search([("connection_id", "=", self.conn.id), ("xero_id", "=", "c1")])
        self.assertEqual(binding.partner_id, self.alpha)
        # Beta still waits, and so does its bill
        self.assertTrue(self.pending(xero_id="c2"))
        self.assertNotIn("i3", moves)

    def test_off_creates_partners_as_before(self):
        self.env["ir.config_parameter"].sudo().set_param("xero_connector.customer_name_mapping", False)
        self.run_job()
        self.assertFalse(self.pending(reason_code="no_matching_customer"))
        self.assertIn("i1", self.moves())
        self.assertFalse(self.env["xero.customer.name"].search([]))

    def test_rights(self):
        row = self.env["xero.customer.name"].create({"connection_id": self.conn.id, "xero_name": "Gamma"})
        self.assertEqual(self.env["xero.customer.name"].with_user(self.xero_user).search([]), row)
        with self.assertRaises(AccessError):
            row.with_user(self.xero_user).partner_id = self.alpha
