"""Quotations as Xero quotes: draft -> DRAFT, sent -> SENT, confirmed -> ACCEPTED, fully
invoiced -> INVOICED, cancelled -> DECLINED (when Xero's copy was sent) or DELETED."""

from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "xero.order.mixin"]

    _xero_collection = "Quotes"
    _xero_job_kind = "quotes"
    _xero_job_field = "sale_order_ids"
    _xero_direction_field = "direction_quotes"
    _xero_token_prefix = "so"  # noqa: S105 (a prefix, not a secret)
    _xero_waiting_states = ("sent", "sale")  # drafts go by hand only

    def _xero_wanted_status(self):
        self.ensure_one()
        if self.state == "cancel":
            return "DECLINED" if self.xero_status in ("SENT", "DECLINED") else "DELETED"
        if self.state == "sale":
            return "INVOICED" if self.invoice_status == "invoiced" else "ACCEPTED"
        return "SENT" if self.state == "sent" else "DRAFT"

    def _xero_order_values(self):
        self.ensure_one()
        return {
            "ref": self.client_order_ref or "",
            "date": fields.Date.to_string(self.date_order.date()),
            "second_date": fields.Date.to_string(self.validity_date) if self.validity_date else None,
            "rate": self.currency_rate,
        }

    def _xero_default_account(self):
        journal = self.env["account.journal"].search(
            [("company_id", "=", self.company_id.id), ("type", "=", "sale")], limit=1)
        return journal.default_account_id

    def _xero_order_lines(self):
        """The lines an invoice of this quotation would have: the product's income account
        (mapped by the fiscal position), else the sales journal's."""
        self.ensure_one()
        default = None
        out = []
        for line in self.order_line.filtered(lambda ln: not ln.display_type and not ln.is_downpayment):
            account = line.product_id.product_tmpl_id.with_company(self.company_id).get_product_accounts(
                fiscal_pos=self.fiscal_position_id)["income"] if line.product_id else False
            if not account:
                default = default if default is not None else self._xero_default_account()
                account = default
            out.append({
                "name": line.name, "quantity": line.product_uom_qty, "price_unit": line.price_unit,
                "discount": line.discount, "account_id": account.id or None, "tax_ids": line.tax_id.ids,
                "analytic_distribution": line.analytic_distribution or {},
                "price_subtotal": line.price_subtotal, "price_total": line.price_total,
            })
        return out

    def _xero_apply_status(self, status):
        """Accepted in Xero: the quotation is confirmed here; declined or deleted there: it is
        cancelled here. Only a quotation still waiting (draft or sent) changes."""
        self.ensure_one()
        label = dict(self._fields["xero_status"]._description_selection(self.env)).get(status, status)
        if self.state in ("draft", "sent"):
            if status == "ACCEPTED":
                self.action_confirm()
                return self.env._("Accepted in Xero: confirmed here.")
            if status in ("DECLINED", "DELETED"):
                self._action_cancel()
                return self.env._("%s in Xero: cancelled here.", label)
        return self.env._("Now %s in Xero.", label)

    # ------------------------------------------------------------------ Odoo's changes go to Xero
    def action_quotation_sent(self):
        res = super().action_quotation_sent()
        self._xero_publish_changed()
        return res

    def message_post(self, **kwargs):
        """A quotation e-mailed to the customer is marked sent (Odoo does it here): it goes too."""
        drafts = self.filtered(lambda o: o.state == "draft") if self.env.context.get("mark_so_as_sent") \
            else self.browse()
        message = super().message_post(**kwargs)
        sent = drafts.filtered(lambda o: o.state == "sent")
        if sent:
            sent._xero_publish_changed()
        return message

    def action_confirm(self):
        res = super().action_confirm()
        self._xero_publish_changed()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self._xero_publish_changed()
        return res
