"""Changes after publishing: reset to draft and posted again, a published document's change
goes to the same Xero document (its number kept); cancelled, it is voided in Xero (deleted
while a draft there); paid or behind a lock date in Xero, Odoo refuses before changing it."""

import requests
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_sandbox_publish import SandboxPublishCase


@tagged("post_install", "-at_install")
class TestSandboxPublishChanges(SandboxPublishCase):

    def xero_count(self):
        return len([d for d in self.xero(self.tenant, "Invoices") if "odoo:" in (d.get("Url") or "")])

    def test_a_change_goes_to_the_same_xero_document(self):
        move = self.document()
        self.publish(move)
        self.assert_same_as_odoo(move)
        xero_id, number = move.xero_id, move.xero_number
        move.button_draft()
        self.assertEqual(move.xero_publish_state, "changed")
        move.invoice_line_ids[0].price_unit = 150.0
        move.action_post()
        self.publish(move)
        doc = self.assert_same_as_odoo(move)
        self.assertEqual((move.xero_id, doc["InvoiceNumber"]), (xero_id, number))
        self.assertEqual(self.xero_count(), 1)
        self.assertIn("Its change was sent to Xero", "".join(move.message_ids.mapped("body")))
        writes = len(self.put_calls())
        self.publish()
        self.assertEqual(len(self.put_calls()), writes)  # sent once

    def test_cancel_voids_in_xero_and_deletes_a_draft(self):
        approved = self.document()
        self.publish(approved)
        self.conn.publish_status = "DRAFT"
        draft = self.document(day=approved.invoice_date)
        self.publish(draft)
        self.assertEqual(self.at_xero(draft)["Status"], "DRAFT")
        (approved | draft).button_draft()
        (approved | draft).button_cancel()
        self.assertEqual((approved | draft).mapped("xero_publish_state"), ["to_cancel", "to_cancel"])
        self.run_jobs()  # Xero is told after Odoo's change commits, by the outbox job
        self.assertEqual((approved | draft).mapped("state"), ["cancel", "cancel"])
        self.assertEqual((approved | draft).mapped("xero_publish_state"), ["cancelled", "cancelled"])
        statuses = {d["InvoiceID"]: d["Status"] for d in self.xero(self.tenant, "Invoices")}
        self.assertEqual(statuses[approved.xero_id], "VOIDED")
        self.assertNotEqual(statuses.get(draft.xero_id), "DRAFT")  # deleted (Xero lists it as DELETED or not at all)
        self.assertIn("Cancelled in Xero", "".join(approved.message_ids.mapped("body")))

    def test_paid_in_xero_is_refused_before_odoo_changes_it(self):
        move = self.document()
        self.publish(move)
        token = self.sandbox.grant([self.tenant], ["accounting.payments", "accounting.settings.read"])["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Xero-tenant-id": self.tenant, "Accept": "application/json"}
        accounts = requests.get(f"{self.sandbox.url}/api.xro/2.0/Accounts", headers=headers, timeout=30).json()
        bank = next(a for a in accounts["Accounts"] if a["Type"] == "BANK")
        paid = requests.put(f"{self.sandbox.url}/api.xro/2.0/Payments", headers=headers, timeout=30, json={
            "Payments": [{"Invoice": {"InvoiceID": move.xero_id}, "Account": {"Code": bank["Code"]},
                          "Amount": 10.0, "Date": "2026-10-05"}]})
        self.assertEqual(paid.status_code, 200, paid.text)
        with self.assertRaisesRegex(UserError, "is paid in Xero"):
            move.button_draft()
        self.assertEqual((move.state, move.xero_publish_state), ("posted", "published"))

    def test_behind_xeros_lock_date_is_refused_before_odoo_changes_it(self):
        move = self.document()
        self.publish(move)
        self.sandbox.admin("POST", f"/__sandbox__/tenants/{self.tenant}/organisation",
                           json={"PeriodLockDate": "2026-10-31"})
        with self.assertRaisesRegex(UserError, "lock date"):
            move.button_draft()
        with self.assertRaisesRegex(UserError, "lock date"):
            move.button_cancel()
        self.assertEqual((move.state, move.xero_publish_state), ("posted", "published"))
