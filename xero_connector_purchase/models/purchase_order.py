"""Purchase orders as Xero purchase orders: confirmed -> approved (AUTHORISED), awaiting
approval in Odoo -> SUBMITTED, fully billed -> BILLED, cancelled -> DELETED."""

from odoo import fields, models


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "xero.order.mixin"]

    _xero_collection = "PurchaseOrders"
    _xero_job_kind = "purchase_orders"
    _xero_job_field = "purchase_order_ids"
    _xero_direction_field = "direction_purchase_orders"
    _xero_token_prefix = "po"  # noqa: S105 (a prefix, not a secret)
    _xero_waiting_states = ("to approve", "purchase", "done")

    def _xero_wanted_status(self):
        self.ensure_one()
        if self.state == "cancel":
            return "DELETED"
        if self.state == "to approve":
            return "SUBMITTED"
        if self.state in ("purchase", "done"):
            return "BILLED" if self.invoice_status == "invoiced" else "AUTHORISED"
        return None  # a request for quotation: not an order yet

    def _xero_order_values(self):
        self.ensure_one()
        return {
            "ref": self.partner_ref or "",
            "date": fields.Date.to_string((self.date_approve or self.date_order).date()),
            "second_date": fields.Date.to_string(self.date_planned.date()) if self.date_planned else None,
            "rate": self.currency_rate,
        }

    def _xero_default_account(self):
        journal = self.env["account.journal"].search(
            [("company_id", "=", self.company_id.id), ("type", "=", "purchase")], limit=1)
        return journal.default_account_id

    def _xero_order_lines(self):
        """The lines a bill of this order would have: the product's expense account (mapped by
        the order's fiscal position), else the purchase journal's."""
        self.ensure_one()
        default = None
        out = []
        for line in self.order_line.filtered(lambda ln: not ln.display_type):
            account = line.product_id.product_tmpl_id.with_company(self.company_id).get_product_accounts(
                fiscal_pos=self.fiscal_position_id)["expense"] if line.product_id else False
            if not account:
                default = default if default is not None else self._xero_default_account()
                account = default
            out.append({
                "name": line.name, "quantity": line.product_qty, "price_unit": line.price_unit,
                "discount": line.discount, "account_id": account.id or None, "tax_ids": line.taxes_id.ids,
                "analytic_distribution": line.analytic_distribution or {},
                "price_subtotal": line.price_subtotal, "price_total": line.price_total,
            })
        return out

    def _xero_apply_status(self, status):
        """Deleted in Xero: cancelled in Odoo, unless it is billed (Odoo refuses that too).
        Other statuses are Xero's own bookkeeping: noted, Odoo unchanged."""
        self.ensure_one()
        label = dict(self._fields["xero_status"]._description_selection(self.env)).get(status, status)
        if status == "DELETED" and self.state != "cancel":
            if any(bill.state == "posted" for bill in self.invoice_ids):
                return self.env._("Deleted in Xero, but billed in Odoo: left as it is here.")
            self.button_cancel()
            return self.env._("Deleted in Xero: cancelled here.")
        return self.env._("Now %s in Xero.", label)

    # ------------------------------------------------------------------ Odoo's changes go to Xero
    def button_confirm(self):
        res = super().button_confirm()
        self._xero_publish_changed()
        return res

    def button_approve(self, force=False):
        res = super().button_approve(force=force)
        self._xero_publish_changed()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._xero_publish_changed()
        return res
