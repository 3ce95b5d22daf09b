"""Orders published to Xero (purchase orders, quotes): what an order keeps of its Xero copy,
the "Publish to Xero" action, and the queueing of publishing jobs. The core knows no order
model: the bridge addons (xero_connector_purchase, xero_connector_sale) put this mixin on
purchase.order and sale.order and say what their orders are in Xero's terms."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import utils
from ..sync.mappers import publish as publish_mappers

ORDER_PUBLISH_STATES = [
    ("sending", "Sending"),
    ("published", "Published to Xero"),
    ("error", "Xero Refused"),
    ("unsent", "Not Sent"),  # Odoo knows Xero would refuse it: nothing went to Xero
    ("mismatch", "Totals Differ"),
    ("changed", "Change to Send"),
]
# Xero's statuses of purchase orders and quotes, in an accountant's words
XERO_ORDER_STATUSES = [
    ("DRAFT", "Draft"),
    ("SUBMITTED", "Awaiting Approval"),
    ("AUTHORISED", "Approved"),
    ("BILLED", "Billed"),
    ("SENT", "Sent"),
    ("ACCEPTED", "Accepted"),
    ("DECLINED", "Declined"),
    ("INVOICED", "Invoiced"),
    ("DELETED", "Deleted"),
]
ORDER_DIRECTIONS = [
    ("none", "Not sent to Xero"),
    ("publish", "Publish to Xero"),
    ("both", "Publish, and follow Xero's status changes"),
]


class XeroOrderMixin(models.AbstractModel):
    _name = "xero.order.mixin"
    _description = "Order Published to Xero"

    # what the bridge says about its orders
    _xero_collection = None       # "PurchaseOrders" / "Quotes"
    _xero_job_kind = None         # the job kind publishing them
    _xero_job_field = None        # the job's Many2many of orders to publish
    _xero_direction_field = None  # the connection's field saying whether they go
    _xero_token_prefix = None     # "po" / "so"

    xero_connection_id = fields.Many2one(
        "xero.connection", "Xero Organisation", readonly=True, copy=False, index="btree_not_null")
    xero_id = fields.Char("Xero ID", readonly=True, copy=False, index="btree_not_null")
    xero_number = fields.Char("Number in Xero", readonly=True, copy=False)
    xero_status = fields.Selection(XERO_ORDER_STATUSES, "Status in Xero", readonly=True, copy=False)
    xero_publish_state = fields.Selection(
        ORDER_PUBLISH_STATES, "Publishing to Xero", readonly=True, copy=False, index="btree_not_null")
    xero_publish_error = fields.Text("Publishing Error", readonly=True, copy=False)
    xero_publish_sent_at = fields.Datetime(readonly=True, copy=False)
    xero_published_at = fields.Datetime("Published to Xero On", readonly=True, copy=False)
    xero_publish_job_id = fields.Many2one("xero.sync.job", "Publishing Job", readonly=True, copy=False)

    # ------------------------------------------------------------------ to override
    def _xero_wanted_status(self):
        """Xero's status matching the order's state in Odoo (None: not for Xero)."""
        raise NotImplementedError

    def _xero_order_lines(self):
        """[{name, quantity, price_unit, discount, account_id, tax_ids, analytic_distribution,
        price_subtotal, price_total}] of the lines Xero gets (sections and notes left out)."""
        raise NotImplementedError

    def _xero_order_values(self):
        """{ref, date, second_date} of the order (ISO dates)."""
        raise NotImplementedError

    def _xero_apply_status(self, status):
        """Xero says the order is now `status`: change Odoo where it is safe; -> a note."""
        raise NotImplementedError

    # ------------------------------------------------------------------ Xero's side
    def _xero_publish_token(self):
        """The token at the end of the order's reference in Xero: after a lost reply Odoo finds
        its copy by it."""
        self.ensure_one()
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        return f"odoo:{uuid}:{self._xero_token_prefix}{self.id}"

    def _xero_next_status(self):
        """The status to send next (None: Xero's copy is where it should be)."""
        self.ensure_one()
        return publish_mappers.next_status(self._xero_collection, self.xero_status if self.xero_id else None,
                                           self._xero_wanted_status())

    def _xero_to_send(self, conn):
        """Is there something to send to this organisation: the order itself, or a change?"""
        self.ensure_one()
        if not self.xero_id:
            wanted = self._xero_wanted_status()
            return bool(wanted) and wanted not in ("DELETED", "DECLINED") and (
                not conn.publish_from_date or self._xero_order_values()["date"] >= str(conn.publish_from_date))
        return self.xero_connection_id == conn and (
            self.xero_publish_state in ("changed", "sending", "error", "unsent") or bool(self._xero_next_status()))

    # ------------------------------------------------------------------ actions
    def _xero_publish_check_access(self):
        utils.check_publish_access(self)

    def action_publish_to_xero(self):
        """'Publish to Xero' on an order or on selected orders: one job per organisation."""
        self._xero_publish_check_access()
        Connection = self.env["xero.connection"].sudo()
        jobs = self.env["xero.sync.job"]
        for company in self.company_id:
            conn = Connection._publish_connection_for(company)
            if not conn:
                raise UserError(self.env._("%s is not connected to a Xero organisation.", company.name))
            if not publish_mappers.publishes(conn[self._xero_direction_field]):
                raise UserError(self.env._(
                    "%(org)s does not publish these orders (see Publishing on the connection).", org=conn.name))
            mine = self.filtered(lambda o, c=company: o.company_id == c)
            unfit = mine.filtered(lambda o: not o.xero_id and o._xero_wanted_status() in (None, "DELETED", "DECLINED"))
            if unfit:
                raise UserError(self.env._("These orders are not confirmed, or are cancelled, and are not in "
                                           "Xero: %s", ", ".join(unfit.mapped("display_name"))))
            jobs |= mine._xero_queue(conn, "manual")
        return jobs.with_env(self.env)._action_open()

    def _xero_queue(self, conn, trigger="schedule"):
        """Queue (or join) the organisation's waiting publishing job for these orders."""
        Job = self.env["xero.sync.job"].sudo()
        if conn.state != "active":
            raise UserError(self.env._("%s is not connected. Reconnect it first.", conn.name))
        waiting = Job.search([("connection_id", "=", conn.id), ("kind", "=", self._xero_job_kind),
                              ("state", "=", "queued"), (self._xero_job_field, "!=", False)], limit=1)
        if waiting:
            waiting[self._xero_job_field] = [(4, o.id) for o in self]
            return waiting
        return Job._enqueue(conn.sudo(), self._xero_job_kind, trigger, **{self._xero_job_field: [(6, 0, self.ids)]})

    def _xero_publish_changed(self):
        """Odoo changed these orders (confirmed, cancelled, billed...): those whose organisation
        publishes them as they change go now (not when it publishes only by hand)."""
        if self.env.context.get("xero_pulling"):
            return  # the change came from Xero
        conns = self.env["xero.connection"].sudo().search([
            ("company_id", "in", self.company_id.ids), ("state", "=", "active"), ("publish_when", "!=", "manual"),
        ])
        for conn in conns:
            if not publish_mappers.publishes(conn[self._xero_direction_field]):
                continue
            mine = self.filtered(lambda o, c=conn: o.company_id == c.company_id and o._xero_to_send(c))
            if mine:
                mine.sudo()._xero_queue(conn)

    _xero_waiting_states = ()  # Odoo states of orders that go to Xero when not there yet

    @api.model
    def _xero_waiting_domain(self, conn):
        """Orders of this organisation that may have something to send (each is then decided
        by _xero_to_send): not in Xero yet and in a state that goes, or in this organisation's
        Xero and not finished there."""
        return [("company_id", "=", conn.company_id.id), "|",
                "&", ("xero_id", "=", False), ("state", "in", list(self._xero_waiting_states)),
                "&", ("xero_connection_id", "=", conn.id), "|",
                ("xero_status", "not in", ("DELETED", "INVOICED", "DECLINED")),
                ("xero_publish_state", "in", ("changed", "sending", "error", "unsent"))]
