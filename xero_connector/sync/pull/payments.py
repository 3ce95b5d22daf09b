"""Xero payments -> posted account.payment reconciled with the document they pay.

Part-payments reconcile partially, so Odoo shows the invoice as partly paid; a payment
deleted in Xero is cancelled in Odoo (its reconciliation undone).
"""

from decimal import ROUND_HALF_UP, Decimal

from ..steps import _lt, register
from .base import Importer

INBOUND = {"ACCRECPAYMENT", "APCREDITPAYMENT", "AROVERPAYMENTPAYMENT", "ARPREPAYMENTPAYMENT"}


@register
class PaymentImporter(Importer):
    key = "payments"
    follows_invoices = True  # a payment changes its invoice, whose webhook brings this step along
    collection = "Payments"
    label = _lt("Payments")  # pylint: disable=prefer-env-translation
    id_key = "PaymentID"
    paged = True
    by_ids = "where"

    def binding_model(self):
        return self.env["account.payment"]

    def import_records(self, payments):
        existing = {
            p.xero_id: p for p in self.env["account.payment"].search([
                ("xero_connection_id", "=", self.conn.id), ("xero_id", "in", [p.xero_id for p in payments]),
            ])
        }
        documents = {
            m.xero_id: m for m in self.env["account.move"].search([
                ("xero_connection_id", "=", self.conn.id),
                ("xero_id", "in", [p.document_id for p in payments if p.document_id]),
            ])
        }
        # payments Odoo published: already reconciled in Odoo, never booked a second time
        ours = set(self.env["xero.payment.link"].search([
            ("connection_id", "=", self.conn.id), ("xero_id", "in", [p.xero_id for p in payments]),
        ]).mapped("xero_id"))
        results = []
        for record in payments:
            if record.xero_id in ours:
                results.append((record, "unchanged", self.env._("published from Odoo")))
                continue
            try:
                with self.env.cr.savepoint():
                    outcome, detail = self.import_one(
                        record, existing.get(record.xero_id), documents.get(record.document_id))
            except Exception as exc:  # noqa: BLE001 (one bad payment must not stop the page)
                outcome, detail = self.refused(record, exc)
            results.append((record, outcome, detail))
        return results

    def import_one(self, record, payment, document=None):
        if payment:
            if record.status == "DELETED" and payment.state != "canceled":
                payment.action_draft()
                payment.action_cancel()
                return "updated", self.env._("deleted in Xero")
            return "unchanged", ""
        if record.status == "DELETED":
            return "skipped", self.env._("deleted in Xero")
        if not document or document.state != "posted":
            return self.pending(record, "document_not_booked", self.env._(
                "The document this payment is for is not booked in Odoo yet; the payment waits "
                "for it.",
            ))
        term_lines = document.line_ids.filtered(
            lambda ln: ln.account_id.account_type in ("asset_receivable", "liability_payable")
            and not ln.reconciled
        )
        vals = {
            "payment_type": "inbound" if record.payment_type in INBOUND else "outbound",
            "partner_type": "customer" if document.is_sale_document() else "supplier",
            "partner_id": document.commercial_partner_id.id,
            "amount": float(record.amount),
            "currency_id": document.currency_id.id,
            "date": record.date or document.invoice_date,
            "journal_id": self._journal(record).id,
            "memo": record.reference or document.xero_number,
            "destination_account_id": term_lines[:1].account_id.id or False,
            "xero_connection_id": self.conn.id,
            "xero_id": record.payment_id,
        }
        if document.currency_id != self.company.currency_id and record.currency_rate and record.currency_rate > 0:
            # at Xero's rate, as Xero booked it to the bank account, not at Odoo's rate of the day
            vals["force_balance"] = float((record.amount / record.currency_rate).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP))
        payment = self.env["account.payment"].create(vals)
        payment.action_post()
        lines = payment.move_id.line_ids.filtered(
            lambda ln: ln.account_id in term_lines.account_id and not ln.reconciled
        )
        (lines | term_lines).reconcile()
        return "created", ""

    def _journal(self, record):
        ref = record.account
        mapped = self.env["xero.account"].search([
            ("connection_id", "=", self.conn.id), ("journal_id", "!=", False), "|",
            ("xero_id", "=", ref.account_id or "-"), ("code", "=", ref.code or "-"),
        ], limit=1).journal_id if ref else None
        if mapped:
            return mapped
        code = record.account and record.account.code
        account = self.env["xero.account"].search([
            ("connection_id", "=", self.conn.id), ("code", "=", code),
        ], limit=1).account_id if code else None
        journals = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "bank")],
        )
        return journals.filtered(lambda j: j.default_account_id == account)[:1] or journals[:1]
