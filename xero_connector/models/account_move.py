import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

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
        """A journal already in Xero is voided there first, and only when asked to."""
        posted = self.filtered(lambda m: m.xero_post_state == "posted")
        if posted and not self.env.context.get("xero_void_first"):
            raise UserError(self.env._(
                "%s is already posted to Xero. Use 'Void in Xero and reset' to void the Xero "
                "journal first, or reverse the entry instead.", ", ".join(posted.mapped("name")),
            ))
        for move in posted:
            conn = move._xero_post_connection()
            conn._xero().post(f"ManualJournals/{move.xero_journal_id}", {"ManualJournals": [
                {"ManualJournalID": move.xero_journal_id, "Status": "VOIDED"},
            ]})
            move.message_post(body=self.env._("Xero journal %s voided.", move.xero_journal_id))
            move.write({"xero_post_state": False, "xero_journal_id": False, "xero_posted_at": False})
        return super().button_draft()

    def action_xero_void_and_reset(self):
        return self.with_context(xero_void_first=True).button_draft()

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

    def _xero_synced_vals(self, source_hash):
        """Both sides' digests, as of now: the next sync tells an edit on either side."""
        self.ensure_one()
        return {"xero_source_hash": source_hash, "xero_odoo_hash": self._xero_odoo_hash(),
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
