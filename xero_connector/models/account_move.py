import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..xero_client.errors import XeroError
from ..xero_client.utils import parse_xero_datetime

# an entry journal posting did not send: Odoo knew why Xero would refuse it (nothing went to Xero)
POST_BLOCKS = [
    ("unmapped_account", "Not sent: an account has no Xero account (map it)"),
    ("unmapped_other", "Not sent: a tax or analytic account is not mapped"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    xero_connection_id = fields.Many2one(
        "xero.connection", "Xero Organisation", readonly=True, copy=False, index="btree_not_null",
    )
    xero_id = fields.Char("Xero Document ID", readonly=True, copy=False, index="btree_not_null")
    xero_number = fields.Char("Number in Xero", readonly=True, copy=False)
    xero_status = fields.Char("Xero Status Code", readonly=True, copy=False)
    xero_status_label = fields.Char("Status in Xero", compute="_compute_xero_status_label")
    xero_pulled = fields.Boolean(
        "Comes from Xero", compute="_compute_xero_pulled",
        help="Pulled from Xero, which is its source: the next sync may overwrite changes made in Odoo.")
    xero_updated = fields.Datetime("Updated in Xero", readonly=True, copy=False)
    xero_synced_at = fields.Datetime(
        "Synced from Xero", readonly=True, copy=False,
        help="When Odoo last wrote this document from Xero; a later edit in Odoo is a conflict "
        "if Xero changes the document too.",
    )
    xero_url = fields.Char("Open in Xero", compute="_compute_xero_url")
    xero_source_hash = fields.Char(readonly=True, copy=False)
    xero_odoo_hash = fields.Char(readonly=True, copy=False)
    # Posting to Xero as a manual journal
    xero_post_state = fields.Selection(
        [("sending", "Sending"), ("posted", "Posted to Xero"), ("error", "Not Posted")],
        "Xero Posting", readonly=True, copy=False, index="btree_not_null", tracking=True,
    )
    # why an entry was not sent (Odoo knew Xero would refuse it), set by journal posting
    xero_post_block = fields.Selection(POST_BLOCKS, readonly=True, copy=False)
    # what became of it, in words the Posting Report groups by (blocked: the reason; never "None")
    xero_post_outcome = fields.Selection(
        [("posted", "Posted to Xero"), ("sending", "Sending"), ("refused", "Refused by Xero"), *POST_BLOCKS],
        "Outcome", compute="_compute_xero_post_outcome", store=True)
    xero_journal_id = fields.Char("Xero ManualJournalID", readonly=True, copy=False)
    xero_post_error = fields.Text("Xero Posting Error", readonly=True, copy=False)
    xero_posted_at = fields.Datetime("Posted to Xero On", readonly=True, copy=False)
    xero_sent_at = fields.Datetime(readonly=True, copy=False)
    xero_post_job_id = fields.Many2one("xero.sync.job", "Posting Job", readonly=True, copy=False)
    # "Void in Xero and reset": Odoo resets at once; the journal Xero holds waits here to be
    # voided by the outbox job after the commit (sync/publish/outbox.py, JournalVoider)
    xero_void_state = fields.Selection(
        [("to_void", "To Void in Xero"), ("sending", "Voiding in Xero"), ("voided", "Voided in Xero"),
         ("error", "Xero Refused")], "Xero Journal Voiding", readonly=True, copy=False, index="btree_not_null")
    xero_void_journal_id = fields.Char("Xero Journal to Void", readonly=True, copy=False)
    xero_void_error = fields.Text("Xero Journal Not Voided Because", readonly=True, copy=False)
    xero_void_sent_at = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        ("xero_document_uniq", "unique(xero_connection_id, xero_id)",
         "A Xero document is imported once per organisation."),
    ]

    @api.depends("xero_post_state", "xero_post_block")
    def _compute_xero_post_outcome(self):
        for move in self:
            state = move.xero_post_state
            move.xero_post_outcome = (move.xero_post_block or "refused") if state == "error" else state or False

    @api.depends("xero_status")
    def _compute_xero_status_label(self):
        words = {
            "DRAFT": self.env._("Draft"), "SUBMITTED": self.env._("Awaiting approval"),
            "AUTHORISED": self.env._("Awaiting payment"), "PAID": self.env._("Paid"),
            "VOIDED": self.env._("Voided"), "DELETED": self.env._("Deleted"),
        }
        for move in self:
            move.xero_status_label = words.get(move.xero_status, move.xero_status or False)

    @api.depends("xero_id", "xero_publish_state", "move_type", "xero_connection_id")
    def _compute_xero_pulled(self):
        for move in self:
            conn = move.xero_connection_id
            kind = "sales" if move.move_type in ("out_invoice", "out_refund") else "purchases"
            move.xero_pulled = bool(move.xero_id and conn and not move.xero_publish_state
                                    and conn[f"direction_{kind}"] in ("pull", "both"))

    def _xero_post_token(self):
        """A unique token in the narration: finds the journal in Xero after a lost reply."""
        self.ensure_one()
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        return f"[odoo:{uuid}:{self.id}]"

    def _xero_journal_refusals(self, conn):
        """{entry: why journal posting never takes it}: entries that are, or came from, a Xero
        document (a document pulled from Xero or published to it, the entry of a payment pulled
        from Xero or published as a Xero payment), and documents and payments this organisation
        publishes as such. Posted as manual journals too, they would count twice in Xero."""
        payments = self.origin_payment_id
        links = self.env["xero.payment.link"].sudo().search([("payment_id", "in", payments.ids)]) if payments else []
        linked = {link.payment_id.id for link in links}
        refusals = {}
        for move in self:
            payment = move.origin_payment_id
            reason = None
            if move.xero_id and not move.xero_publish_state:
                reason = self.env._("%s came from Xero (pulled): it is in Xero already", move.name)
            elif move.xero_id or move.xero_publish_state:
                reason = self.env._("%s is published to Xero as a document", move.name)
            elif move.is_invoice(include_receipts=True) and conn and conn._publishes(move.move_type):
                reason = self.env._("%s is a document this organisation publishes to Xero as a document",
                                    move.name)
            elif payment and payment.xero_id:
                reason = self.env._("%s is a payment that came from Xero (pulled)", move.name)
            elif payment and (payment.id in linked or (conn and conn._publishes_payments())):
                reason = self.env._("%s is a payment published to Xero as a payment", move.name)
            if reason:
                refusals[move] = reason
        return refusals

    def _xero_post_connection(self):
        self.ensure_one()
        return self.env["xero.connection"].search([
            ("company_id", "=", self.company_id.id), ("state", "=", "active"),
        ], limit=1)

    def button_draft(self):
        """A journal already in Xero is voided there, and only when asked to: Xero's lock dates
        are checked first (nothing changes in Odoo if Xero would refuse); then Odoo resets the
        entry and marks its journal "To Void in Xero" in the same transaction, and the outbox
        job voids it in Xero right after the commit."""
        posted = self.filtered(lambda m: m.xero_post_state == "posted")
        if posted and not self.env.context.get("xero_void_first"):
            raise UserError(self.env._(
                "%s is already posted to Xero. Use 'Void in Xero and reset' to void the Xero "
                "journal first, or reverse the entry instead.", ", ".join(posted.mapped("name")),
            ))
        busy = posted.filtered(lambda m: m.xero_void_state in ("to_void", "sending", "error"))
        if busy:
            raise UserError(self.env._(
                "%s: the Xero journal of an earlier reset is not voided yet (see the entry). Once it is, "
                "reset the entry again.", ", ".join(busy.mapped("name"))))
        if not posted:
            return super().button_draft()
        posted._xero_check_journal_locks()
        journals = {m.id: m.xero_journal_id for m in posted}
        res = super().button_draft()
        posted.with_context(tracking_disable=True, check_move_validity=False).write({
            "xero_post_state": False, "xero_journal_id": False, "xero_posted_at": False,
            "xero_void_state": "to_void", "xero_void_error": False, "xero_void_sent_at": False})
        for move in posted:
            move.xero_void_journal_id = journals[move.id]
        posted._message_log_batch({m.id: self.env._(
            "Reset to draft in Odoo: Xero journal %s is voided in Xero right after.", journals[m.id]) for m in posted})
        for company in posted.company_id:
            posted.filtered(lambda m, c=company: m.company_id == c)[:1]._xero_post_connection()._xero_tell()
        return res

    def _xero_check_journal_locks(self):
        """Xero refuses to void a journal dated on or before its lock dates: asked once per
        organisation, before Odoo changes anything; refused with the reason, naming every entry."""
        refusals = []
        for company in self.company_id:
            mine = self.filtered(lambda m, c=company: m.company_id == c)
            conn = mine[:1]._xero_post_connection()
            if not conn:
                raise UserError(self.env._("%s is not connected to a Xero organisation: its Xero journals cannot "
                                           "be voided.", company.name))
            try:
                org = conn.sudo()._xero().get_organisation()
            except XeroError as exc:
                raise UserError(self.env._(
                    "%(entries)s: posted to Xero, and Xero could not be asked about them (%(why)s): nothing was "
                    "changed.", entries=", ".join(mine.mapped("name")[:10]), why=exc.message)) from exc
            locks = []
            for key, which in (("EndOfYearLockDate", self.env._("end of year")),
                               ("PeriodLockDate", self.env._("period"))):
                try:
                    lock = parse_xero_datetime(org.get(key)) if org.get(key) else None
                except ValueError:  # unreadable: Xero itself refuses the void if it is locked
                    lock = None
                if lock:
                    locks.append((lock.date(), which))
            for move in mine:
                for lock, which in locks:
                    if move.date and move.date <= lock:
                        refusals.append(self.env._(
                            "%(entry)s is dated on or before Xero's %(which)s lock date (%(lock)s): Xero no longer "
                            "lets its journal be voided. Reverse the entry instead.",
                            entry=move.name, which=which, lock=lock))
                        break
        if refusals:
            raise UserError(self.env._("Xero would refuse this, so nothing was changed:\n%s", "\n".join(refusals[:20])))

    def action_xero_void_and_reset(self):
        return self.with_context(xero_void_first=True).button_draft()

    def action_xero_void_retry(self):
        """Retry a void Xero refused (its lock date moved, or the journal changed there)."""
        refused = self.filtered(lambda m: m.xero_void_state == "error" and m.xero_void_journal_id)
        if not refused:
            raise UserError(self.env._("No Xero journal of these entries is waiting to be voided again."))
        jobs = self.env["xero.sync.job"]
        for company in refused.company_id:
            mine = refused.filtered(lambda m, c=company: m.company_id == c)
            jobs |= mine[:1]._xero_post_connection()._xero_tell(retry={"publish_journal_voids": mine.ids})
        return jobs.with_env(self.env)._action_open()

    def action_post_to_xero(self):
        """'Post to Xero' on selected entries: opens the wizard with a dry-run preview."""
        return {
            "type": "ir.actions.act_window", "res_model": "xero.post.wizard", "view_mode": "form",
            "target": "new", "context": {"default_move_ids": self.ids, "dialog_size": "extra-large"},
        }

    @api.depends("xero_id", "xero_connection_id.short_code", "move_type")
    def _compute_xero_url(self):
        for move in self:
            conn = move.xero_connection_id
            if not (move.xero_id and conn):
                move.xero_url = False
                continue
            if move.move_type in ("out_refund", "in_refund"):
                path = f"/AccountsReceivable/ViewCreditNote.aspx?creditNoteID={move.xero_id}"
            elif move.move_type == "in_invoice":
                path = f"/AccountsPayable/View.aspx?InvoiceID={move.xero_id}"
            else:
                path = f"/AccountsReceivable/View.aspx?InvoiceID={move.xero_id}"
            move.xero_url = conn._deep_link(path)
        for move in self.filtered(lambda m: m.xero_journal_id and not m.xero_url):
            conn = move.xero_post_job_id.connection_id or move._xero_post_connection()
            move.xero_url = conn and conn._deep_link(
                f"/Journal/View.aspx?invoiceID={move.xero_journal_id}"
            )

    def _xero_odoo_hash(self):
        """A digest of what a person can change on the document in Odoo. Payments and
        reconciliation do not change it; an edited line, partner, date or reference does."""
        self.ensure_one()
        lines = sorted(
            (ln.name or "", ln.account_id.id, round(ln.quantity, 4), round(ln.price_unit, 4),
             round(ln.discount, 4), tuple(sorted(ln.tax_ids.ids)),
             tuple(sorted((ln.analytic_distribution or {}).items())))
            for ln in self.invoice_line_ids
        )
        content = (self.partner_id.id, self.currency_id.id, str(self.invoice_date),
                   str(self.invoice_date_due), self.ref or "", lines)
        return hashlib.sha256(repr(content).encode()).hexdigest()[:32]

    def _xero_mark_synced(self, source_hash):
        for move in self:
            move.write(move._xero_synced_vals(source_hash))

    def _xero_synced_vals(self, source_hash, odoo_hash=None):
        """Both sides' digests, as of now (Odoo's as it was sent, when given): the next sync tells an
        edit on either side."""
        self.ensure_one()
        return {"xero_source_hash": source_hash, "xero_odoo_hash": odoo_hash or self._xero_odoo_hash(),
                "xero_synced_at": fields.Datetime.now()}

    def _edited_in_odoo(self):
        """Changed in Odoo since it was last written from Xero."""
        self.ensure_one()
        return bool(self.xero_odoo_hash and self._xero_odoo_hash() != self.xero_odoo_hash)

    def action_open_in_xero(self):
        self.ensure_one()
        if not self.xero_url:
            raise UserError(self.env._("This entry is not linked to a Xero document."))
        return {"type": "ir.actions.act_url", "url": self.xero_url, "target": "new"}
