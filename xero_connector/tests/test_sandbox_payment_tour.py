"""In a real headless Chromium, against the live Xero sandbox: an accountant pays a published
invoice from its form on the bank journal mapped to a Xero bank account, publishes the payment
from it, sees it published; then, on the sandbox's own page for the invoice (what Xero keeps),
sees the invoice's PDF among its files and the amount due equal to Odoo's residual."""

import json
import time

from odoo.tests import HttpCase, new_test_user, tagged

from .test_sandbox_payments import SandboxPaymentCase


@tagged("post_install", "-at_install")
class TestSandboxPaymentTour(SandboxPaymentCase, HttpCase):

    def grant(self, tenant):
        grant = self.sandbox.grant([tenant], ["offline_access", "accounting.settings", "accounting.contacts",
                                              "accounting.invoices", "accounting.payments",
                                              "accounting.attachments"])
        return self.env["xero.token"].sudo().create(self.env["xero.token"]._values_from({
            "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
            "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split(),
        }))

    def test_pay_publish_and_see_the_pdf_in_xero(self):
        journal = self.mapped_journal()
        self.conn.publish_attachments = True
        invoice = self.document()
        self.publish(invoice)
        self.assertEqual((invoice.xero_publish_state, invoice.xero_attachment_state), ("published", "sent"),
                         invoice.xero_attachment_error)
        new_test_user(self.env, "xero_accountant", password="xero_accountant",  # noqa: S106
                      groups="account.group_account_manager,xero_connector.group_xero_user",
                      company_id=self.company.id, company_ids=[(6, 0, self.company.ids)])

        self.start_tour(f"/odoo/action-account.action_move_out_invoice_type/{invoice.id}",
                        "xero_payment_publish_tour", login="xero_accountant")
        self.env.invalidate_all()
        payment = invoice.matched_payment_ids
        self.assertEqual((len(payment), payment.journal_id), (1, journal))
        self.env["xero.sync.job"]._run_next(self.conn)  # the scheduler runs the job the button queued
        self.env.invalidate_all()
        self.assertEqual(payment.xero_link_ids.mapped("state"), ["published"], payment.xero_link_ids.error)
        self.start_tour(f"/odoo/action-account.action_account_payments/{payment.id}",
                        "xero_payment_published_tour", login="xero_accountant")

        # Xero's side, in the same browser: the sandbox's page for the invoice (read-only)
        pdf = invoice._get_invoice_report_filename()
        self.assertEqual(invoice.amount_residual, 0.0)
        self.browser_js(f"{self.sandbox.url}/__sandbox__/tenants/{self.tenant}/Invoices/{invoice.xero_id}", f"""
            const cells = (css) => [...document.querySelectorAll(css + ' td')].map(td => td.textContent);
            const due = [...document.querySelectorAll('dt')].find(dt => dt.textContent === 'Amount due');
            const seen = {{files: cells('table.files'), payments: cells('table.payments'),
                          due: due && due.nextElementSibling.textContent}};
            if (seen.files.includes({json.dumps(pdf)}) && seen.due === '0.0'
                    && seen.payments.some(c => c.endsWith({json.dumps(payment.xero_link_ids._token())}))) {{
                console.log('test successful');
            }} else {{
                console.error('not what Xero should show: ' + JSON.stringify(seen));
            }}""")
