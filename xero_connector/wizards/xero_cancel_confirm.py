"""Cancelling documents that are in Xero: the user is told first what else happens (each is
voided in Xero right after Odoo cancels it), and confirms."""

from odoo import fields, models


class XeroCancelConfirm(models.TransientModel):
    _name = "xero.cancel.confirm"
    _description = "Cancel Documents Published to Xero"

    move_ids = fields.Many2many("account.move", string="Documents", readonly=True)
    message = fields.Text(readonly=True)

    def action_confirm(self):
        self.ensure_one()
        self.move_ids.button_cancel()
        return {"type": "ir.actions.act_window_close"}
