from odoo import fields, models

from ..utils import decrypt, encrypt, epoch_to_datetime


class XeroToken(models.Model):
    """One OAuth2 grant at Xero (a consent), shared by the connections it authorised.

    Nobody has access rights on this model: only the server reads it, through sudo().
    Tokens are encrypted with a key from the server configuration, never the database.
    """

    _name = "xero.token"
    _description = "Xero OAuth Grant"

    access_token_enc = fields.Text(readonly=True)
    refresh_token_enc = fields.Text(readonly=True)
    expires_at = fields.Datetime(readonly=True)
    refreshed_at = fields.Datetime(readonly=True)
    auth_event_id = fields.Char(readonly=True)
    scope = fields.Char(readonly=True)
    connection_ids = fields.One2many("xero.connection", "token_id")

    def _store(self, token):
        """Write a token dict from the Xero client (after an exchange or a refresh)."""
        self.ensure_one()
        self.write(self._values_from(token))

    def _values_from(self, token):
        vals = {
            "access_token_enc": encrypt(token["access_token"]),
            "expires_at": epoch_to_datetime(token["expires_at"]),
            "refreshed_at": fields.Datetime.now(),
            "scope": " ".join(token.get("scope") or []),
        }
        if token.get("refresh_token"):
            vals["refresh_token_enc"] = encrypt(token["refresh_token"])
        if token.get("auth_event_id"):
            vals["auth_event_id"] = token["auth_event_id"]
        return vals

    def _access_token(self):
        self.ensure_one()
        return decrypt(self.access_token_enc)

    def _refresh_token(self):
        self.ensure_one()
        return decrypt(self.refresh_token_enc)
