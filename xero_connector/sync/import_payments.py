"""Xero payments -> posted account.payment reconciled with the document they pay.

Part-payments reconcile partially, so Odoo shows the invoice as partly paid; a payment
deleted in Xero is cancelled in Odoo (its reconciliation undone).
"""


from . import mappers
from .importers import Importer, register

INBOUND = {"ACCRECPAYMENT", "APCREDITPAYMENT", "AROVERPAYMENTPAYMENT", "ARPREPAYMENTPAYMENT"}


@register
class PaymentImporter(Importer):
    key = "payments"
    collection = "Payments"
    label = "Payments"
    id_key = "PaymentID"
    label_key = "Reference"
    paged = True

    def binding_model(self):
        return self.env["account.payment"]

    def _process_page(self, items):
        self.job._count(fetched=len(items))
        ids = [i["PaymentID"] for i in items]
        existing = {
            p.xero_id: p for p in self.env["account.payment"].search([
                ("xero_connection_id", "=", self.conn.id), ("xero_id", "in", ids),
            ])
        }
        doc_ids = [self._document_ref(i) for i in items]
        documents = {
            m.xero_id: m for m in self.env["account.move"].search([
                ("xero_connection_id", "=", self.conn.id), ("xero_id", "in", [d for d in doc_ids if d]),
            ])
        }
        rows = []
        for item in items:
            self.cursor._seen(mappers.xero_updated(item))
            try:
                with self.env.cr.savepoint():
                    outcome, detail = self.import_one(
                        item, existing.get(item["PaymentID"]), documents.get(self._document_ref(item)),
                    )
            except Exception as exc:  # noqa: BLE001 (one bad payment must not stop the page)
                outcome, detail = "errors", str(exc)
                self.job._log(self.env._("Payment %(id)s: %(why)s", id=item["PaymentID"], why=exc))
            self.job._count(**{outcome: 1})
            rows.append(mappers.row(self.collection, item, self.id_key, self.label_key, outcome, detail))
        self.job._add_rows(rows)

    @staticmethod
    def _document_ref(item):
        return (item.get("Invoice") or {}).get("InvoiceID") or (item.get("CreditNote") or {}).get("CreditNoteID")

    def import_one(self, item, payment, document=None):
        if payment:
            if item.get("Status") == "DELETED" and payment.state != "canceled":
                payment.action_draft()
                payment.action_cancel()
                return "updated", self.env._("deleted in Xero")
            return "unchanged", ""
        if item.get("Status") == "DELETED":
            return "skipped", self.env._("deleted in Xero")
        if not document or document.state != "posted":
            return self.pending(item, "document_not_booked", self.env._(
                "The document this payment is for is not booked in Odoo yet; the payment waits "
                "for it.",
            ))
        term_lines = document.line_ids.filtered(
            lambda ln: ln.account_id.account_type in ("asset_receivable", "liability_payable")
            and not ln.reconciled
        )
        payment = self.env["account.payment"].create({
            "payment_type": "inbound" if item.get("PaymentType") in INBOUND else "outbound",
            "partner_type": "customer" if document.is_sale_document() else "supplier",
            "partner_id": document.commercial_partner_id.id,
            "amount": float(item.get("Amount") or 0.0),
            "currency_id": document.currency_id.id,
            "date": mappers.xero_date(item.get("Date")) or document.invoice_date,
            "journal_id": self._journal(item).id,
            "memo": item.get("Reference") or document.xero_number,
            "destination_account_id": term_lines[:1].account_id.id or False,
            "xero_connection_id": self.conn.id,
            "xero_id": item["PaymentID"],
        })
        payment.action_post()
        lines = payment.move_id.line_ids.filtered(
            lambda ln: ln.account_id in term_lines.account_id and not ln.reconciled
        )
        (lines | term_lines).reconcile()
        return "created", ""

    def _journal(self, item):
        code = (item.get("Account") or {}).get("Code")
        account = self.env["xero.account"].search([
            ("connection_id", "=", self.conn.id), ("code", "=", code),
        ], limit=1).account_id if code else None
        journals = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "bank")],
        )
        return journals.filtered(lambda j: j.default_account_id == account)[:1] or journals[:1]

    def retry_pending(self):
        items = self.env["xero.pending.item"].search([
            ("connection_id", "=", self.conn.id), ("xero_type", "=", self.key), ("state", "=", "open"),
        ])
        data = [pending.raw_data or {} for pending in items]
        documents = {m.xero_id: m for m in self.env["account.move"].search([
            ("xero_connection_id", "=", self.conn.id), ("xero_id", "in", [self._document_ref(d) for d in data]),
        ])}
        # this run's pages may already have booked some (their documents were booked meanwhile)
        payments = {p.xero_id: p for p in self.env["account.payment"].search([
            ("xero_connection_id", "=", self.conn.id), ("xero_id", "in", [d.get("PaymentID") for d in data]),
        ])}
        for pending, item in zip(items, data, strict=True):
            document = documents.get(self._document_ref(item))
            if not document or document.state != "posted":
                continue
            with self.env.cr.savepoint():
                outcome, _detail = self.import_one(item, payments.get(item.get("PaymentID")), document)
            if outcome != "pending":
                pending._resolve(self.env._("Booked by %s.", self.job.name))
