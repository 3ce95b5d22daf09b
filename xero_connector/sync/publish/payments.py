"""Odoo payments -> Xero payments, never twice, never half, equal to the cent.

One Xero payment per (Odoo payment, published document) pair they are reconciled on, for
the amount reconciled between them (part payments, and one payment over several documents,
included), on the Xero bank account mapped to the payment's journal. The pair's state lives
on an xero.payment.link row; the batch discipline is batch.BatchExporter's; the token
rides at the end of the payment's Reference, so a lost reply is found in Xero and adopted.
A payment with an unreconciled remainder (what Xero calls an overpayment or prepayment) is
refused before sending, in plain words.
"""

from odoo import fields
from odoo.osv import expression
from odoo.tools.misc import formatLang
from odoo.tools.translate import _lt

from ..mappers import payments as payment_mappers
from ..mappers import pull as pull_mappers
from ..records import Unreadable, read_one
from ..steps import register
from .batch import BatchExporter, Unsendable

TERM_TYPES = ("asset_receivable", "liability_payable")
WHERE_CHUNK = 20  # tokens per `where` look-up of lost replies


@register
class PaymentPublisher(BatchExporter):
    key = "publish_payments"
    label = _lt("Payments to Xero")  # pylint: disable=prefer-env-translation
    state_field, error_field = "state", "error"
    sent_field, job_field = "sent_at", "job_id"
    done_states = ("published", "deleted")
    bound_field, bound_scope = "xero_id", "connection_id"

    def __init__(self, job, xero):
        super().__init__(job, xero)
        self.company = self.conn.company_id
        self._pairs = {}  # link id -> {"amount": in the document's currency, "company_amount": in the payment's}
        self._banks = {}  # journal id -> Xero AccountID

    # ------------------------------------------------------------------ selection
    def records(self):
        Link = self.env["xero.payment.link"]
        if not self.conn._publishes_payments():
            return Link
        for bank in self.env["xero.account"].search(
                [("connection_id", "=", self.conn.id), ("journal_id", "!=", False)], order="status, id"):
            self._banks.setdefault(bank.journal_id.id, bank.xero_id)
        return self._links()

    def _candidate_partials(self):
        """Reconciliations between a published document of this organisation and an Odoo
        payment (one search: never every document's lines)."""
        sides = []
        for doc_side, pay_side in (("debit", "credit"), ("credit", "debit")):
            side = [(f"{doc_side}_move_id.move_id.xero_connection_id", "=", self.conn.id),
                    (f"{doc_side}_move_id.move_id.xero_id", "!=", False),
                    (f"{pay_side}_move_id.move_id.origin_payment_id", "!=", False)]
            if self.job.move_ids:
                side.append((f"{doc_side}_move_id.move_id", "in", self.job.move_ids.ids))
            sides.append(side)
        return self.env["account.partial.reconcile"].search(
            expression.AND([expression.OR(sides), [("company_id", "=", self.company.id)]]))

    def _links(self):
        """The pairs reconciled now, each with its link row (made for new pairs); -> the rows
        still to send."""
        Link = self.env["xero.payment.link"]
        pairs = {}
        for partial in self._candidate_partials():
            for doc_side, pay_side in (("debit", "credit"), ("credit", "debit")):
                doc = partial[f"{doc_side}_move_id"].move_id
                payment = partial[f"{pay_side}_move_id"].move_id.origin_payment_id
                if (doc.xero_connection_id != self.conn or not doc.xero_id or doc.state != "posted"
                        or (self.job.move_ids and doc not in self.job.move_ids)
                        or not payment or not self._publishable(payment)):
                    continue
                pair = pairs.setdefault((payment.id, doc.id), {"amount": 0.0, "company_amount": 0.0})
                pair["amount"] += partial[f"{doc_side}_amount_currency"]
                pair["company_amount"] += partial[f"{pay_side}_amount_currency"]
        existing = {}
        for link in Link.search([("connection_id", "=", self.conn.id), ("state", "!=", "deleted"),
                                 ("delete_state", "=", False),  # one being deleted is not this pair's
                                 ("payment_id", "in", list({p for p, _d in pairs}))]):
            existing[(link.payment_id.id, link.move_id.id)] = link
        new = [key for key in pairs if key not in existing]  # made in one go: never one create per pair
        existing.update(zip(new, Link.create([{
            "connection_id": self.conn.id, "payment_id": payment_id, "move_id": doc_id,
            "amount": float(payment_mappers.cents(pairs[(payment_id, doc_id)]["amount"])),
        } for payment_id, doc_id in new]), strict=True))
        todo = []
        for key, figures in pairs.items():
            link = existing[key]
            amount = float(payment_mappers.cents(figures["amount"]))
            if link.state in (False, "error") and link.amount != amount:
                link.amount = amount
            self._pairs[link.id] = figures
            if link.state not in self.done_states:
                todo.append(link.id)
        todo = Link.browse(todo)
        # never sent, and no longer reconciled: nothing to publish
        scope = [("move_id", "in", self.job.move_ids.ids)] if self.job.move_ids else []
        Link.search([("connection_id", "=", self.conn.id), ("state", "in", (False, "error")),
                     ("id", "not in", list(self._pairs))] + scope).unlink()
        # sent, reply lost, then unreconciled without Xero being told: still looked for by token
        orphans = Link.search([("connection_id", "=", self.conn.id), ("state", "=", "sending"),
                               ("id", "not in", todo.ids)] + scope)
        return todo | orphans

    def _publishable(self, payment):
        return (payment.state in ("in_process", "paid") and not payment.xero_id
                and payment.company_id == self.company
                and (not self.conn.publish_from_date or payment.date >= self.conn.publish_from_date))

    # ------------------------------------------------------------------ payload
    def payload(self, record):
        payment, doc = record.payment_id, record.move_id
        figures = self._pairs.get(record.id)
        if figures is None:
            raise Unsendable(self.env._("the payment is no longer reconciled with %s", doc.name))
        counterpart = payment.move_id.line_ids.filtered(lambda ln: ln.account_id.account_type in TERM_TYPES)
        liquidity = payment.move_id.line_ids.filtered(
            lambda ln: ln.account_id == payment.outstanding_account_id) or payment.move_id.line_ids - counterpart
        balance = sum(liquidity.mapped("balance"))
        pay = {
            "name": payment.name, "token": record._token(), "date": fields.Date.to_string(payment.date),
            "journal": payment.journal_id.display_name, "bank_id": self._banks.get(payment.journal_id.id),
            "collection": "CreditNotes" if doc.move_type.endswith("refund") else "Invoices",
            "document_id": doc.xero_id, "document": doc.name,
            "amount": abs(figures["amount"]), "company_amount": abs(figures["company_amount"]),
            "currency": doc.currency_id.name, "payment_currency": payment.currency_id.name,
            "company_currency": self.company.currency_id.name,
            "payment_rate": abs(sum(liquidity.mapped("amount_currency")) / balance) if balance else 0.0,
            "remainder": abs(sum(counterpart.mapped("amount_residual_currency"))),
        }
        try:
            return payment_mappers.payment_payload(pay, {
                "base_currency": self.conn.base_currency or self.company.currency_id.name})
        except payment_mappers.NotPayable as exc:
            raise Unsendable(exc.message) from exc

    # ------------------------------------------------------------------ sending
    def token(self, record):
        return record._token()

    def carries(self, checked, token):
        return checked.status == "AUTHORISED" and payment_mappers.token_in(checked.reference, token)

    def reply_kind(self, group):
        return "payments"

    def group(self, record):
        return "Payments"

    def save(self, group, payloads, idempotency_key):
        return self.xero.save_batch("Payments", payloads, summarize_errors=False, idempotency_key=idempotency_key)

    def element_of(self, result):
        return result["Element"]

    def find_sent(self, group, records, since):
        tokens = [r._token() for r in records]
        if len(tokens) <= WHERE_CHUNK:
            where = " OR ".join(f'Reference.EndsWith("{t}")' for t in tokens)
        else:
            where = f'Reference.Contains("{tokens[0].rsplit(":", 1)[0]}:pay")'
        return self.xero.find("Payments", where=where, modified_since=since)

    # ------------------------------------------------------------------ outcome
    def accepted(self, record, xero_id, element):
        record.write({"state": "published", "xero_id": xero_id, "error": False,
                      "published_at": fields.Datetime.now()})
        checked = read_one("payments", element)
        status = "" if isinstance(checked, Unreadable) else checked.status
        self._note(record, self.env._("Published to Xero: %(amount)s on %(doc)s.",
                                      amount=formatLang(self.env, record.amount, currency_obj=record.currency_id),
                                      doc=record.move_id.name))
        self._row(record, xero_id, status, "created", "")
        self._done()

    def _error(self, record, message):
        result = super()._error(record, message)
        self._row(record, record.xero_id or "", "", "errors", message)
        return result

    def _row(self, record, xero_id, status, outcome, detail):
        # written with the batch's others (_flush): per record, the data file grew quadratically
        self._add_row(pull_mappers.csv_row([
            "Payments", xero_id, f"{record.payment_id.name} / {record.move_id.name}", status, "", outcome, detail,
            ""]))

    def refused_note(self, message):
        return self.env._("Not published to Xero: %s", message)
