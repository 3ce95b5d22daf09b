"""Books agree against the live sandbox: an Australian organisation synced into Odoo, then each
kind of difference planted (at the sandbox and in Odoo) and found with its reason; agreement
after the fix and a sync; the spreadsheet read back; a connection without the reports scope."""

import time

from odoo.tests import tagged

from .test_sandbox_flow import WALLABY
from .test_sandbox_sync import SandboxSyncCase

SCOPES = ["offline_access", "accounting.settings", "accounting.contacts", "accounting.invoices",
          "accounting.payments", "accounting.manualjournals", "accounting.reports.trialbalance.read"]


@tagged("post_install", "-at_install")
class TestSandboxBooks(SandboxSyncCase):

    def grant_with(self, scopes):
        grant = self.sandbox.grant([WALLABY], scopes)
        return self.env["xero.token"].sudo().create(self.env["xero.token"]._values_from({
            "access_token": grant["access_token"], "refresh_token": grant["refresh_token"],
            "expires_at": time.time() + grant["expires_in"], "scope": grant["scope"].split(),
        }))

    def synced(self, scopes=SCOPES):
        company = self.env["xero.connection"]._company_for(
            {"tenantId": WALLABY, "tenantName": "Wallaby Wholesale Pty"}, self.grant_with(scopes))
        grant = self.grant_with(scopes)
        conn = self.env["xero.connection"].create({"name": "Wallaby", "tenant_id": WALLABY,
                                                   "company_id": company.id})
        conn.sudo().write({"token_id": grant.id, "state": "active", "granted_scopes": grant.scope})
        conn.action_test_connection()
        self.run_job(conn, "reference")
        self.env["xero.account"].search([("connection_id", "=", conn.id), ("account_id", "=", False)]) \
            .action_create_odoo_accounts()
        for kind in ("contacts", "documents"):
            job = self.run_job(conn, kind)
            self.assertIn(job.state, ("done", "warning"), job.log)
        return conn

    def lines(self, run):
        return {(line.section, line.name): line for line in run.line_ids}

    def test_smoke(self):
        conn = self.synced()
        run = self.env["xero.books.run"]._check(conn)
        print("STATE", run.state, run.error, run.not_checked, run.api_calls, run.account_count, run.document_count,
              run.contact_count)
        for line in run.line_ids:
            print(line.section, "|", line.name, "|", line.odoo_amount, line.xero_amount, line.difference,
                  line.reason, line.detail)
