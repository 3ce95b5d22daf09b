"""In a real headless Chromium, against the live Xero sandbox, as the firm's administrator who
lands in the firm's own company: a published invoice reset to draft says Xero keeps it until it
is posted again; cancelling it asks first ("This also voids INV-… in Xero") and the void goes to
Xero after; "Open in Xero" answers the sandbox's page of that invoice; an organisation that only
pulls offers no Publish to Xero and says why (issue 29)."""

import json

from odoo.tests import HttpCase, tagged

from .test_sandbox_publish import SandboxPublishCase


@tagged("post_install", "-at_install")
class TestSandboxDayTour(SandboxPublishCase, HttpCase):

    def setUp(self):
        super().setUp()
        admin = self.env.ref("base.user_admin")
        self.firm = self.env["res.company"].create({"name": "Firm HQ Ltd"})
        admin.write({"company_ids": [(4, self.firm.id), (4, self.company.id)], "company_id": self.firm.id})

    def link(self, invoice):
        """The invoice's link as Odoo's multi-company links are: the firm's company stays the
        current one, the invoice's company is ticked beside it."""
        return f"/odoo/action-account.action_move_out_invoice_type/{invoice.id}?cids={self.firm.id}-{self.company.id}"

    def test_reset_cancel_and_open_in_xero(self):
        invoice = self.document()
        self.publish(invoice)
        self.assertEqual(invoice.xero_publish_state, "published", invoice.xero_publish_error)
        number = invoice.xero_number or invoice.name
        # Open in Xero: the sandbox's page of that invoice (not a JSON 404)
        self.assertTrue(invoice.xero_url)
        self.browser_js(invoice.xero_url, f"""
            const title = document.querySelector('h1');
            if (title && title.textContent === {json.dumps(number)} && document.contentType === 'text/html') {{
                console.log('test successful');
            }} else {{
                console.error('not the invoice page: ' + document.body.innerHTML.slice(0, 300));
            }}""")
        self.start_tour(self.link(invoice), "xero_reset_cancel_tour", login="admin")
        self.env.invalidate_all()
        self.assertEqual((invoice.state, invoice.xero_publish_state), ("cancel", "to_cancel"))
        self.run_jobs()
        self.assertEqual(invoice.xero_publish_state, "cancelled")
        self.assertEqual(self.at_xero(invoice)["Status"], "VOIDED")

    def test_pull_only_offers_no_publish(self):
        self.conn.write({"direction_sales": "pull"})
        invoice = self.document()
        self.start_tour(self.link(invoice), "xero_pull_only_tour", login="admin")
