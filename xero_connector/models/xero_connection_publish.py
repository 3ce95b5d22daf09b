"""Which way each kind of record travels for one organisation, and publishing to Xero."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..sync.mappers import publish as publish_mappers
from ..utils import for_companies
from ..xero_client.const import FEATURE_SCOPES, READ

DIRECTIONS = [
    ("pull", "Pull from Xero"),
    ("publish", "Publish to Xero"),
    ("both", "Both"),
]
# pull step -> (direction, Xero type) of the documents it reads
PULL_TYPES = {
    "invoices": [("sales", "ACCREC"), ("purchases", "ACCPAY")],
    "credit_notes": [("sales", "ACCRECCREDIT"), ("purchases", "ACCPAYCREDIT")],
}
# publishing option -> the connector feature whose Xero scope it needs beyond what every consent
# asks for (documents, contacts, payments, files and journals are always asked for)
OPTION_FEATURES = {"direction_products": "publish_items"}
# the states the Publishing Errors list shows: refused by Xero, not sent (Odoo knows why), totals differ
ERROR_STATES = ("error", "unsent", "mismatch")
# documents' errors, and entries whose Xero journal Xero refused to void (journal posting's
# "Void in Xero and reset"): one Publishing Errors list, one count
MOVE_ERRORS = ["|", ("xero_publish_state", "in", ERROR_STATES), ("xero_void_state", "=", "error")]
DIRECTION_HELP = (
    "Pull from Xero: what is entered in Xero is copied into Odoo (as before). "
    "Publish to Xero: what is entered in Odoo is sent to Xero. "
    "Both: each side's own records are copied to the other."
)


class XeroConnection(models.Model):
    _inherit = "xero.connection"

    direction_contacts = fields.Selection(
        DIRECTIONS, "Contacts", default="pull", required=True, help=DIRECTION_HELP,
    )
    direction_sales = fields.Selection(
        DIRECTIONS, "Customer Invoices and Credit Notes", default="pull", required=True, help=DIRECTION_HELP,
    )
    direction_purchases = fields.Selection(
        DIRECTIONS, "Vendor Bills and Refunds", default="pull", required=True, help=DIRECTION_HELP,
    )
    direction_payments = fields.Selection(
        DIRECTIONS, "Payments", default="pull", required=True,
        help=DIRECTION_HELP + " Published payments are those reconciled with documents that are in Xero, "
        "made from journals mapped to Xero bank accounts (Xero > Mappings > Bank Accounts).",
    )
    direction_products = fields.Selection(
        DIRECTIONS, "Products and Items", default="pull", required=True,
        help=DIRECTION_HELP + " Products are matched to Xero items by internal reference (the item code), then "
        "by name; prices, descriptions, accounts and taxes are kept in step. Quantities on hand are not sent: "
        "Xero computes them from invoices and bills.",
    )
    publish_when = fields.Selection(
        [
            ("manual", "Only by hand"),
            ("post", "When a document is posted in Odoo"),
            ("schedule", "With each scheduled sync"),
        ],
        "Publish", default="manual", required=True,
        help="When Odoo documents are sent to Xero. By hand: 'Publish to Xero' on the document or "
        "on selected documents in a list.",
    )
    publish_status = fields.Selection(
        [("AUTHORISED", "Approved (awaiting payment)"), ("DRAFT", "Draft, for approval in Xero")],
        "Published Documents Are", default="AUTHORISED", required=True,
    )
    publish_attachments = fields.Boolean(
        "Send the Document's File",
        help="With each published document, its source file goes to Xero: a customer invoice's PDF, "
        "a vendor bill's scan or e-invoice (Xero takes files up to 10 MB). Connections made before "
        "this was available are reconnected once to allow it.",
    )
    publish_from_date = fields.Date(
        "Publish Documents From", help="Documents dated before this are never published.",
    )
    publish_error_count = fields.Integer("Publishing Errors", compute="_compute_publish_error_count")

    def _publish_error_models(self):
        """The models whose records Xero refused or disagrees with, documents first: account.move
        and the orders of the bridge addons (the models carrying xero.order.mixin)."""
        orders = type(self.env["xero.order.mixin"])._inherit_children
        return ["account.move", *sorted(name for name in orders
                                        if name in self.env and not self.env[name]._abstract)]

    def _compute_publish_error_count(self):
        # a count only: Xero users need not have accounting rights to see it
        counts = {}
        for model in self._publish_error_models():
            errors = MOVE_ERRORS if model == "account.move" else [("xero_publish_state", "in", ERROR_STATES)]
            for company, count in self.env[model].sudo()._read_group(
                    [("company_id", "in", self.company_id.ids), *errors], ["company_id"], ["__count"]):
                counts[company] = counts.get(company, 0) + count
        for conn in self:
            conn.publish_error_count = counts.get(conn.company_id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        conns = super().create(vals_list)
        conns._check_publish_rounding()
        return conns

    def write(self, vals):
        res = super().write(vals)
        if {"direction_sales", "direction_purchases", "company_id"} & set(vals):
            self._check_publish_rounding()
        return res

    def _pulls_step(self, importer):
        """May this pull step run? Steps of kinds set to "Publish to Xero" do not; when only one
        of customer and vendor documents is pulled, the step reads only that type (a `where`
        on the importer's parameters)."""
        self.ensure_one()
        if importer.key in ("contacts", "contact_groups"):
            return publish_mappers.pulls(self.direction_contacts)
        if importer.key == "items":
            return publish_mappers.pulls(self.direction_products)
        if importer.key == "payments":
            return publish_mappers.pulls(self.direction_payments)
        types = PULL_TYPES.get(importer.key)
        if not types:
            return True
        wanted = [xero_type for kind, xero_type in types if publish_mappers.pulls(self[f"direction_{kind}"])]
        if not wanted:
            return False
        if len(wanted) < len(types):
            importer.params = {**(importer.params or {}), "where": f'Type=="{wanted[0]}"'}
        return True

    publish_scope_notice = fields.Char(compute="_compute_publish_scope_notice")

    @api.depends("direction_products", "granted_scopes", "token_id.scope")
    def _compute_publish_scope_notice(self):
        for conn in self:
            conn.publish_scope_notice = bool(conn._lacking_features()) and self.env._(
                "Products and Items are set to publish, but this connection does not allow Odoo to write Xero's "
                "items: reconnect to grant Xero access to items (Xero asks for it at the next consent). Until "
                "then, products are held with this reason and everything else publishes.") or False

    def _lacking_features(self):
        """The publishing options' features whose scope this connection's grant lacks."""
        self.ensure_one()
        return [feature for option, feature in OPTION_FEATURES.items()
                if publish_mappers.publishes(self[option]) and not self._grants(feature)]

    def _grants(self, feature):
        """Does the connection's grant allow this connector feature (xero_client FEATURE_SCOPES)? An
        unknown grant (none recorded yet) is taken to: Xero then answers for itself."""
        self.ensure_one()
        granted = set((self.sudo().token_id.scope or self.sudo().granted_scopes or "").split())
        if not granted:
            return True
        scope, write = FEATURE_SCOPES[feature]
        return bool({scope} & granted if write else {scope, scope + READ} & granted)

    @api.model
    def _scopes(self, reconnect=None):
        """Each publishing option set on the organisation being reconnected asks for its scope."""
        scopes = set(super()._scopes(reconnect))
        features = {feature for option, feature in OPTION_FEATURES.items()
                    if reconnect and publish_mappers.publishes(reconnect[option])}
        for feature in features:
            scope, write = FEATURE_SCOPES[feature]
            if write:
                scopes.discard(scope + READ)  # read-write covers reading
                scopes.add(scope)
            elif scope not in scopes:
                scopes.add(scope + READ)
        return sorted(scopes)

    def _publishes(self, move_type):
        """Does this connection publish documents of this Odoo type?"""
        self.ensure_one()
        kind = publish_mappers.DOCUMENT_KINDS.get(move_type)
        return bool(kind) and publish_mappers.publishes(self[f"direction_{kind}"])

    def _publishes_products(self):
        self.ensure_one()
        return publish_mappers.publishes(self.direction_products)

    def _publishes_payments(self):
        self.ensure_one()
        return publish_mappers.publishes(self.direction_payments)

    def _publish_move_types(self):
        self.ensure_one()
        return [t for t in publish_mappers.DOCUMENT_KINDS if self._publishes(t)]

    def _check_publish_rounding(self):
        """Xero rounds tax line by line: a company that publishes must round the same way, or
        the totals differ by cents."""
        for conn in self:
            company = conn.company_id
            if conn._publish_move_types() and company.tax_calculation_rounding_method != "round_per_line":
                company.sudo().tax_calculation_rounding_method = "round_per_line"
                conn.message_post(body=self.env._(
                    "%s now rounds tax per line, as Xero does, so published totals agree to the cent.",
                    company.name))

    def _publish_connection_for(self, company):
        return self.search([("company_id", "=", company.id), ("state", "=", "active")], limit=1)

    def action_publish_documents(self):
        """'Publish now' on the connection: every document waiting, in one job."""
        return self._publish_jobs().with_env(self.env)._action_open()

    def _publish_jobs(self, moves=None, trigger="manual"):
        """Queue publishing jobs (for these documents, or every one waiting) and wake the
        scheduler. Jobs are created as the server: Xero users may start them, not edit them."""
        jobs = self.env["xero.sync.job"].sudo()
        for conn in self:
            if conn.state != "active":
                raise UserError(self.env._("%s is not connected. Reconnect it first.", conn.name))
            if moves:
                waiting = jobs.search([("connection_id", "=", conn.id), ("kind", "=", "publish"),
                                       ("state", "=", "queued"), ("move_ids", "!=", False)], limit=1)
                if waiting:  # documents posted one after another join the job still waiting
                    waiting.move_ids = [(4, m.id) for m in moves]
                    jobs |= waiting
                    continue
            extra = {"move_ids": [(6, 0, moves.ids)]} if moves else {}
            jobs |= jobs._enqueue(conn.sudo(), "publish", trigger, **extra)
        return jobs

    def _xero_outbox_waiting(self):
        """Has Odoo changed something Xero was not told of yet (sync/publish/outbox.py)?"""
        self.ensure_one()
        return bool(self.env["account.move"].sudo().search_count([
            ("xero_connection_id", "=", self.id), ("state", "=", "cancel"),
            ("xero_publish_state", "in", ("to_cancel", "sending"))], limit=1)
            or self.env["xero.payment.link"].sudo().search_count([
                ("connection_id", "=", self.id), ("delete_state", "in", ("to_delete", "sending"))], limit=1)
            or self.env["account.move"].sudo().search_count([
                ("company_id", "=", self.company_id.id), ("xero_void_journal_id", "!=", False),
                ("xero_void_state", "in", ("to_void", "sending"))], limit=1))

    def _xero_tell(self, retry=None):
        """Queue the outbox job (in the transaction that records the change: both commit, or
        neither) and wake the scheduler, which runs it right after the commit. `retry`: rows Xero
        refused, sent again ({step key: ids})."""
        Job = self.env["xero.sync.job"].sudo()
        jobs = Job
        for conn in self.sudo().filtered(lambda c: c.state == "active"):
            if retry:
                jobs |= Job.create({"connection_id": conn.id, "kind": "outbox", "trigger": "manual",
                                    "only_ids": retry})
                conn._wake_cron()
            else:
                jobs |= Job._enqueue(conn, "outbox", "manual")
        return jobs

    def action_open_publish_errors(self):
        """The documents with publishing errors; when only orders have some, those orders."""
        domain = [("company_id", "in", self.company_id.ids), ("xero_publish_state", "in", ERROR_STATES)]
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_publish_errors")
        action["domain"], action["context"] = [("company_id", "in", self.company_id.ids), *MOVE_ERRORS], {}
        action = for_companies(action, self.company_id, first_only=True)
        # counted in the organisations' companies, whichever company the switcher shows
        env = self.env(context=dict(self.env.context, **{
            k: v for k, v in action["context"].items() if k == "allowed_company_ids"}))
        if env["account.move"].search_count(action["domain"], limit=1):
            return action
        for model in self._publish_error_models()[1:]:
            if env[model].search_count(domain, limit=1):
                return for_companies({"type": "ir.actions.act_window", "name": action["name"], "res_model": model,
                                      "views": [(False, "list"), (False, "form")], "domain": domain, "context": {}},
                                     self.company_id, first_only=True)
        return action
