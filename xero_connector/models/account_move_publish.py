"""Publishing Odoo invoices, bills and credit notes to Xero: state on the document, the
"Publish to Xero" button and list action, and publishing when a document is posted."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import utils
from ..sync.mappers import publish as publish_mappers
from ..sync.publish import lookups
from ..xero_client.errors import XeroError
from ..xero_client.utils import parse_xero_datetime

PUBLISH_STATES = [
    ("sending", "Sending"),
    ("published", "Published to Xero"),
    ("error", "Xero Refused"),
    ("unsent", "Not Sent"),  # Odoo knows Xero would refuse it: nothing went to Xero
    ("mismatch", "Totals Differ"),
    ("changed", "Changed Since Published"),
    ("cancelled", "Cancelled in Xero"),
    ("conflict", "Edited on Both Sides"),
    ("to_cancel", "To Void in Xero"),
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
        return publish_mappers.publish_url(base, self.id, self._xero_publish_token())

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

    def _xero_unmapped_accounts(self, conn):
        """The Odoo accounts of the document's lines with no Xero account in this organisation."""
        lines = self.invoice_line_ids.filtered(lambda ln: ln.display_type == "product") if self.is_invoice() else (
            self.line_ids.filtered(lambda ln: not self.currency_id.is_zero(ln.balance)))  # an entry posted as a journal
        mapped = self.env["xero.account"].sudo().search(
            [("connection_id", "=", conn.id), ("account_id", "in", lines.account_id.ids)]).account_id
        return lines.account_id - mapped

    def action_xero_publish_fix(self):
        """'Map the Account' on a document not sent (or an entry journal posting did not send, from
        the Posting Report): Xero > Mappings > Accounts, opened in the
        organisation's company, filtered to the Xero accounts that may take the Odoo account
        (the same code or name), else to those left to map."""
        self.ensure_one()
        conn = self.env["xero.connection"].sudo()._publish_connection_for(self.company_id)
        accounts = self._xero_unmapped_accounts(conn) if conn else self.env["account.account"]
        if not accounts:
            raise UserError(self.env._("Every account of %s has a Xero account: retry it.", self.name))
        Xero = self.env["xero.account"].sudo()
        base = [("connection_id", "=", conn.id)]
        alike = Xero.search(base + ["|", ("code", "in", [a.code for a in accounts if a.code]),
                                    ("name", "in", accounts.mapped("name"))])
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_account")
        action.update(
            name=self.env._("Map %s", ", ".join(accounts.mapped("display_name"))),
            domain=[("id", "in", alike.ids)] if alike else base + [("account_id", "=", False)],
            context={"create": False})
        return utils.for_companies(action, self.company_id, first_only=True)

    def action_xero_publish_retry(self):
        """Retry from the Publishing errors list: the documents are sent again (or adopted); a
        cancellation Xero refused is sent again, and so is the void of a Xero journal Xero refused."""
        voids = self.filtered(lambda m: m.xero_void_state == "error" and m.xero_void_journal_id)
        if voids:  # a Xero journal Xero refused to void (journal posting's "Void in Xero and reset")
            action = voids.action_xero_void_retry()
            rest = (self - voids).filtered(lambda m: m.xero_publish_state in ("error", "unsent", "sending", "changed"))
            return rest.action_xero_publish_retry() if rest else action
        cancels = self.filtered(lambda m: m.state == "cancel" and m.xero_id and m.xero_publish_state == "error")
        if cancels:
            self._xero_publish_check_access()
            jobs = self.env["xero.sync.job"]
            for conn in cancels.xero_connection_id.sudo():
                mine = cancels.filtered(lambda m, c=conn: m.xero_connection_id == c)
                jobs |= conn._xero_tell(retry={"publish_voids": mine.ids})
            if cancels == self:
                return jobs.with_env(self.env)._action_open()
        retry = (self - cancels).filtered(lambda m: m.xero_publish_state in ("error", "unsent", "sending", "changed"))
        if not retry:
            raise UserError(self.env._("Nothing to retry: documents whose totals differ are already in Xero; "
                                       "correct them there or credit them in Odoo."))
        return retry.action_publish_to_xero()

    def _post(self, soft=True):
        posted = super()._post(soft)
        voided = posted.filtered(lambda m: m.xero_id and m.xero_publish_state == "cancelled")
        if voided and not self.env.context.get("xero_from_xero"):
            # never silently different: Xero keeps a voided document voided, Odoo now counts it
            why = self.env._("Voided in Xero when it was cancelled in Odoo, and Xero never un-voids a document: "
                             "Xero leaves it out of its books while Odoo counts it. Cancel it again, or enter it "
                             "as a new document.")
            voided._xero_quiet().write({"xero_publish_state": "error", "xero_publish_error": why})
            voided._message_log_batch({m.id: why for m in voided})
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
            "|", "&", ("xero_id", "=", False), ("xero_publish_state", "in", (False, "error", "unsent", "sending")),
            # published, then changed in Odoo: the change goes to the same Xero document
            "&", ("xero_connection_id", "=", conn.id),
            ("xero_publish_state", "in", ("changed", "sending", "error", "unsent")),
        ]
        if conn.publish_from_date:
            domain.append(("date", ">=", conn.publish_from_date))
        return domain

    # ------------------------------------------------------------------ changes after publishing
    # Odoo's change commits first, with what Xero must be told (the document's own publishing
    # state: "to_cancel"); the organisation's outbox job tells Xero right after the commit
    # (sync/publish/outbox.py). Before Odoo changes anything, Xero is asked in bulk whether it
    # would take the change: what it would refuse, Odoo refuses, with the reason.
    def _xero_quiet(self):
        """The publishing state written with no line to recompute and no tracking (a chatter note
        per document says it, in one go): cancelling 1,000 documents, each write cost more than
        Odoo's own cancelling."""
        return self.with_context(skip_invoice_sync=True, tracking_disable=True, check_move_validity=False)

    def _xero_live(self):
        """Documents here Xero holds as published from Odoo (not yet cancelled there)."""
        return self.filtered(lambda m: m.xero_id and m.xero_connection_id and m.xero_publish_state in LIVE)

    def button_draft(self):
        """Reset to draft: Xero is asked first (in bulk). Paid, or behind a lock date there:
        refused, nothing changed in Odoo. Otherwise the document stays bound and Xero keeps its
        copy as it is; posted again, its change goes to the same Xero document (its number
        kept). A cancellation Xero was not told of yet (or refused) is withdrawn."""
        if self.env.context.get("xero_from_xero") or self.env.context.get("xero_checked"):
            return super().button_draft()
        voiding = self.filtered(lambda m: m.state == "cancel" and m.xero_publish_state == "sending")
        if voiding:
            raise UserError(self.env._(
                "%s is being cancelled in Xero right now: reset it to draft once its publishing job has "
                "finished.", ", ".join(voiding.mapped("display_name"))))
        live = self._xero_live()
        live._xero_check_in_xero()
        withdrawn = self.filtered(lambda m: m.state == "cancel" and m.xero_id
                                  and m.xero_publish_state in ("to_cancel", "error"))
        res = super().button_draft()
        kept = live | withdrawn
        if kept:
            kept._xero_quiet().write({"xero_publish_state": "changed", "xero_publish_error": False})
            kept._message_log_batch({m.id: self.env._(
                "Reset to draft in Odoo: Xero still shows %s as it was until this document is posted again; "
                "its change then goes to the same Xero document.", m.xero_number or m.xero_id) for m in kept})
        return res

    def button_cancel(self):
        """Cancel: Xero is asked first (in bulk; paid, or behind a lock date there: refused,
        nothing changed in Odoo). Then Odoo cancels, and the document waits "To Void in Xero"
        in the same transaction; the outbox job voids it there (deletes it while a draft there)
        right after the commit."""
        if self.env.context.get("xero_from_xero"):  # cancelled in Xero, now in Odoo
            return super().button_cancel()
        live = self._xero_live()
        found = live._xero_check_in_xero()
        res = super(AccountMove, self.with_context(xero_checked=True)).button_cancel()
        if not live:
            return res
        gone = live.filtered(lambda m: not found.get(m.id) or found[m.id].status in ("VOIDED", "DELETED"))
        for status in {found[m.id].status for m in gone if found.get(m.id)} | ({"DELETED"} if gone else set()):
            mine = gone.filtered(lambda m, s=status: (found[m.id].status if found.get(m.id) else "DELETED") == s)
            mine._xero_quiet().write({"xero_publish_state": "cancelled", "xero_publish_error": False,
                                      "xero_status": status})
        waiting = live - gone
        for status in {found[m.id].status for m in waiting}:
            waiting.filtered(lambda m, s=status: found[m.id].status == s)._xero_quiet().write(
                {"xero_publish_state": "to_cancel", "xero_publish_error": False, "xero_status": status})
        if waiting:
            waiting._message_log_batch({m.id: self.env._(
                "Cancelled in Odoo: %s is voided in Xero right after (deleted while a draft there).",
                m.xero_number or m.xero_id) for m in waiting})
            waiting.xero_connection_id.sudo()._xero_tell()
        return res

    def action_xero_cancel_confirm(self):
        """The list's and form's Cancel for documents in Xero: says what else happens first."""
        live = self._xero_live()
        if not live:
            return self.button_cancel()
        numbers = ", ".join((live.mapped(lambda m: m.xero_number or m.name))[:10])
        more = len(live) - 10
        return {
            "type": "ir.actions.act_window", "res_model": "xero.cancel.confirm", "view_mode": "form",
            "target": "new", "context": {"default_move_ids": self.ids, "default_message": self.env._(
                "This also voids %(numbers)s%(more)s in Xero (deleted there while a draft). Xero is asked "
                "first; what it would refuse is not cancelled.", numbers=numbers,
                more=self.env._(" and %s more", more) if more > 0 else "")},
        }

    def _xero_check_in_xero(self):
        """Ask Xero about these published documents in bulk (one call per 50 documents of a
        kind, the organisation's lock dates once) -> {move id: Xero's copy, None if Xero no
        longer lists it}. What Xero would refuse raises one UserError naming every document."""
        found, refusals = {}, []
        for conn in self.xero_connection_id:
            mine = self.filtered(lambda m, c=conn: m.xero_connection_id == c)
            try:
                xero = conn.sudo()._xero()
                org = xero.get_organisation()
                copies, bad = {}, []
                for collection in ("Invoices", "CreditNotes"):
                    docs = mine.filtered(lambda m, c=collection: publish_mappers.collection_of(m.move_type) == c)
                    if docs:
                        got, unreadable = lookups.fetch_documents(xero, collection, docs.mapped("xero_id"))
                        copies.update(got)
                        bad.extend(unreadable)
            except XeroError as exc:
                raise UserError(self.env._(
                    "%(docs)s: published to Xero, and Xero could not be asked about them (%(why)s): nothing was "
                    "changed.", docs=", ".join(mine.mapped("display_name")[:10]), why=exc.message)) from exc
            unreadable = {b.xero_id: b for b in bad}
            ours = {}  # move id -> what Odoo published as payments on it (deleted in the same change)
            for link in self.env["xero.payment.link"].sudo().search([
                    ("move_id", "in", mine.ids), ("state", "=", "published"), ("delete_state", "!=", "deleted")]):
                ours[link.move_id.id] = ours.get(link.move_id.id, 0.0) + link.amount
            for move in mine:
                if move.xero_id in unreadable:
                    refusals.append(self.env._("Xero's copy of %(doc)s could not be read (%(why)s).",
                                               doc=move.display_name, why=unreadable[move.xero_id].reason))
                    continue
                doc = found[move.id] = copies.get(move.xero_id)
                if doc is not None and doc.status not in ("VOIDED", "DELETED"):
                    why = move._xero_refusal(doc, org, ours.get(move.id, 0.0))
                    if why:
                        refusals.append(why)
        if refusals:
            shown = refusals[:20]
            if len(refusals) > 20:
                shown.append(self.env._("... and %s more.", len(refusals) - 20))
            raise UserError(self.env._("Xero would refuse this, so nothing was changed:\n%s", "\n".join(shown)))
        return found

    def _xero_refusal(self, found, org, ours=0.0):
        """Why Xero would refuse to change this document (paid, or locked there), or None.
        Payments Odoo published on it and is deleting in the same change do not count."""
        self.ensure_one()
        number = found.number or self.xero_number or self.xero_id
        paid = float(found.amount_paid or 0) - ours
        if found.amount_credited or paid > 0.005 or (found.status == "PAID" and not ours):
            return self.env._(
                "%(doc)s is paid in Xero (%(number)s): remove the payment first (unreconcile it in Odoo if it "
                "was published from Odoo, else in Xero), then change the document.",
                doc=self.display_name, number=number)
        day = found.document_date
        for key, which in (("EndOfYearLockDate", self.env._("end of year")),
                           ("PeriodLockDate", self.env._("period"))):
            try:
                lock = parse_xero_datetime(org.get(key)) if org.get(key) else None
            except ValueError:  # unreadable: Xero itself refuses the change if it is locked
                lock = None
            if lock and day and day <= lock.date():
                return self.env._(
                    "%(doc)s is dated on or before Xero's %(which)s lock date (%(lock)s) for %(org)s: Xero "
                    "no longer lets it change, so Odoo does not either.", doc=self.display_name, which=which,
                    lock=lock.date(), org=org.get("Name") or "")
        return None
