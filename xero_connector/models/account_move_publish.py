"""Publishing Odoo invoices, bills and credit notes to Xero: state on the document, the
"Publish to Xero" button and list action, and publishing when a document is posted."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import utils
from ..sync.mappers import publish as publish_mappers
from ..sync.records import Unreadable, read_one
from ..xero_client.errors import XeroError
from ..xero_client.utils import parse_xero_datetime

PUBLISH_STATES = [
    ("sending", "Sending"),
    ("published", "Published to Xero"),
    ("error", "Xero Refused"),
    ("mismatch", "Totals Differ"),
    ("changed", "Changed Since Published"),
    ("cancelled", "Cancelled in Xero"),
    ("conflict", "Edited on Both Sides"),
]
LIVE = ("published", "mismatch", "changed")  # states of a document Xero holds


class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    xero_publish_state = fields.Selection(
        PUBLISH_STATES, "Publishing to Xero", readonly=True, copy=False, index="btree_not_null", tracking=True,
    )
    xero_publish_error = fields.Text("Publishing Error", readonly=True, copy=False)
    xero_publish_sent_at = fields.Datetime(readonly=True, copy=False)
    xero_published_at = fields.Datetime("Published to Xero On", readonly=True, copy=False)
    xero_publish_job_id = fields.Many2one("xero.sync.job", "Publishing Job", readonly=True, copy=False)
    xero_attachment_state = fields.Selection(
        [("sending", "Sending"), ("sent", "Attached in Xero"), ("error", "Xero Refused"),
         ("none", "No File to Send")], "Document's File", readonly=True, copy=False,
        help="The invoice's PDF or the bill's scan, attached to the document in Xero.")
    xero_attachment_error = fields.Text("File Not Attached Because", readonly=True, copy=False)
    xero_attachment_sent_at = fields.Datetime(readonly=True, copy=False)

    xero_can_publish = fields.Boolean(
        compute="_compute_xero_can_publish",
        help="The company's Xero organisation publishes this kind of document (Publishing on the connection).")
    xero_publish_hint = fields.Char(compute="_compute_xero_can_publish")

    @api.depends("company_id", "move_type")
    def _compute_xero_can_publish(self):
        Connection = self.env["xero.connection"].sudo()
        conns = {}
        for move in self:
            company = move.company_id
            if company.id not in conns:
                conns[company.id] = Connection._publish_connection_for(company)
            conn = conns[company.id]
            publishes = bool(conn) and move.is_invoice(include_receipts=False) and conn._publishes(move.move_type)
            move.xero_can_publish = publishes
            move.xero_publish_hint = self.env._(
                "%s only pulls this kind of document from Xero: one typed in Odoo is not published "
                "(see Publishing on the connection).", conn.name,
            ) if conn and move.is_invoice(include_receipts=False) and not publishes and not move.xero_id else False

    def _xero_publish_token(self):
        """The token Xero keeps on the published document (its link back to Odoo, or the end of a
        credit note's reference): after a lost reply Odoo finds the document in Xero by it."""
        self.ensure_one()
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        return f"odoo:{uuid}:{self.id}"

    def _xero_publish_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/")
        return f"{base}/odoo/account.move/{self.id}?xero={self._xero_publish_token()}"

    # ------------------------------------------------------------------ actions
    def _xero_publish_check_access(self):
        utils.check_publish_access(self)

    def action_publish_to_xero(self):
        """'Publish to Xero' on a document or on selected documents: one job per organisation."""
        self._xero_publish_check_access()
        documents = self.filtered(lambda m: m.is_invoice(include_receipts=False))
        if not documents:
            raise UserError(self.env._("Only invoices, bills and credit notes are published to Xero."))
        not_posted = documents.filtered(lambda m: m.state != "posted")
        if not_posted:
            raise UserError(self.env._("Post these documents before publishing them: %s",
                                       ", ".join(not_posted.mapped("display_name"))))
        Connection = self.env["xero.connection"].sudo()
        jobs = self.env["xero.sync.job"]
        for company in documents.company_id:
            conn = Connection._publish_connection_for(company)
            if not conn:
                raise UserError(self.env._("%s is not connected to a Xero organisation.", company.name))
            mine = documents.filtered(lambda m, c=company: m.company_id == c)
            refused = mine.filtered(lambda m, c=conn: not c._publishes(m.move_type))
            if refused:
                raise UserError(self.env._(
                    "%(org)s does not publish these kinds of documents (see Publishing on the connection): %(docs)s",
                    org=conn.name, docs=", ".join(refused.mapped("display_name"))))
            jobs |= conn._publish_jobs(mine)
        return jobs.with_env(self.env)._action_open()

    def action_xero_publish_retry(self):
        """Retry from the Publishing errors list: the documents are sent again (or adopted)."""
        retry = self.filtered(lambda m: m.xero_publish_state in ("error", "sending", "changed"))
        if not retry:
            raise UserError(self.env._("Nothing to retry: documents whose totals differ are already in Xero; "
                                       "correct them there or credit them in Odoo."))
        return retry.action_publish_to_xero()

    def _post(self, soft=True):
        posted = super()._post(soft)
        waiting = posted.filtered(lambda m: m.is_invoice() and (
            (not m.xero_id and not m.xero_publish_state) or m.xero_publish_state == "changed"))
        if waiting:
            conns = self.env["xero.connection"].sudo().search([
                ("company_id", "in", waiting.company_id.ids), ("state", "=", "active"),
                ("publish_when", "=", "post"),
            ])
            for conn in conns:
                mine = waiting.filtered(lambda m, c=conn: m.company_id == c.company_id and c._publishes(m.move_type))
                if mine:
                    conn._publish_jobs(mine, trigger="schedule")
        return posted

    @api.model
    def _xero_publish_domain(self, conn):
        """Documents waiting to be published for this organisation."""
        domain = [
            ("company_id", "=", conn.company_id.id), ("state", "=", "posted"),
            ("move_type", "in", conn._publish_move_types()),
            "|", "&", ("xero_id", "=", False), ("xero_publish_state", "in", (False, "error", "sending")),
            # published, then changed in Odoo: the change goes to the same Xero document
            "&", ("xero_connection_id", "=", conn.id), ("xero_publish_state", "in", ("changed", "sending", "error")),
        ]
        if conn.publish_from_date:
            domain.append(("date", ">=", conn.publish_from_date))
        return domain

    # ------------------------------------------------------------------ changes after publishing
    def button_draft(self):
        """Reset to draft: Xero is asked first. Paid, or behind a lock date there: refused,
        nothing changed in Odoo. Otherwise the document stays bound and, posted again, its
        change is sent to Xero (the same Xero document, its number kept)."""
        if self.env.context.get("xero_from_xero"):  # Xero's own change, written in Odoo
            return super().button_draft()
        for move, found, org, _xero in self._xero_published_twins():
            move._xero_check_changeable(found, org)
        res = super().button_draft()
        self.filtered(lambda m: m.xero_id and m.xero_publish_state in LIVE).write(
            {"xero_publish_state": "changed", "xero_publish_error": False})
        return res

    def button_cancel(self):
        """Cancel: the Xero document is voided (deleted while it is a draft there) first; paid,
        or behind a lock date there: refused, nothing changed in Odoo."""
        if self.env.context.get("xero_from_xero"):  # cancelled in Xero, now in Odoo
            return super().button_cancel()
        for move, found, org, xero in self._xero_published_twins():
            if found.status in ("VOIDED", "DELETED"):
                continue
            move._xero_check_changeable(found, org)
            status = "DELETED" if found.status in ("DRAFT", "SUBMITTED") else "VOIDED"
            collection = publish_mappers.collection_of(move.move_type)
            try:
                result = xero.save_batch(collection, [{publish_mappers.ID_KEYS[collection]: move.xero_id,
                                                       "Status": status}], update=True)[0]
            except XeroError as exc:
                raise UserError(self.env._("Xero did not answer about %(doc)s (%(why)s): nothing was changed.",
                                           doc=move.display_name, why=exc.message)) from exc
            messages = [e["Message"] for e in result.get("ValidationErrors") or [] if e.get("Message")]
            if messages:
                raise UserError(self.env._("Xero refused to cancel %(doc)s: %(why)s", doc=move.display_name,
                                           why="; ".join(messages)))
            move.write({"xero_publish_state": "cancelled", "xero_publish_error": False,
                        "xero_status": status})
            move.message_post(body=self.env._("Cancelled in Xero (%(number)s is now %(status)s there).",
                                              number=move.xero_number or move.xero_id,
                                              status=self.env._("deleted") if status == "DELETED"
                                              else self.env._("voided")))
        return super().button_cancel()

    def _xero_published_twins(self):
        """(move, Xero's document checked, its organisation, a Xero client) for each published
        document here; one client and one organisation read per connection."""
        clients, orgs = {}, {}
        for move in self.filtered(lambda m: m.xero_id and m.xero_publish_state in LIVE):
            conn = move.xero_connection_id.sudo()
            collection = publish_mappers.collection_of(move.move_type)
            try:
                xero = clients.get(conn.id) or clients.setdefault(conn.id, conn._xero())
                found = (xero.get(f"{collection}/{move.xero_id}").get(collection) or [None])[0]
                org = orgs.get(conn.id) or orgs.setdefault(conn.id, xero.get_organisation())
            except XeroError as exc:
                raise UserError(self.env._(
                    "%(doc)s is published to Xero and Xero could not be asked about it (%(why)s): nothing was "
                    "changed.", doc=move.display_name, why=exc.message)) from exc
            checked = read_one("credit_notes" if collection == "CreditNotes" else "invoices", found or {})
            if isinstance(checked, Unreadable):
                raise UserError(self.env._("Xero's copy of %(doc)s could not be read (%(why)s): nothing was "
                                           "changed.", doc=move.display_name, why=checked.reason))
            yield move, checked, org, xero

    def _xero_check_changeable(self, found, org):
        """Refused (UserError) when Xero no longer lets the document change: paid, or locked."""
        self.ensure_one()
        number = found.number or self.xero_number or self.xero_id
        if found.status == "PAID" or found.amount_paid or found.amount_credited:
            raise UserError(self.env._(
                "%(doc)s is paid in Xero (%(number)s): remove the payment first (unreconcile it in Odoo if it "
                "was published from Odoo, else in Xero), then change the document.",
                doc=self.display_name, number=number))
        day = found.document_date
        for key, which in (("EndOfYearLockDate", self.env._("end of year")),
                           ("PeriodLockDate", self.env._("period"))):
            try:
                lock = parse_xero_datetime(org.get(key)) if org.get(key) else None
            except ValueError:  # unreadable: Xero itself refuses the change if it is locked
                lock = None
            if lock and day and day <= lock.date():
                raise UserError(self.env._(
                    "%(doc)s is dated on or before Xero's %(which)s lock date (%(lock)s) for %(org)s: Xero "
                    "no longer lets it change, so Odoo does not either.", doc=self.display_name, which=which,
                    lock=lock.date(), org=org.get("Name") or ""))
