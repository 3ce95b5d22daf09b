"""Contacts linked before Odoo kept fingerprints (two-sided edit detection): their baseline is
what Xero holds when publishing first meets them, so an edit Odoo made since the link still
goes to Xero; a partner equal to Xero sends nothing."""

from odoo.tests import tagged

from .test_sandbox_publish import SandboxPublishCase


@tagged("post_install", "-at_install")
class TestSandboxLegacyContacts(SandboxPublishCase):

    def xero_contact(self, contact_id):
        return next(c for c in self.xero(self.tenant, "Contacts", IDs=contact_id) if c["ContactID"] == contact_id)

    def legacy_binding(self):
        """A contact published, then its link as it was before fingerprints existed."""
        self.publish(self.document())
        binding = self.env["xero.contact"].search([("connection_id", "=", self.conn.id),
                                                   ("partner_id", "=", self.customer.id)])
        self.assertTrue(binding.odoo_hash)
        binding.write({"odoo_hash": False, "xero_hash": False})
        return binding

    def edit_goes_to_xero(self, direction):
        self.conn.direction_contacts = direction
        binding = self.legacy_binding()
        self.customer.write({"street": "1 Quay St", "city": "Newcastle"})  # edited in Odoo, never sent
        self.publish()
        self.assertTrue(binding.odoo_hash and binding.xero_hash)
        self.assertEqual(self.xero_contact(binding.xero_id)["Addresses"][0]["City"], "Newcastle")
        self.assertFalse(binding._edited_in_odoo())
        self.assertFalse(self.env["xero.pending.item"].search([("connection_id", "=", self.conn.id),
                                                                ("reason_code", "=", "conflict")]))

    def test_an_odoo_edit_made_before_the_baseline_goes_to_xero(self):
        self.edit_goes_to_xero("publish")

    def test_the_same_with_both_directions(self):
        self.edit_goes_to_xero("both")

    def test_a_partner_equal_to_xero_sends_nothing(self):
        binding = self.legacy_binding()
        writes = len(self.put_calls())
        self.publish()
        self.assertTrue(binding.odoo_hash)
        self.assertEqual(binding.odoo_hash, binding.xero_hash)
        self.assertFalse(binding._edited_in_odoo())
        self.assertEqual(len(self.put_calls()), writes)
