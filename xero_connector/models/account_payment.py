from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    xero_connection_id = fields.Many2one(
        "xero.connection", "Xero Organisation", readonly=True, copy=False, index="btree_not_null",
    )
    xero_id = fields.Char("Xero PaymentID", readonly=True, copy=False, index="btree_not_null")
    xero_link_ids = fields.One2many(
        "xero.payment.link", "payment_id", "Published to Xero", readonly=True, groups="xero_connector.group_xero_user",
        help="One Xero payment per published document this payment is reconciled with.",
    )

    _sql_constraints = [
        ("xero_payment_uniq", "unique(xero_connection_id, xero_id)",
         "A Xero payment is imported once per organisation."),
    ]
