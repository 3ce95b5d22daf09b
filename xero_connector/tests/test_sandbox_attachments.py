"""A published document's source file goes to Xero once: a customer invoice's PDF, a bill's scan.
A file Xero would refuse is refused before sending, on the document alone; a lost reply is
found in Xero, never sent twice."""

import time
from unittest.mock import patch

import requests
from odoo.tests import tagged

from ..xero_client import XeroClient
from ..xero_client.errors import XeroTransientError
from .test_sandbox_publish import SandboxPublishCase

SCAN = b"%PDF-1.4 a supplier's bill, scanned\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestSandboxAttachments(SandboxPublishCase):

    def grant(self, tenant):
        grant = self.sandbox.grant([tenant], ["offline_access", "accounting.settings", "accounting.contacts",
                                              "accounting.invoices", "accounting.attachments"])
        return self.env["xero.token"].sudo().create(self.env["xero.token"]._values_from({
            "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
            "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split(),
        }))

    def setUp(self):
        super().setUp()
        self.conn.publish_attachments = True

    def bill_with(self, name, content, ref="SUP-1"):
        bill = self.document("in_invoice", ref=ref)
        scan = self.env["ir.attachment"].create({"name": name, "raw": content, "res_model": "account.move",
                                                 "res_id": bill.id})
        bill.message_main_attachment_id = scan
        return bill

    def files_at_xero(self, move):
        collection = "CreditNotes" if move.move_type.endswith("refund") else "Invoices"
        token = self.sandbox.grant([self.tenant], ["accounting.attachments.read"])["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Xero-tenant-id": self.tenant}
        reply = requests.get(f"{self.sandbox.url}/api.xro/2.0/{collection}/{move.xero_id}/Attachments",
                             timeout=30, headers={**headers, "Accept": "application/json"})
        reply.raise_for_status()
        files = {}
        for found in reply.json()["Attachments"]:
            # by ID: Xero's file routes /Attachments/{AttachmentID} and /{FileName} look alike
            content = requests.get(found["Url"].rsplit("/", 1)[0] + "/" + found["AttachmentID"], timeout=30,
                                   headers={**headers, "contentType": "application/octet-stream"})
            content.raise_for_status()
            files[found["FileName"]] = content.content
        return files

    def attachment_calls(self):
        return [c for c in self.put_calls() if "/Attachments/" in c["path"]]

    def test_invoice_pdf_and_bill_scan_attached_once(self):
        invoice = self.document()
        bill = self.bill_with("supplier-scan.pdf", SCAN)
        self.publish(invoice | bill)
        self.assertEqual((invoice | bill).mapped("xero_publish_state"), ["published", "published"])
        self.assertEqual((invoice | bill).mapped("xero_attachment_state"), ["sent", "sent"],
                         (invoice | bill).mapped("xero_attachment_error"))
        pdf_name = invoice._get_invoice_report_filename()
        invoice_files = self.files_at_xero(invoice)
        self.assertEqual(list(invoice_files), [pdf_name])
        self.assertTrue(invoice_files[pdf_name])  # Odoo's printed invoice (HTML under the test runner)
        self.assertEqual(self.files_at_xero(bill), {"supplier-scan.pdf": SCAN})
        self.assertIn("supplier-scan.pdf was attached in Xero", "".join(bill.message_ids.mapped("body")))
        sent = len(self.attachment_calls())
        self.assertEqual(sent, 2)
        self.publish()
        self.publish(invoice | bill)
        self.assertEqual(len(self.attachment_calls()), sent)  # never twice

    def test_a_file_xero_would_refuse_is_refused_before_sending(self):
        bill = self.bill_with("setup.exe", b"MZ not a bill")
        big = self.bill_with("huge-scan.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), ref="SUP-2")
        ok = self.bill_with("fine.png", b"\x89PNG fine", ref="SUP-3")
        self.publish(bill | big | ok)
        self.assertEqual((bill | big | ok).mapped("xero_publish_state"), ["published"] * 3)  # the documents are in Xero
        self.assertEqual((bill | big | ok).mapped("xero_attachment_state"), ["error", "error", "sent"])
        self.assertIn("Xero does not take .exe files", bill.xero_attachment_error)
        self.assertIn("Xero takes files up to 10 MB", big.xero_attachment_error)
        self.assertEqual([c["path"].rsplit("/", 1)[-1] for c in self.attachment_calls()], ["fine.png"])

    def test_bill_without_a_file_sends_nothing(self):
        bill = self.document("in_invoice", ref="SUP-9")
        self.publish(bill)
        self.assertEqual(bill.xero_attachment_state, "none")
        self.assertEqual(self.attachment_calls(), [])

    def test_off_by_default_and_asks_to_reconnect_without_the_permission(self):
        self.conn.publish_attachments = False
        invoice = self.document()
        self.publish(invoice)
        self.assertFalse(invoice.xero_attachment_state)
        self.conn.publish_attachments = True
        self.conn.sudo().token_id.scope = "accounting.invoices accounting.contacts"
        self.publish()
        self.assertEqual(invoice.xero_attachment_state, "error")
        self.assertIn("reconnect", invoice.xero_attachment_error)
        self.assertEqual(self.attachment_calls(), [])

    def test_lost_reply_is_found_in_xero_not_sent_twice(self):
        bill = self.bill_with("scan.jpg", b"\xff\xd8 a jpeg")
        real_save = XeroClient.save_attachment

        def save_then_lose(client, *args, **kwargs):
            real_save(client, *args, **kwargs)
            raise XeroTransientError("Xero did not answer in time.")

        with patch.object(XeroClient, "save_attachment", save_then_lose):
            self.publish(bill)
        # looked for at once, found: attached, never sent again
        self.assertEqual(bill.xero_attachment_state, "sent", bill.xero_attachment_error)
        self.publish(bill)
        self.assertEqual(len(self.attachment_calls()), 1)
        self.assertEqual(self.files_at_xero(bill), {"scan.jpg": b"\xff\xd8 a jpeg"})
