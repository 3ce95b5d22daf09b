"""Odoo products -> Xero Items, with batch.BatchExporter's discipline (batches of 50,
summarizeErrors=false, Idempotency-Key, `sending` marks, adoption of lost replies).

Published: the active products of the company (or shared) with an internal reference that are
sold or purchased, when the organisation publishes products. The state lives on the link
(xero.product.binding, one per organisation and product), created here for a product not yet
an item. Items are POSTed: Xero creates the item of a new code and updates the item of a known
one, so the code is also the token a lost reply is found by. A tracked item's inventory asset
and cost of goods sold accounts are Xero's and sent back unchanged; quantities on hand are
never sent.
"""

from ..mappers import items as item_mappers
from ..mappers.pull import csv_row
from ..records import Unreadable, read_one
from ..steps import _lt, commit, register
from .batch import BatchExporter, Unsendable


@register
class ItemPublisher(BatchExporter):
    key = "publish_items"
    label = _lt("Publish items to Xero")  # pylint: disable=prefer-env-translation
    state_field, error_field = "publish_state", "publish_error"
    sent_field, job_field = "publish_sent_at", "publish_job_id"
    done_states = ("published",)
    bound_field, bound_scope = "xero_id", "connection_id"
    scope_feature, kind_words = "publish_items", _lt("items")  # pylint: disable=prefer-env-translation
    GROUP = "Items"

    def __init__(self, job, xero):
        super().__init__(job, xero)
        self.company = self.conn.company_id
        self._ctx = None

    # ------------------------------------------------------------------ selection
    def records(self):
        Binding = self.env["xero.product.binding"]
        if not self.conn._publishes_products():
            return Binding
        products = self.env["product.product"].search([
            ("company_id", "in", (self.company.id, False)), ("default_code", "!=", False),
            "|", ("sale_ok", "=", True), ("purchase_ok", "=", True)])
        links = Binding.search([("connection_id", "=", self.conn.id)])
        by_product = {link.product_id.id: link for link in links}
        new = [p for p in products if p.id not in by_product]
        if new:
            links |= Binding.create([{"connection_id": self.conn.id, "product_id": p.id, "code": p.default_code,
                                      "publish_state": "to_send"} for p in new])
        # a product changed since it was last sent or pulled is marked "to_send" (product_product.py)
        wanted = set(products.ids)
        return links.filtered(lambda b: b.publish_state != "published" and b.product_id.id in wanted)

    def group(self, record):
        return self.GROUP

    # ------------------------------------------------------------------ payload
    def prepare(self, records):
        accounts = {}
        for binding in self.env["xero.account"].search(
                [("connection_id", "=", self.conn.id), ("account_id", "!=", False), ("code", "!=", False)],
                order="status, id"):
            accounts.setdefault(binding.account_id.id, binding.code)
        # one Xero type per Odoo tax (a tax still to choose for is no item default: left to Xero)
        types = self.env["xero.tax.rate"]._publish_map(self.conn).types
        self._ctx = {"accounts": accounts, "sale_taxes": types, "purchase_taxes": types}
        return records

    def product_dict(self, binding):
        product = binding.product_id.with_company(self.company)
        return {
            "code": product.default_code, "name": product.name, "description_sale": product.description_sale,
            "description_purchase": product.description_purchase, "sale_ok": product.sale_ok,
            "purchase_ok": product.purchase_ok, "list_price": product.lst_price,
            "standard_price": product.standard_price,
            "income_account_id": product.property_account_income_id.id
            or product.categ_id.property_account_income_categ_id.id,
            "expense_account_id": product.property_account_expense_id.id
            or product.categ_id.property_account_expense_categ_id.id,
            "sale_tax_ids": product.taxes_id.filtered(lambda t: t.company_id == self.company).ids,
            "purchase_tax_ids": product.supplier_taxes_id.filtered(lambda t: t.company_id == self.company).ids,
            "tracked": binding.tracked, "inventory_account_code": binding.inventory_account_code,
            "cogs_account_code": binding.cogs_account_code,
        }

    def payload(self, record):
        try:
            payload = item_mappers.item_payload(self.product_dict(record), self._ctx)
        except item_mappers.ItemRefused as exc:
            raise Unsendable(exc.message) from exc
        if record.xero_id:
            payload["ItemID"] = record.xero_id
        return payload

    # ------------------------------------------------------------------ sending
    def token(self, record):
        return item_mappers.normalise_code(record.product_id.default_code)

    def carries(self, checked, token):
        return item_mappers.normalise_code(checked.code) == token

    def reply_kind(self, group):
        return "items"

    def save(self, group, payloads, idempotency_key):
        return self.xero.save_batch(self.GROUP, payloads, summarize_errors=False, idempotency_key=idempotency_key,
                                    update=True)

    def _adopt_lost(self, records, again_later=False):
        """An item whose reply was lost is sent again, never adopted: Xero's item of that code may
        be the one from before this change (adopting it would bind Odoo's new price to Xero's old
        one). Sending again is safe: Xero keeps one item per code (a POST creates or updates it),
        and the same content goes with the lost request's key, so Xero answers from its memory if
        it saved it."""
        if not records:
            return
        records.write({"publish_state": "to_send", "publish_sent_at": False, "publish_error": self.env._(
            "No reply from Xero: sent again.") if again_later else False})
        commit(self.env)

    def find_sent(self, group, records, since):
        return self.xero.get_all(self.GROUP, params={"unitdp": 4}, modified_since=since)

    def element_of(self, result):
        return result["Element"]

    # ------------------------------------------------------------------ outcome
    def accepted(self, record, xero_id, element):
        item = read_one("items", element)
        created = not record.xero_id
        vals = {"xero_id": xero_id, "publish_state": "published", "publish_error": False}
        if not isinstance(item, Unreadable):
            vals.update(item_mappers.item_binding(item))
        record.write(vals)
        self._add_row(_row(record, "created" if created else "updated", ""))
        self._done(created=created)

    def _error(self, record, message):
        record.write({"publish_state": "error", "publish_error": message})
        self.job._count_step(self.key, {"errors": 1})
        self.job._log(self.env._("Product %(product)s: %(why)s", product=record.product_id.display_name,
                                 why=message))
        self._add_row(_row(record, "errors", message))

    def _held_row(self, record, reason):
        self._add_row(_row(record, "errors", reason))

    def refused_note(self, message):
        return self.env._("Not published to Xero: %s", message)


def _row(binding, outcome, detail):
    return csv_row(["Items", binding.xero_id or "", binding.code or binding.product_id.default_code or "", "",
                    binding.xero_updated or "", outcome, detail, ""])

