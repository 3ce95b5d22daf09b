"""The firm's client list: each connection as a client of the firm.

    conn.name / conn.xero_name     # the firm's name for the client / Xero's organisation name
    conn.action_delete_client()    # disconnect, archive, stop the schedule; synced records stay
    conn.user_ids                  # who may see the client's company (Odoo's allowed companies)
    conn.is_firm                   # the firm's own organisation, kept apart from its clients
    conn.action_open_in_xpm()      # the client in Xero Practice Manager (client code)
    conn.action_client_reports()   # the client company's profit and loss / balance sheet in Odoo
    xero.connection.systray_status() / systray_sync()   # the sync icon in Odoo's systray
"""

from urllib.parse import quote

from markupsafe import Markup
from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import PARAM_XPM_URL, XPM_URL
from ..utils import for_companies

USER_MANAGERS = "base.group_erp_manager"  # Settings › Users › Access Rights
CONNECTION_KINDS = [("firm", "The Firm's Own Organisation"), ("client", "Clients")]


class XeroConnectionClient(models.Model):
    _inherit = "xero.connection"
    _order = "is_firm desc, name, id"
    _rec_names_search = ["name", "xero_name"]

    xero_name = fields.Char(
        "Name in Xero", readonly=True, copy=False, tracking=True,
        help="The organisation's name in Xero, read again at each Test Connection. Your own name "
        "for the client (above) stays as you wrote it.",
    )
    renamed = fields.Boolean(compute="_compute_renamed")
    user_ids = fields.Many2many(
        "res.users", string="Users With Access", compute="_compute_user_ids", inverse="_inverse_user_ids",
        domain="[('share', '=', False)]",
        help="The Odoo users who may work in this client's company. This is the company list of "
        "each user (Allowed Companies), so every connection of the same company shares it.",
    )
    user_access_editable = fields.Boolean(compute="_compute_user_access_note")
    user_access_note = fields.Char(compute="_compute_user_access_note")
    is_firm = fields.Boolean(
        "Firm Connection", tracking=True,
        help="The firm's own organisation, the one it invoices its clients from. It is shown "
        "apart from the client connections.",
    )
    connection_kind = fields.Selection(
        CONNECTION_KINDS, string="Kind", compute="_compute_connection_kind", store=True,
    )
    xpm_client_code = fields.Char(
        "Practice Manager Client Code", tracking=True,
        help="The client's code in Xero Practice Manager: the Practice Manager button opens it.",
    )

    # ------------------------------------------------------------------ rename
    @api.depends("name", "xero_name")
    def _compute_renamed(self):
        for conn in self:
            conn.renamed = bool(conn.xero_name) and conn.name != conn.xero_name

    def _xero_name_vals(self, org_name):
        """Values for Xero's organisation name: the firm's own name follows it until renamed."""
        self.ensure_one()
        if not org_name:
            return {}
        vals = {"xero_name": org_name}
        if not self.xero_name or self.name == self.xero_name:
            vals["name"] = org_name
        return vals

    def action_rename(self):
        """A small dialog: the firm's name for the client beside Xero's, and who may see it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "xero.connection", "res_id": self.id,
            "name": self.env._("Rename %s", self.name), "target": "new",
            "views": [(self.env.ref("xero_connector.xero_connection_view_form_manage").id, "form")],
        }

    # ------------------------------------------------------------------ delete
    def action_delete_client(self):
        """Delete a client from the list: disconnect from Xero, archive the connection and stop
        its schedule. Every synced record (invoices, payments, contacts, mappings, jobs) stays."""
        self._check_manager()
        live = self.filtered(lambda c: c.state in ("active", "expired", "error"))
        live.action_disconnect()
        self.env["xero.sync.job"].search(
            [("connection_id", "in", self.ids), ("state", "=", "queued")]).action_cancel()
        for conn in self:
            conn.message_post(body=self.env._(
                "Client deleted by %s: disconnected from Xero and archived; synced records are kept.",
                self.env.user.name))
        self.write({"active": False})  # write() stops the schedule (see _sync_cron)
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {
                "title": self.env._("Client deleted"),
                "message": self.env._(
                    "%s: disconnected and archived. Everything already synced stays in Odoo; "
                    "find it again with the Archived filter.", ", ".join(self.mapped("name"))),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------ user access
    @api.depends("company_id")
    def _compute_user_ids(self):
        users = self.env["res.users"].sudo().search(
            [("share", "=", False), ("company_ids", "in", self.company_id.ids)])
        for conn in self:
            conn.user_ids = users.filtered(lambda u, c=conn: c.company_id in u.company_ids)

    @api.depends_context("uid")
    def _compute_user_access_note(self):
        """Who may change the list: Odoo's own rule, users with Access Rights (Settings › Users)."""
        may = self.env.user.has_group(USER_MANAGERS)
        names = ", ".join(self.env.ref(USER_MANAGERS).sudo().users.filtered(
            lambda u: not u.share and u.active and u.id != SUPERUSER_ID).sorted("name").mapped("name"))
        for conn in self:
            conn.user_access_editable = may
            conn.user_access_note = False if may else self.env._(
                "Only users with Access Rights (Settings › Users) change who works in a company: %s.",
                names or self.env._("none"))

    def _inverse_user_ids(self):
        """Odoo's own allowed companies underneath, changed by Odoo's own rule: only a user who
        may manage users (Access Rights), with their own rights, internal users only."""
        self._check_manager()
        if not self.env.su and not self.env.user.has_group(USER_MANAGERS):
            raise AccessError(self.env._(
                "Only users with Access Rights (Settings › Users) can change who works in a "
                "client's company."))
        Users = self.env["res.users"]  # the editor's own rights: Odoo refuses what they may not do
        for conn in self:
            company = conn.company_id
            wanted = Users.browse(conn.user_ids.ids)
            outside = wanted.sudo().filtered("share")
            if outside:
                raise UserError(self.env._(
                    "Only internal users can work in a client's company: %s is a portal or public user.",
                    ", ".join(outside.mapped("name"))))
            current = Users.search([("share", "=", False), ("company_ids", "in", company.ids)])
            added, removed = wanted - current, current - wanted
            for user in added:
                user.write({"company_ids": [Command.link(company.id)]})
            for user in removed:
                others = user.company_ids - company
                if not others:
                    raise UserError(self.env._(
                        "%(user)s works only in %(company)s: give them another company before "
                        "removing this one.", user=user.name, company=company.name))
                vals = {"company_ids": [Command.unlink(company.id)]}
                if user.company_id == company:
                    vals["company_id"] = others[0].id
                user.write(vals)
            if added or removed:
                nobody = self.env._("nobody")
                conn.message_post(body=self.env._(
                    "Who works in %(company)s, changed by %(who)s: given to %(added)s; removed from "
                    "%(removed)s.", company=company.name, who=self.env.user.name,
                    added=", ".join(added.mapped("name")) or nobody,
                    removed=", ".join(removed.mapped("name")) or nobody))

    # ------------------------------------------------------------------ firm connection
    @api.depends("is_firm")
    def _compute_connection_kind(self):
        for conn in self:
            conn.connection_kind = "firm" if conn.is_firm else "client"

    # ------------------------------------------------------------------ links
    def action_open_in_xpm(self):
        self.ensure_one()
        if not self.xpm_client_code:
            raise UserError(self.env._("Enter the client's Practice Manager client code first."))
        base = (self.env["ir.config_parameter"].sudo().get_param(PARAM_XPM_URL) or XPM_URL).rstrip("/")
        url = f"{base}/Client/{quote(self.xpm_client_code.strip(), safe='')}/Detail"
        return {"type": "ir.actions.act_url", "url": url, "target": "new"}

    def action_client_reports(self):
        """The client company's profit and loss in Odoo, the company switched to it.

        Odoo Community has no financial report screens (they are in the Enterprise
        account_reports), so this opens the company's posted journal items as a pivot: income
        and expense accounts by month; the Balance Sheet filter shows the balance accounts."""
        self.ensure_one()
        return self._client_report_action("profit_loss")

    def action_client_balance_sheet(self):
        self.ensure_one()
        return self._client_report_action("balance_sheet")

    def _client_report_action(self, report):
        company = self.company_id
        if company not in self.env.user.company_ids:
            raise UserError(self.env._("You have no access to %s in Odoo.", company.name))
        pivot = self.env.ref("account.view_move_line_pivot").id
        is_pl = report == "profit_loss"
        return for_companies({
            "type": "ir.actions.act_window", "res_model": "account.move.line",
            "name": (self.env._("Profit and Loss: %s", company.name) if is_pl
                     else self.env._("Balance Sheet: %s", company.name)),
            "views": [(pivot, "pivot"), (False, "list")],
            "help": self._client_report_help(),
            "domain": [("company_id", "=", company.id), ("parent_state", "=", "posted"),
                       ("display_type", "not in", ("line_section", "line_note")),
                       ("account_id.include_initial_balance", "=", not is_pl)],
            "context": {
                "pivot_row_groupby": ["account_id"],
                "pivot_column_groupby": ["date:year"] if not is_pl else ["date:month"],
                "pivot_measures": ["balance"],
            },
        }, company, first_only=True)

    def _client_report_help(self):
        """What an empty report means: nothing is booked in the company yet, and why."""
        waiting = self.env["xero.pending.item"].search_count(
            [("connection_id", "=", self.id), ("state", "=", "open")])
        if waiting == 1:
            why = self.env._("One item from Xero waits in Pending Items for a mapping or a contact.")
        elif waiting:
            why = self.env._("%s items from Xero wait in Pending Items for a mapping or a contact.", waiting)
        else:
            why = self.env._("Press Sync Now to bring its invoices, bills and payments.")
        return Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>") % (
            self.env._("Nothing is booked in %s yet", self.company_id.name), why)

    # ------------------------------------------------------------------ systray
    @api.model
    def _systray_connection(self):
        """The current company's organisation; a connected one first (active sorts first)."""
        return self.search([("company_id", "=", self.env.company.id)], order="state, is_firm desc, id", limit=1)

    @api.model
    def systray_status(self):
        """What the sync icon shows: the current company's organisation, or nothing."""
        if not self.env.user.has_group("xero_connector.group_xero_user"):
            return {"visible": False}
        conn = self._systray_connection()
        if not conn:
            return {"visible": False}
        ok = conn.state == "active" and not conn.sync_paused
        if conn.state == "active" and conn.sync_paused:
            status = self.env._("%s: sync paused", conn.name)
        elif ok:
            status = self.env._("%s is connected to Xero", conn.name)
        else:
            status = self.env._("%s needs reconnecting to Xero", conn.name)
        return {
            "visible": True, "id": conn.id, "ok": ok, "name": conn.name, "status": status,
            "last_sync": conn.last_sync_label, "running": conn.job_running,
            "can_sync": ok and self.env.user.has_group("xero_connector.group_xero_manager"),
        }

    @api.model
    def systray_sync(self):
        """Click on the sync icon: sync the current company's organisation now."""
        conn = self._systray_connection()
        if not conn:
            return {"type": "warning", "message": self.env._("This company has no Xero organisation.")}
        if not self.env.user.has_group("xero_connector.group_xero_manager"):
            return {"type": "warning", "message": self.env._(
                "Only Xero administrators can sync now. %s", conn.last_sync_label)}
        try:
            conn.action_sync_now()
        except UserError as exc:
            return {"type": "danger", "message": str(exc)}
        return {"type": "success", "message": self.env._(
            "Sync of %s started: it runs in the background.", conn.name)}
