"""Payroll and fixed assets of each organisation: connected, not connected or unavailable.

    Settings > Xero > Check payroll and fixed assets   # xero_connector.check_payroll_assets
    conn._check_payroll_assets(force=False)   # at most once a day (and at each connect): 2 calls
    conn.action_disconnect_payroll()          # stop looking; the next consent drops the scope
    conn.action_connect_payroll()             # look again; the next consent asks for it

With the check on, each consent also asks Xero for the read-only scopes assets.read and
payroll.settings.read (not payroll.settings.read for an organisation whose payroll was
disconnected here). The statuses are read from Xero's Assets API and the Payroll API of the
organisation's country (Australia, New Zealand, the United Kingdom) by xero_client.products.
"""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import xero_client
from ..const import PARAM_CHECK_PAYROLL_ASSETS
from ..xero_client import products
from ..xero_client.errors import XeroError

_logger = logging.getLogger(__name__)

PRODUCT_STATUSES = [
    (products.CONNECTED, "Connected"),
    (products.NOT_CONNECTED, "Not connected"),
    (products.UNAVAILABLE, "Unavailable"),
]
DISCONNECTED = "disconnected"
PRODUCT_REASONS = [
    (products.IN_USE, "In use"),
    (products.NOT_USED, "Not used"),
    (products.NO_SCOPE, "Not allowed by Xero"),
    (products.NO_PAYROLL_COUNTRY, "No Xero Payroll in this country"),
    (DISCONNECTED, "Disconnected here"),
]
CHECK_EVERY = timedelta(days=1)


class _Later:
    """The organisation's Xero client, made on first use: no call, no token refresh, when
    nothing needs asking."""

    def __init__(self, make):
        self._make, self._client = make, None

    def __getattr__(self, name):
        if self._client is None:
            self._client = self._make()
        return getattr(self._client, name)


class XeroConnectionPayroll(models.Model):
    _inherit = "xero.connection"

    payroll_status = fields.Selection(
        PRODUCT_STATUSES, string="Payroll", readonly=True, copy=False,
        help="Connected: the organisation runs its payroll in Xero Payroll. Not connected: it does "
        "not, or its payroll was disconnected here. Unavailable: its country has no Xero Payroll "
        "(only Australia, New Zealand and the United Kingdom have it), or Xero has not allowed Odoo "
        "to read payroll settings (turn on the check in Settings, then reconnect).",
    )
    assets_status = fields.Selection(
        PRODUCT_STATUSES, string="Fixed Assets", readonly=True, copy=False,
        help="Connected: the organisation keeps its fixed assets in Xero. Not connected: it has not "
        "set up fixed assets in Xero. Unavailable: Xero has not allowed Odoo to read fixed assets "
        "(turn on the check in Settings, then reconnect).",
    )
    payroll_reason = fields.Selection(PRODUCT_REASONS, readonly=True, copy=False)
    assets_reason = fields.Selection(PRODUCT_REASONS, readonly=True, copy=False)
    payroll_note = fields.Char("Why (Payroll)", compute="_compute_product_notes")
    assets_note = fields.Char("Why (Fixed Assets)", compute="_compute_product_notes")
    products_checked_on = fields.Datetime(
        "Payroll and Fixed Assets Checked On", readonly=True, copy=False,
        help="Asked of Xero at each connect and at most once a day after a sync (two calls).")
    payroll_disconnected = fields.Boolean(
        readonly=True, copy=False, tracking=True,
        help="Odoo no longer looks at this organisation's payroll, and the next reconnect no longer "
        "asks Xero for it.")

    # ------------------------------------------------------------------ words
    @api.depends("payroll_reason", "assets_reason", "country_id", "country_code", "payroll_status")
    def _compute_product_notes(self):
        for conn in self:
            conn.payroll_note = conn._product_note(conn.payroll_reason, payroll=True)
            conn.assets_note = conn._product_note(conn.assets_reason, payroll=False)

    def _product_note(self, reason, payroll):
        country = self.country_id.name or self.country_code or self.env._("its country")
        notes = {
            products.IN_USE: (self.env._("The organisation runs its payroll in Xero Payroll.") if payroll else
                              self.env._("The organisation keeps its fixed assets in Xero.")),
            products.NOT_USED: (self.env._("The organisation does not use Xero Payroll.") if payroll else
                                self.env._("The organisation has not set up fixed assets in Xero.")),
            products.NO_SCOPE: (
                self.env._("Xero has not allowed Odoo to read payroll settings: reconnect the organisation "
                           "to allow it.") if payroll else
                self.env._("Xero has not allowed Odoo to read fixed assets: reconnect the organisation to "
                           "allow it.")),
            products.NO_PAYROLL_COUNTRY: self.env._(
                "Xero Payroll is not offered in %s: only Australia, New Zealand and the United Kingdom have it.",
                country),
            DISCONNECTED: self.env._("Payroll was disconnected here: Odoo no longer looks at it, and the next "
                            "reconnect no longer asks Xero for it."),
        }
        return notes.get(reason, False)

    # ------------------------------------------------------------------ the setting
    @api.model
    def _payroll_assets_check_on(self):
        return bool(self.env["ir.config_parameter"].sudo().get_param(PARAM_CHECK_PAYROLL_ASSETS))

    @api.model
    def _payroll_assets_check_changed(self):
        """Settings saved: statuses appear at once (from the grants; a call only where Xero
        already allows it), or are cleared when the check is turned off."""
        conns = self.sudo().search([("state", "!=", "draft")])
        if self._payroll_assets_check_on():
            conns._check_payroll_assets(force=True)
        else:
            conns.write({"payroll_status": False, "assets_status": False, "payroll_reason": False,
                         "assets_reason": False, "products_checked_on": False})

    # ------------------------------------------------------------------ scopes
    @api.model
    def _scopes(self, reconnect=None):
        """With the check on, the read-only scopes of fixed assets and payroll settings too
        (payroll's not for an organisation whose payroll was disconnected here)."""
        scopes = super()._scopes(reconnect)
        if not self._payroll_assets_check_on():
            return scopes
        features = {"assets"}
        if not (reconnect and reconnect.payroll_disconnected):
            features.add("payroll")
        return sorted(set(scopes) | set(xero_client.scopes_for(features, base=())))

    # ------------------------------------------------------------------ the check
    def _check_payroll_assets(self, force=False, client=None):
        """Ask Xero whether each active organisation uses fixed assets and Xero Payroll: two
        calls at most (none without the scope, or for a country without Xero Payroll), once a
        day unless `force`. What Xero cannot answer now (limits, outage) keeps the last status."""
        if not self._payroll_assets_check_on():
            return
        now = fields.Datetime.now()
        for conn in self.sudo().filtered(lambda c: c.state == "active" and c.tenant_id):
            if not force and conn.products_checked_on and conn.products_checked_on > now - CHECK_EVERY:
                continue
            conn._probe_payroll_assets(client or _Later(conn._xero))

    def _probe_payroll_assets(self, client):
        self.ensure_one()
        granted = self.token_id.scope or self.granted_scopes or ""
        vals, complete = {}, True
        checks = [("assets", lambda: products.assets_status(client, granted))]
        if self.payroll_disconnected:
            vals.update(payroll_status=products.NOT_CONNECTED, payroll_reason=DISCONNECTED)
        else:
            checks.append(("payroll", lambda: products.payroll_status(client, self.country_code, granted)))
        for name, check in checks:
            try:
                status, reason = check()
            except (XeroError, UserError) as exc:
                _logger.info("Xero %s check of %s failed: %s", name, self.name, exc)
                complete = False
                continue
            vals.update({f"{name}_status": status, f"{name}_reason": reason})
        if complete:
            vals["products_checked_on"] = fields.Datetime.now()
        self.write(vals)

    def _set_grant(self, grant, tenant):
        """A new consent: the statuses are asked again at the connection test that follows."""
        res = super()._set_grant(grant, tenant)
        self.sudo().write({"products_checked_on": False})
        return res

    def action_test_connection(self):
        res = super().action_test_connection()
        self._check_payroll_assets()
        return res

    def _sync_succeeded(self, job=None):
        res = super()._sync_succeeded(job)
        self._check_payroll_assets()
        return res

    # ------------------------------------------------------------------ buttons
    def action_disconnect_payroll(self):
        """Stop looking at the organisation's payroll; the next consent no longer asks for it."""
        self._check_manager()
        for conn in self:
            conn.write({"payroll_disconnected": True, "payroll_status": products.NOT_CONNECTED,
                        "payroll_reason": DISCONNECTED})
            conn.message_post(body=self.env._(
                "Payroll disconnected by %s: Odoo no longer looks at it; the next reconnect drops Xero's "
                "permission to read payroll settings.", self.env.user.name))
        return self._payroll_notification(
            self.env._("Payroll disconnected"),
            self.env._("%s: Odoo no longer looks at its payroll. Xero's permission to read payroll settings "
                       "is dropped at the next reconnect.", ", ".join(self.mapped("name"))))

    def action_connect_payroll(self):
        """Look at the organisation's payroll again (the next consent asks Xero for it)."""
        self._check_manager()
        self.write({"payroll_disconnected": False, "payroll_status": False, "payroll_reason": False})
        for conn in self:
            conn.message_post(body=self.env._("Payroll connected again by %s.", self.env.user.name))
        self._check_payroll_assets(force=True)
        waiting = self.filtered(lambda c: c.payroll_reason == products.NO_SCOPE)
        return self._payroll_notification(
            self.env._("Payroll connected"),
            self.env._("%s: reconnect to let Xero allow Odoo to read payroll settings.",
                       ", ".join(waiting.mapped("name"))) if waiting else
            self.env._("%s: Odoo looks at its payroll again.", ", ".join(self.mapped("name"))))

    def _payroll_notification(self, title, message):
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {"title": title, "message": message, "type": "success",
                       "next": {"type": "ir.actions.client", "tag": "soft_reload"}},
        }
