"""The source file of each published document goes with it to Xero, once: a customer invoice's
PDF (Odoo's own, as sent to the customer, or printed now), a vendor bill's main attachment
(the scan or e-invoice). Turned on per connection ("Send the document's file").

    job: kind "publish", step "publish_attachments" (after the documents themselves)

The batch discipline is batch.BatchExporter's with batches of one (Xero takes one file
per call): the file's name is the token; Xero replaces a file of the same name (POST), so a
resend after a lost reply never makes a second copy, and a lost reply is found by listing the
document's files. A file Xero would refuse (type, size) is refused before sending, as an error
on the document; the document itself stays published.
"""

import hashlib
import json

from odoo.exceptions import UserError
from odoo.tools.translate import _lt

from ..mappers import publish as publish_mappers
from ..steps import register
from .batch import BatchExporter, Unsendable
from .documents import quiet_move

SCOPE = "accounting.attachments"


@register
class AttachmentPublisher(BatchExporter):
    key = "publish_attachments"
    label = _lt("Documents' files")  # pylint: disable=prefer-env-translation
    batch_size = 1
    state_field, error_field = "xero_attachment_state", "xero_attachment_error"
    sent_field, job_field = "xero_attachment_sent_at", "xero_publish_job_id"
    done_states = ("sent", "none")

    def records(self):
        Move = self.env["account.move"]
        if not self.conn.publish_attachments:
            return Move
        domain = [
            ("company_id", "=", self.conn.company_id.id), ("xero_connection_id", "=", self.conn.id),
            ("xero_id", "!=", False), ("xero_publish_state", "in", ("published", "mismatch")),
            ("xero_attachment_state", "in", (False, "error", "sending")),
        ]
        if self.job.move_ids:
            domain.append(("id", "in", self.job.move_ids.ids))
        return Move.search(domain, order="id")

    def group(self, record):
        return publish_mappers.collection_of(record.move_type)

    def prepare(self, records):
        if SCOPE not in (self.conn.sudo().token_id.scope or self.conn.granted_scopes or "").split():
            for record in records:
                self._error(record, self.env._(
                    "Xero has not allowed Odoo to attach files: reconnect %s to Xero to allow it.", self.conn.name))
            return records.browse()
        bare = records.filtered(lambda m: m.is_purchase_document() and not m.message_main_attachment_id)
        bare.write({self.state_field: "none", self.error_field: False})
        return records - bare

    # ------------------------------------------------------------------ the file
    def _file(self, record):
        """(name, bytes) of the document's source file."""
        if record.is_purchase_document():
            attachment = record.message_main_attachment_id
            return attachment.name, attachment.raw
        if record.invoice_pdf_report_id:  # the PDF the customer received
            return record.invoice_pdf_report_id.name, record.invoice_pdf_report_id.raw
        try:
            content, _kind = self.env["ir.actions.report"]._render_qweb_pdf("account.account_invoices", record.ids)
        except UserError as exc:  # e.g. no PDF engine (wkhtmltopdf) on this server
            raise Unsendable(self.env._("Odoo could not print the invoice: %s", exc)) from exc
        return record._get_invoice_report_filename(), content

    def token(self, record):
        name, _content = self._file(record)
        return publish_mappers.attachment_name(name)

    def payload(self, record):
        name, content = self._file(record)
        name = publish_mappers.attachment_name(name)
        problem = publish_mappers.attachment_problem(name, len(content or b""))
        if problem:
            raise Unsendable(problem)
        return {"collection": self.group(record), "record_id": record.xero_id, "file_name": name,
                "sha256": hashlib.sha256(content).hexdigest(), "content": content}

    @staticmethod
    def idempotency_key(payloads, attempts=None):
        # the file's digest stands for its bytes
        material = json.dumps([[{k: v for k, v in p.items() if k != "content"} for p in payloads],
                               attempts or []], sort_keys=True, default=str)
        return hashlib.sha256(material.encode()).hexdigest()

    # ------------------------------------------------------------------ sending
    def save(self, group, payloads, idempotency_key):
        return [self.xero.save_attachment(p["collection"], p["record_id"], p["file_name"], p["content"],
                                          idempotency_key=idempotency_key) for p in payloads]

    def element_of(self, result):
        return result["Element"]

    def reply_kind(self, group):
        return "attachments"

    def carries(self, checked, token):
        return checked.file_name == token

    def find_sent(self, group, records, since):
        found = []
        for record in records:
            found.extend(self.xero.list_attachments(group, record.xero_id))
        return found

    @staticmethod
    def _quiet(record):
        return quiet_move(record)

    def accepted(self, record, xero_id, element):
        record.write({self.state_field: "sent", self.error_field: False})
        size = element.get("ContentLength") if isinstance(element, dict) else None
        kb = " (%s kB)" % (size // 1024 or 1) if isinstance(size, int) else ""  # noqa: UP031 (see below)
        # no f-string inside a translation call: the .pot extractor stops at it, and the file's
        # every string would be missing from the translation template
        self._note(record, self.env._("Its file %(name)s was attached in Xero%(size)s.",
                                      name=element.get("FileName") or "", size=kb))
        self._done()

    def refused_note(self, message):
        return self.env._("Its file was not attached in Xero: %s", message)
