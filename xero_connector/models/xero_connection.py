import logging
import secrets
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from psycopg2.errors import SerializationFailure

from .. import xero_client
from ..const import (
    CALLBACK_PATH,
    PARAM_CLIENT_ID,
    PARAM_CLIENT_SECRET,
    PARAM_SERVICE_URL,
    REFRESH_TOKEN_MAX_AGE_DAYS,
    TOKEN_REFRESH_MARGIN,
)
from ..utils import env_on
from ..xero_client.errors import XeroAuthError, XeroError

_logger = logging.getLogger(__name__)

CONNECTION_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("error", "Error"),
    ("disconnected", "Disconnected"),
]


class XeroConnection(models.Model):
    """One Xero organisation (tenant) linked to one Odoo company."""

    _name = "xero.connection"
    _description = "Xero Connection"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"

    name = fields.Char("Organisation", required=True, tracking=True)
    tenant_id = fields.Char("Xero Tenant ID", readonly=True, copy=False, index=True)
    xero_connection_id = fields.Char("Xero Connection ID", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, tracking=True,
        help="The Odoo company this Xero organisation books into.",
    )
    state = fields.Selection(
        CONNECTION_STATES, default="draft", required=True, readonly=True, tracking=True,
        copy=False,
    )
    country_code = fields.Char(readonly=True)
    country_id = fields.Many2one("res.country", compute="_compute_country_id")
    base_currency = fields.Char(readonly=True)
    short_code = fields.Char(readonly=True, help="Xero's short code, used in deep links.")
    connected_on = fields.Datetime(readonly=True, copy=False)
    connected_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    last_sync = fields.Datetime("Last Successful Sync", readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False)
    granted_scopes = fields.Char(readonly=True, copy=False)
    sync_interval = fields.Integer(
        "Sync Every (minutes)", default=15, tracking=True,
        help="How often the scheduled sync runs for this organisation (at least 5 minutes).",
    )
    # The OAuth grant; the model has no access rights, so only the server follows this link.
    token_id = fields.Many2one("xero.token", readonly=True, copy=False, groups="base.group_system")
    job_ids = fields.One2many("xero.sync.job", "connection_id")
    last_job_id = fields.Many2one("xero.sync.job", compute="_compute_last_job")
    last_job_state = fields.Selection(
        lambda self: self.env["xero.sync.job"]._fields["state"].selection,
        string="Last Sync Result", compute="_compute_last_job",
    )
    pending_item_ids = fields.One2many("xero.pending.item", "connection_id")
    pending_count = fields.Integer(compute="_compute_counts")
    failed_post_count = fields.Integer("Failed Postings", compute="_compute_counts")
    job_running = fields.Boolean(compute="_compute_last_job")
    active = fields.Boolean(default=True)
    # Journal posting (Odoo -> Xero manual journals)
    post_journal_ids = fields.Many2many(
        "account.journal", string="Post From Journals",
        domain="[('company_id', '=', company_id)]",
        help="Posted entries of these journals are sent to Xero as manual journals.",
    )
    post_from_date = fields.Date("Post Entries From", tracking=True)
    post_mode = fields.Selection(
        [
            ("manual", "Only by hand"),
            ("period_close", "When a period is closed in Odoo"),
            ("schedule", "With each scheduled sync"),
        ],
        string="Post to Xero", default="manual", required=True, tracking=True,
    )

    _sql_constraints = [
        ("tenant_uniq", "unique(tenant_id)", "This Xero organisation is already connected."),
        ("interval_min", "CHECK(sync_interval >= 5)", "The sync interval is at least 5 minutes."),
    ]

    @api.depends("name", "country_code")
    def _compute_display_name(self):
        for conn in self:
            conn.display_name = (
                f"{conn.name} ({conn.country_code})" if conn.country_code else conn.name
            )

    @api.depends("country_code")
    def _compute_country_id(self):
        countries = {c.code: c for c in self.env["res.country"].search(
            [("code", "in", [c for c in self.mapped("country_code") if c])])}
        for conn in self:
            conn.country_id = countries.get((conn.country_code or "").upper(), False)

    def _compute_last_job(self):
        for conn in self:
            jobs = self.env["xero.sync.job"].search([("connection_id", "=", conn.id)], limit=5)
            conn.last_job_id = jobs[:1]
            conn.last_job_state = jobs[:1].state
            conn.job_running = any(j.state in ("queued", "running") for j in jobs)

    def _compute_counts(self):
        groups = self.env["xero.pending.item"]._read_group(
            [("connection_id", "in", self.ids), ("state", "=", "open")], ["connection_id"], ["__count"],
        )
        counts = {conn.id: count for conn, count in groups}
        # a count only: Xero users need not have accounting rights to see it
        failed = dict(self.env["account.move"].sudo()._read_group(
            [("company_id", "in", self.company_id.ids), ("xero_post_state", "=", "error")],
            ["company_id"], ["__count"],
        ))
        for conn in self:
            conn.pending_count = counts.get(conn.id, 0)
            conn.failed_post_count = failed.get(conn.company_id, 0)

    # ------------------------------------------------------------------ configuration
    @api.model
    def _xero_config(self):
        icp = self.env["ir.config_parameter"].sudo()
        client_id = icp.get_param(PARAM_CLIENT_ID)
        if not client_id:
            raise UserError(self.env._("Set the Xero client ID and secret in Settings > Invoicing > Xero."))
        base_url = icp.get_param("web.base.url").rstrip("/")
        service_url = (icp.get_param(PARAM_SERVICE_URL) or "").rstrip("/")
        urls = (
            {"login_url": service_url, "identity_url": service_url, "api_url": service_url,
             "app_url": service_url}
            if service_url else {}
        )
        return xero_client.XeroConfig(
            client_id=client_id,
            client_secret=icp.get_param(PARAM_CLIENT_SECRET) or "",
            redirect_uri=base_url + CALLBACK_PATH,
            **urls,
        )

    @api.model
    def _oauth(self):
        return xero_client.XeroOAuth(self._xero_config())

    # ------------------------------------------------------------------ consent
    def _check_manager(self):
        if not self.env.user.has_group("xero_connector.group_xero_manager"):
            raise UserError(self.env._("Only Xero administrators can connect or disconnect organisations."))

    @api.model
    def action_connect(self, company_mode="current"):
        """Open Xero's consent page; the callback creates one connection per organisation."""
        return self._start_consent(company_mode=company_mode)

    def action_reconnect(self):
        self.ensure_one()
        return self._start_consent(reconnect=self)

    @api.model
    def _start_consent(self, reconnect=None, company_mode="current"):
        self._check_manager()
        oauth = self._oauth()
        nonce = secrets.token_urlsafe(24)
        verifier = xero_client.new_code_verifier()
        self.env["xero.oauth.flow"].sudo()._new(
            nonce, verifier, user_id=self.env.uid, company_id=self.env.company.id,
            company_mode=company_mode, reconnect_id=reconnect.id if reconnect else False,
        )
        state = xero_client.sign_state(self._state_secret(), {"nonce": nonce, "db": self.env.cr.dbname})
        url = oauth.authorization_url(state=state, code_verifier=verifier, scopes=self._scopes(reconnect))
        return {"type": "ir.actions.act_url", "url": url, "target": "self"}

    @api.model
    def _scopes(self, reconnect=None):
        """The scopes a consent asks for (`reconnect`: the connection being reconnected, if any)."""
        return xero_client.scopes_for({"journals", "publish_contacts", "publish_documents", "publish_payments",
                                       "reports_trialbalance", "reports_banksummary", "banktransactions",
                                       "publish_attachments"})

    @api.model
    def _state_secret(self):
        return self.env["ir.config_parameter"].sudo().get_param("database.secret")

    @api.model
    def _finish_consent(self, state, code):
        """Callback work: check state, exchange the code, create or reattach connections.

        Returns (connections, message). Raises UserError with a plain message when refused.
        """
        try:
            payload = xero_client.read_state(self._state_secret(), state, max_age=900)
        except ValueError as exc:
            raise UserError(self.env._("This Xero sign-in link is invalid or has expired.")) from exc
        flow = self.env["xero.oauth.flow"].sudo()._consume(payload.get("nonce"))
        if not flow or flow.user_id != self.env.user:
            raise UserError(self.env._("This Xero sign-in was already used or was not started by you."))
        oauth = self._oauth()
        token = oauth.exchange_code(code, flow._code_verifier())
        tenants = oauth.list_connections(
            token["access_token"], auth_event_id=token.get("auth_event_id"),
        )
        grant = self.env["xero.token"].sudo().create(
            self.env["xero.token"]._values_from(token),
        )
        if flow.reconnect_id:
            return self._finish_reconnect(flow.reconnect_id, grant, tenants, oauth, token)
        conns = self.browse()
        for tenant in tenants:
            conns |= self._attach_tenant(tenant, grant, flow)
        names = ", ".join(conns.mapped("name"))
        return conns, self.env._("Connected %(count)s Xero organisation(s): %(names)s", count=len(conns), names=names)

    def _finish_reconnect(self, conn, grant, tenants, oauth, token):
        match = [t for t in tenants if t["tenantId"] == conn.tenant_id]
        if not match:
            # Undo what the consent granted: it must not attach another organisation.
            for tenant in tenants:
                oauth.delete_connection(token["access_token"], tenant["id"])
            grant.unlink()
            conn.message_post(body=self.env._("Reconnect refused: Xero authorised a different organisation."))
            raise UserError(self.env._(
                "Reconnect refused: you authorised %(others)s in Xero, but this connection is "
                "for %(name)s. Choose %(name)s on Xero's consent page.",
                others=", ".join(t["tenantName"] for t in tenants) or self.env._("no organisation"),
                name=conn.name,
            ))
        conn._set_grant(grant, match[0])
        conn.message_post(body=self.env._("Reconnected to Xero by %s.", self.env.user.name))
        conn.action_test_connection()
        return conn, self.env._("Reconnected %s.", conn.name)

    @api.model
    def _attach_tenant(self, tenant, grant, flow):
        conn = self.with_context(active_test=False).search([("tenant_id", "=", tenant["tenantId"])])
        if not conn:
            company = flow.company_id
            if flow.company_mode == "create":
                company = self._company_for(tenant, grant)
            conn = self.create({
                "name": tenant["tenantName"], "xero_name": tenant["tenantName"], "tenant_id": tenant["tenantId"],
                "company_id": company.id,
            })
        conn._set_grant(grant, tenant)
        conn.message_post(body=self.env._("Connected to Xero by %s.", self.env.user.name))
        conn.action_test_connection()
        return conn

    @api.model
    def _company_for(self, tenant, grant):
        """A new Odoo company for a client organisation: its country, currency and chart."""
        client = xero_client.XeroClient(
            self._xero_config(), tenant["tenantId"], grant._access_token(),
            governor=self.env["xero.rate.limit"]._governor(),
        )
        org = client.get_organisation()
        country = self.env["res.country"].search([("code", "=", org.get("CountryCode"))], limit=1)
        currency = self.env["res.currency"].with_context(active_test=False).search(
            [("name", "=", org.get("BaseCurrency"))], limit=1,
        )
        currency.filtered(lambda c: not c.active).sudo().active = True
        company = self.env["res.company"].sudo().create({
            "name": org.get("Name") or tenant["tenantName"],
            "country_id": country.id or False,
            "currency_id": currency.id or self.env.company.currency_id.id,
        })
        self.env.user.sudo().company_ids |= company
        charts = self.env["account.chart.template"].sudo()
        charts.try_loading(charts._guess_chart_template(company.country_id), company, install_demo=False)
        # Xero rounds tax line by line: so must the company, or totals drift by cents
        company.tax_calculation_rounding_method = "round_per_line"
        return company

    def _set_grant(self, grant, tenant):
        old = self.sudo().token_id
        self.sudo().write({
            "token_id": grant.id, "xero_connection_id": tenant["id"], "state": "active",
            "active": True, "connected_on": fields.Datetime.now(),
            "connected_by_id": self.env.uid, "granted_scopes": grant.scope, "last_error": False,
        })
        self._release_grant(old)

    @api.model
    def _release_grant(self, grant):
        """Revoke and drop a grant no connection uses any more."""
        if grant and not grant.connection_ids:
            try:
                self._oauth().revoke(grant._refresh_token())
            except XeroError as exc:
                _logger.info("Revoking an unused Xero grant failed: %s", exc.message)
            grant.unlink()

    # ------------------------------------------------------------------ tokens
    def _access_token(self):
        """A valid access token, refreshed under a row lock when it is about to expire.

        The refresh runs in its own transaction and is committed at once: Xero rotates the
        refresh token, so losing the new one to a rollback would kill the connection. The
        lock serialises workers; the second one re-reads the row and reuses the new token.
        """
        self.ensure_one()
        grant = self.sudo().token_id
        if not grant:
            raise UserError(self.env._("%s is not connected to Xero. Reconnect it.", self.name))
        margin = fields.Datetime.now() + timedelta(seconds=TOKEN_REFRESH_MARGIN)
        if grant.expires_at and grant.expires_at > margin:
            return grant._access_token()
        for attempt in range(5):
            try:
                access = self._refresh_locked(grant.id, margin)
                break
            except SerializationFailure:
                # Another worker refreshed after our snapshot began: look again, it is fresh.
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
        self.env["xero.token"].invalidate_model()
        self.env["xero.connection"].invalidate_model(["state", "last_error"])
        return access

    def _refresh_locked(self, grant_id, margin):
        with self.env.registry.cursor() as cr:
            if not self.env.registry.in_test_mode():
                # After waiting for the lock, read what the other worker committed (Odoo's
                # default, REPEATABLE READ, would refuse to: "could not serialize access").
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            env = env_on(cr, self.env)
            cr.execute("SELECT id FROM xero_token WHERE id = %s FOR UPDATE", [grant_id])
            locked = env["xero.token"].browse(grant_id)
            if locked.expires_at and locked.expires_at > margin:
                return locked._access_token()
            try:
                token = self._oauth().refresh(locked._refresh_token())
            except XeroAuthError as exc:
                cr.rollback()
                env["xero.connection"].browse(locked.connection_ids.ids)._mark_expired(exc.message)
                # its own cursor: the expiry must stay whatever the caller does
                cr.commit()  # pylint: disable=invalid-commit
                raise UserError(self.env._(
                    "Xero refused to renew access for %(name)s (%(why)s). Reconnect it.",
                    name=self.name, why=exc.message,
                )) from exc
            locked._store(token)
            return token["access_token"]

    def _mark_expired(self, reason):
        for conn in self.filtered(lambda c: c.state != "expired"):
            conn.write({"state": "expired", "last_error": reason})
            conn._notify_admins(self.env._("Reconnect %s to Xero", conn.name), reason)

    def _notify_admins(self, summary, note):
        """One open activity per connection for the Xero administrators, not one per run."""
        self.ensure_one()
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        admins = self.env.ref("xero_connector.group_xero_manager").users.filtered(
            lambda u: not u.share and self.company_id in u.company_ids
        )
        if self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
            return
        self.message_post(body=self.env._("%(summary)s: %(note)s", summary=summary, note=note))
        if admins:
            self.activity_schedule(
                activity_type_id=activity_type.id, summary=summary, note=note, user_id=admins[0].id,
            )

    @api.model
    def _cron_refresh_tokens(self):
        """Keep refresh tokens alive: Xero forgets them after 60 days unused."""
        limit = fields.Datetime.now() - timedelta(days=REFRESH_TOKEN_MAX_AGE_DAYS)
        grants = self.env["xero.token"].sudo().search([("refreshed_at", "<", limit)])
        for grant in grants:
            conn = grant.connection_ids.filtered(lambda c: c.state == "active")[:1]
            if conn:
                grant.write({"expires_at": fields.Datetime.now()})  # force the refresh
                try:
                    conn._access_token()
                except UserError as exc:
                    _logger.info("Xero token refresh failed for %s: %s", conn.name, exc)

    def _deep_link(self, path=""):
        """A go.xero.com link that opens this organisation (and a page in it) in Xero."""
        from urllib.parse import quote

        self.ensure_one()
        service = (self.env["ir.config_parameter"].sudo().get_param(PARAM_SERVICE_URL) or "").rstrip("/")
        app = service or xero_client.const.APP_URL
        url = f"{app}/organisationlogin/default.aspx?shortcode={quote(self.short_code or '')}"
        return f"{url}&redirecturl={quote(path)}" if path else url

    def action_open_in_xero(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self._deep_link(), "target": "new"}

    # ------------------------------------------------------------------ API use
    def _xero(self):
        """A Xero API client for this organisation, limits shared through PostgreSQL."""
        self.ensure_one()
        self._access_token()  # fail early, in plain words, when the grant is gone
        return xero_client.XeroClient(
            self._xero_config(), self.tenant_id, self._access_token,
            governor=self.env["xero.rate.limit"]._governor(),
        )

    def action_test_connection(self):
        """Ask Xero for the organisation; says what it found (or why not) in a notification."""
        found, failed = [], []
        for conn in self:
            try:
                org = conn._xero().get_organisation()
            except UserError as exc:
                conn.write({"state": "error", "last_error": str(exc)})
                failed.append(str(exc))
                continue
            except XeroAuthError as exc:
                conn._mark_expired(exc.message)
                failed.append(exc.message)
                continue
            except XeroError as exc:
                conn.write({"state": "error", "last_error": exc.message})
                failed.append(exc.message)
                continue
            conn.write({
                **conn._xero_name_vals(org.get("Name")),
                "country_code": org.get("CountryCode"),
                "base_currency": org.get("BaseCurrency"),
                "short_code": org.get("ShortCode"),
                "state": "active", "last_error": False,
            })
            conn.activity_unlink(["mail.mail_activity_data_todo"])
            country = self.env["res.country"].search([("code", "=", conn.country_code)], limit=1)
            found.append(self.env._("%(name)s (%(country)s, %(currency)s)", name=conn.name,
                                    country=country.name or conn.country_code or "?",
                                    currency=conn.base_currency or "?"))
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {
                "title": self.env._("Xero answered") if not failed else self.env._("Xero did not answer"),
                "message": "; ".join(
                    ([self.env._("Connected to %s.", ", ".join(found))] if found else []) + failed),
                "type": "danger" if failed else "success",
                "sticky": bool(failed),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_disconnect(self):
        """Remove the organisation at Xero and forget the tokens; synced data stays."""
        self._check_manager()
        for conn in self.filtered("tenant_id"):
            grant = conn.sudo().token_id
            if grant and conn.xero_connection_id:
                try:
                    conn._oauth().delete_connection(conn._access_token(), conn.xero_connection_id)
                except (XeroError, UserError) as exc:
                    conn.message_post(body=self.env._("Xero did not confirm the disconnect: %s", exc))
            conn.sudo().write({"token_id": False, "state": "disconnected", "xero_connection_id": False})
            conn._release_grant(grant)
            conn.message_post(body=self.env._("Disconnected from Xero by %s.", self.env.user.name))
        return True
