"""Two-sided edits against the live Xero sandbox, contacts and documents set to "Both": an edit on
one side flows to the other; an edit on both sides overwrites neither and waits as a conflict
showing both versions; keeping Odoo's updates Xero, keeping Xero's updates Odoo, and the next
sync finds nothing to do."""

import requests
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..sync import conflicts
from .test_sandbox_publish import SandboxPublishCase


@tagged("post_install", "-at_install")
class TestSandboxConflicts(SandboxPublishCase):

    def edit_in_xero(self, collection, element):
        """A person edits the record in Xero, a few seconds later (Xero stamps whole seconds)."""
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 5})
        token = self.sandbox.grant([self.tenant], ["accounting.contacts", "accounting.invoices"])["access_token"]
        reply = requests.post(f"{self.sandbox.url}/api.xro/2.0/{collection}", timeout=30, json={
            collection: [element]}, headers={"Authorization": f"Bearer {token}", "Xero-tenant-id": self.tenant,
                                            "Accept": "application/json"})
        self.assertEqual(reply.status_code, 200, reply.text)
        self.sandbox.admin("POST", "/__sandbox__/clock", json={"advance": 5})

    def xero_contact(self, contact_id):
        return next(c for c in self.xero(self.tenant, "Contacts", IDs=contact_id) if c["ContactID"] == contact_id)

    def conflict(self, xero_id):
        return self.env["xero.pending.item"].search([
            ("connection_id", "=", self.conn.id), ("xero_id", "=", xero_id), ("reason_code", "=", "conflict")])

    def open_conflicts(self):
        return self.env["xero.pending.item"].search([
            ("connection_id", "=", self.conn.id), ("reason_code", "=", "conflict"), ("state", "=", "open")])

    def test_a_contact_edited_on_one_side_then_on_both(self):
        self.publish(self.document())
        binding = self.env["xero.contact"].search([("connection_id", "=", self.conn.id),
                                                   ("partner_id", "=", self.customer.id)])
        self.assertTrue(binding.odoo_hash and binding.xero_hash)
        self.run_job(self.conn, "contacts")
        self.assertFalse(self.open_conflicts())

        # edited in Odoo only: the next publishing sends it to Xero
        self.customer.write({"street": "1 Quay St", "city": "Newcastle"})
        self.publish()
        self.assertEqual(self.xero_contact(binding.xero_id)["Addresses"][0]["City"], "Newcastle")
        # edited in Xero only: the next pull writes it in Odoo
        self.edit_in_xero("Contacts", {"ContactID": binding.xero_id, "Name": "Publishing Test Customer Ltd"})
        job = self.run_job(self.conn, "contacts")
        self.assertEqual(self.customer.name, "Publishing Test Customer Ltd", job.log)

        # edited on both sides: neither overwritten, a conflict shows both versions
        self.customer.email = "odoo@publishing-test.example.com"
        self.edit_in_xero("Contacts", {"ContactID": binding.xero_id,
                                       "EmailAddress": "xero@publishing-test.example.com"})
        self.run_job(self.conn, "contacts")
        item = self.conflict(binding.xero_id)
        self.assertEqual(item.state, "open")
        self.assertEqual(self.customer.email, "odoo@publishing-test.example.com")
        self.assertEqual(conflicts.differing(conflicts.diff(*item._conflict_sides())), ["email"])
        self.assertIn("xero@publishing-test.example.com", item.conflict_html)
        self.assertIn("In Odoo", item.conflict_html)
        self.publish()  # publishing leaves Xero's version while a person decides
        self.assertEqual(self.xero_contact(binding.xero_id)["EmailAddress"], "xero@publishing-test.example.com")

        # keep Odoo's: Xero is updated, the next sync sees nothing to do
        item.action_keep_odoo()
        self.env["xero.sync.job"]._run_next(self.conn)
        self.assertEqual(self.xero_contact(binding.xero_id)["EmailAddress"], "odoo@publishing-test.example.com")
        self.assertEqual(item.state, "resolved")
        self.assertIn("Odoo's version was kept", "".join(self.customer.message_ids.mapped("body")))
        self.run_job(self.conn, "contacts")
        self.publish()
        self.assertFalse(self.open_conflicts())
        self.assertEqual(self.customer.email, "odoo@publishing-test.example.com")

        # both again, found this time when publishing; keep Xero's: Odoo is updated
        self.customer.phone = "02 5550 1111"
        self.edit_in_xero("Contacts", {"ContactID": binding.xero_id, "Phones": [
            {"PhoneType": "DEFAULT", "PhoneNumber": "02 5550 2222"}]})
        self.publish()
        self.assertEqual(item.state, "open")
        self.assertEqual(self.xero_contact(binding.xero_id)["Phones"][0]["PhoneNumber"], "02 5550 2222")
        item.action_keep_xero()
        self.assertEqual((self.customer.phone, item.state), ("02 5550 2222", "resolved"))
        writes = len(self.put_calls())
        self.run_job(self.conn, "contacts")
        self.publish()
        self.assertEqual(len(self.put_calls()), writes)
        self.assertFalse(self.open_conflicts())

    def test_an_invoice_edited_on_one_side_then_on_both(self):
        move = self.document()
        self.publish(move)
        self.run_job(self.conn, "documents")
        self.assertEqual(move.xero_publish_state, "published")

        # edited in Odoo only: its change goes to Xero
        move.button_draft()
        move.ref = "PO 100"
        move.action_post()
        self.publish(move)
        self.assertEqual(self.assert_same_as_odoo(move)["Reference"], "PO 100")
        # edited in Xero only: the pull writes it in Odoo, which does not send it back
        self.edit_in_xero("Invoices", {"InvoiceID": move.xero_id, "Reference": "PO 200"})
        job = self.run_job(self.conn, "documents")
        self.assertEqual((move.ref, move.state, move.xero_publish_state), ("PO 200", "posted", "published"), job.log)
        self.assertFalse(self.open_conflicts())

        # edited on both sides, found when publishing: Xero keeps its version, a person decides
        move.button_draft()
        move.invoice_line_ids[0].price_unit = 150.0
        move.action_post()
        self.edit_in_xero("Invoices", {"InvoiceID": move.xero_id, "Reference": "PO 300"})
        self.publish(move)
        self.assertEqual(move.xero_publish_state, "conflict")
        doc = self.at_xero(move)
        self.assertEqual((doc["Reference"], doc["LineItems"][0]["UnitAmount"]), ("PO 300", 123.45))
        item = self.conflict(move.xero_id)
        self.assertEqual(item.state, "open")
        self.assertEqual(conflicts.differing(conflicts.diff(*item._conflict_sides())),
                         ["reference", "line 1", "total"])
        self.run_job(self.conn, "documents")  # nor does the pull overwrite Odoo's
        self.assertEqual((move.ref, move.invoice_line_ids[0].price_unit), ("PO 200", 150.0))

        # keep Odoo's: Xero is updated, the next sync sees nothing to do
        item.action_keep_odoo()
        self.env["xero.sync.job"]._run_next(self.conn)
        doc = self.assert_same_as_odoo(move)
        self.assertEqual(doc["Reference"], "PO 200")
        self.assertEqual(item.state, "resolved")
        self.run_job(self.conn, "documents")
        self.assertFalse(self.open_conflicts())
        self.assertEqual(move.xero_publish_state, "published")

        # both again, found by the pull; keep Xero's: Odoo is updated, nothing goes back
        move.button_draft()
        move.ref = "PO 400"
        move.action_post()
        self.edit_in_xero("Invoices", {"InvoiceID": move.xero_id, "Reference": "PO 500"})
        self.run_job(self.conn, "documents")
        self.assertEqual((item.state, move.ref, move.xero_publish_state), ("open", "PO 400", "conflict"))
        item.action_keep_xero()
        self.assertEqual((move.ref, move.state, move.xero_publish_state, item.state),
                         ("PO 500", "posted", "published", "resolved"))
        self.assertIn("Xero's version was kept", "".join(move.message_ids.mapped("body")))
        writes = len(self.put_calls())
        self.run_job(self.conn, "documents")
        self.publish()
        self.assertEqual(len(self.put_calls()), writes)
        self.assertFalse(self.open_conflicts())

    def test_keeping_odoo_is_refused_where_xero_cannot_change(self):
        move = self.document()
        self.publish(move)
        move.button_draft()
        move.ref = "PO 600"
        move.action_post()
        self.edit_in_xero("Invoices", {"InvoiceID": move.xero_id, "Reference": "PO 700"})
        self.publish(move)
        item = self.conflict(move.xero_id)
        self.assertEqual(item.state, "open")
        self.edit_in_xero("Invoices", {"InvoiceID": move.xero_id, "Status": "VOIDED"})
        self.run_job(self.conn, "documents")  # the conflict shows Xero's version as it is now
        self.assertEqual((item.state, item.raw_data["Status"], move.state), ("open", "VOIDED", "posted"))
        with self.assertRaisesRegex(UserError, "no longer lets"):
            item.action_keep_odoo()
        self.conn.direction_sales = "pull"
        with self.assertRaisesRegex(UserError, "only pulls"):
            item.action_keep_odoo()
        self.assertEqual(item.state, "open")

    # ------------------------------------------------------------------ self-healing on pull
    def test_voided_in_xero_while_posted_in_odoo_waits_with_both_sides(self):
        move = self.document()
        self.publish(move)
        self.assertEqual(move.xero_publish_state, "published")
        self.edit_in_xero("Invoices", {"InvoiceID": move.xero_id, "Status": "VOIDED"})
        job = self.run_job(self.conn, "documents")
        self.assertEqual((move.state, move.xero_publish_state), ("posted", "conflict"), job.log)
        self.assertIn("voided in Xero", move.xero_publish_error)
        item = self.conflict(move.xero_id)
        self.assertEqual((item.state, item.raw_data["Status"]), ("open", "VOIDED"))
        self.assertIn("voided in Xero", item.reason)
        odoo, xero = item._conflict_sides()
        self.assertEqual((odoo["status"], xero["status"]), ("Posted", "Voided"))
        self.assertEqual(conflicts.differing(conflicts.diff(odoo, xero)), ["status"])
        self.assertIn("Voided", item.conflict_html)
        self.run_job(self.conn, "documents")  # the next pull changes nothing either
        self.assertEqual((move.state, move.xero_publish_state, item.state), ("posted", "conflict", "open"))
        with self.assertRaisesRegex(UserError, "no longer lets"):
            item.action_keep_odoo()
        item.action_keep_xero()  # Xero's version: cancelled in Odoo too, nothing sent back
        self.assertEqual((move.state, move.xero_publish_state, item.state), ("cancel", "cancelled", "resolved"))

    def test_total_changed_in_xero_waits_with_both_sides(self):
        move = self.document()
        self.publish(move)
        total = move.amount_total
        line = self.at_xero(move)["LineItems"][0]
        self.edit_in_xero("Invoices", {"InvoiceID": move.xero_id, "LineItems": [
            dict({k: v for k, v in line.items() if k not in ("LineAmount", "TaxAmount")}, UnitAmount=200.0)]})
        self.assertNotEqual(self.at_xero(move)["Total"], total)
        self.run_job(self.conn, "documents")
        self.assertEqual((move.state, move.amount_total, move.xero_publish_state), ("posted", total, "conflict"))
        self.assertIn("total", move.xero_publish_error)
        item = self.conflict(move.xero_id)
        self.assertEqual(item.state, "open")
        odoo, xero = item._conflict_sides()
        self.assertIn("total", conflicts.differing(conflicts.diff(odoo, xero)))
        self.assertNotEqual(odoo["total"], xero["total"])
