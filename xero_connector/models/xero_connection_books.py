"""Books agree on the connection: the check on demand ("Check Books") and, when set, after each
scheduled sync; "Books agree as of <date>" or "N differences" on its card and form; one
activity for the Xero administrators per drift, closed when the books agree again."""

from odoo import api, fields, models


class XeroConnection(models.Model):
    _inherit = "xero.connection"  # pylint: disable=consider-merging-classes-inherited

    books_check_after_sync = fields.Boolean(
        "Check Books After Each Scheduled Sync", tracking=True,
        help="Compare the trial balance, the documents and the contact balances with Xero after each "
        "scheduled sync (a handful of Xero calls, whatever the size of the books).")
    books_run_id = fields.Many2one("xero.books.run", "Last Books Check", readonly=True, copy=False)
    books_state = fields.Selection(related="books_run_id.state", string="Books")
    books_label = fields.Char("Books Check", compute="_compute_books_label")
    books_drift = fields.Boolean(readonly=True, copy=False, help="The books differ and the administrators were told.")

    @api.depends("books_run_id.state", "books_run_id.date", "books_run_id.difference_count",
                 "books_run_id.rounding_count")
    def _compute_books_label(self):
        for conn in self:
            run = conn.books_run_id
            if not run:
                conn.books_label = False
            elif run.state == "agree" and run.rounding_count:
                conn.books_label = self.env._("Books agree as of %(date)s (%(count)s rounding lines)",
                                              date=run.date.strftime("%d %b %Y"), count=run.rounding_count)
            elif run.state == "agree":
                conn.books_label = self.env._("Books agree as of %s", run.date.strftime("%d %b %Y"))
            elif run.state == "differ":
                conn.books_label = self.env._("%s differences", run.difference_count)
            else:
                conn.books_label = self.env._("Books not checked")

    def action_check_books(self):
        """Check Books: compare now, at today's date; opens the result."""
        self._check_manager()
        runs = self.env["xero.books.run"]
        for conn in self:
            runs |= runs._check(conn)
        if len(runs) == 1:
            return {"type": "ir.actions.act_window", "res_model": "xero.books.run", "res_id": runs.id,
                    "view_mode": "form", "target": "current"}
        return self.action_open_books_runs()

    def action_open_books_runs(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("xero_connector.action_xero_books_run")
        action["domain"] = [("connection_id", "in", self.ids)]
        return action

    def _books_checked(self, run, check=None):
        """Keep the last check; a new drift raises one activity, agreement closes it. `check` is
        the sync.books BooksCheck that ran (its reads serve client health, which runs with it)."""
        self.ensure_one()
        self.sudo().books_run_id = run
        activity_type = self.env.ref("xero_connector.mail_activity_books_differ")
        open_ones = self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        if run.state == "agree":
            if open_ones:
                open_ones.action_feedback(feedback=self.env._("The books agree again as of %s.", run.date))
            self.sudo().books_drift = False
            return
        if run.state != "differ" or self.books_drift:
            return  # not checked, or this drift was already announced (even if its activity was closed)
        self.sudo().books_drift = True
        admins = self.env.ref("xero_connector.group_xero_manager").users.filtered(
            lambda u: not u.share and self.company_id in u.company_ids)
        self.activity_schedule(
            "xero_connector.mail_activity_books_differ", user_id=(admins[:1] or self.env.user).id,
            summary=self.env._("Odoo and Xero books differ for %s", self.name),
            note=self.env._("%(count)s differences as of %(date)s: see the books check %(name)s.",
                            count=run.difference_count, date=run.date, name=run.name))
