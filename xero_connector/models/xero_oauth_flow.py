from datetime import timedelta

from odoo import api, fields, models

from ..const import OAUTH_FLOW_TTL
from ..utils import decrypt, encrypt


class XeroOAuthFlow(models.Model):
    """One consent started in Odoo: what to do when Xero sends the user back.

    Server-only (no access rights); the signed `state` names it by nonce and it is used once.
    """

    _name = "xero.oauth.flow"
    _description = "Xero Consent in Progress"

    nonce = fields.Char(required=True, index=True, readonly=True)
    code_verifier_enc = fields.Text(readonly=True)
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", ondelete="cascade", readonly=True)
    company_mode = fields.Selection(
        [("current", "Current company"), ("create", "One new company per organisation")],
        default="current", required=True,
    )
    reconnect_id = fields.Many2one("xero.connection", ondelete="cascade", readonly=True)
    used = fields.Boolean(readonly=True)

    _sql_constraints = [("nonce_uniq", "unique(nonce)", "A consent nonce is used once.")]

    def _code_verifier(self):
        return decrypt(self.code_verifier_enc)

    @api.model
    def _new(self, nonce, code_verifier, **vals):
        return self.create({"nonce": nonce, "code_verifier_enc": encrypt(code_verifier), **vals})

    @api.model
    def _consume(self, nonce):
        """The unused, unexpired flow for this nonce, marked used, or an empty recordset."""
        self.env.cr.execute(
            "SELECT id FROM xero_oauth_flow WHERE nonce = %s AND NOT coalesce(used, false)"
            " AND create_date > %s FOR UPDATE",
            [nonce, fields.Datetime.now() - timedelta(seconds=OAUTH_FLOW_TTL)],
        )
        row = self.env.cr.fetchone()
        flow = self.browse(row[0] if row else [])
        flow.write({"used": True})
        return flow

    @api.autovacuum
    def _gc_old_flows(self):
        self.search([("create_date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
