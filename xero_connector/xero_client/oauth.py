"""Xero's OAuth2 authorization-code flow with PKCE (S256), and its connections API.

    oauth = XeroOAuth(config)
    url = oauth.authorization_url(state, verifier, scopes)   # send the browser there
    token = oauth.exchange_code(code, verifier)              # in the callback
    tenants = oauth.list_connections(token["access_token"], token["auth_event_id"])
    token = oauth.refresh(token["refresh_token"])            # rotation: keep the NEW one
    oauth.delete_connection(access_token, connection_id); oauth.revoke(refresh_token)

Token dicts: access_token, refresh_token, expires_at (epoch seconds), expires_in,
token_type, scope (list), id_token, auth_event_id.

The OAuth2 protocol work — the PKCE challenge, the authorize URI, token request bodies and
validating token replies — is oauthlib's (the maintained library under requests-oauthlib);
the HTTP is sent through the client's own Transport so timeouts, retries, the error
hierarchy and the no-secrets-in-logs rule are the same as for every other call.
requests-oauthlib's OAuth2Session is not used: it logs request bodies and tokens at DEBUG
level and refuses http:// endpoints (the local sandbox) unless a process-wide switch is set.
"""

import base64
import json
import time
from urllib.parse import quote

from oauthlib.common import add_params_to_uri, urlencode
from oauthlib.oauth2.rfc6749.errors import OAuth2Error
from oauthlib.oauth2.rfc6749.parameters import prepare_token_request, validate_token_parameters
from oauthlib.oauth2.rfc6749.tokens import OAuth2Token
from oauthlib.oauth2.rfc6749.utils import scope_to_list
from requests.auth import HTTPBasicAuth

from .config import scopes_for
from .errors import XeroMalformedResponse
from .state import code_challenge
from .transport import Transport


class XeroOAuth:
    """OAuth2 calls for one Xero app (the credentials of a XeroConfig)."""

    def __init__(self, config, session=None, stats=None, sleep=time.sleep, clock=time.time):
        self.config = config
        self.transport = Transport(config, session=session, stats=stats, sleep=sleep)
        self.clock = clock

    @property
    def stats(self):
        return self.transport.stats

    # ------------------------------------------------------------------ consent
    def authorization_url(self, state, code_verifier, scopes=None):
        """The login.xero.com URL that asks the user to consent (PKCE S256)."""
        return add_params_to_uri(self.config.authorize_endpoint, [
            ("response_type", "code"),
            ("client_id", self.config.client_id),
            ("redirect_uri", self.config.redirect_uri),
            ("scope", " ".join(scopes or scopes_for())),
            ("state", state),
            ("code_challenge", code_challenge(code_verifier)),
            ("code_challenge_method", "S256"),
        ])

    def exchange_code(self, code, code_verifier):
        """The authorization code (+ its PKCE verifier) -> a token dict."""
        return self._token_request("authorization_code", code=code, redirect_uri=self.config.redirect_uri,
                                   code_verifier=code_verifier)

    def refresh(self, refresh_token):
        """A new token dict. Xero rotates refresh tokens: store the returned one at once,
        the old one stops working (XeroAuthError reason invalid_grant)."""
        return self._token_request("refresh_token", refresh_token=refresh_token)

    def revoke(self, refresh_token):
        """Revoke a grant (its refresh token and every access token issued from it)."""
        extra, auth = self._client_auth()
        body = urlencode([("token", refresh_token), *extra.items()])
        self.transport.request("POST", self.config.revocation_endpoint, data=body, auth=auth,
                               headers=FORM_HEADERS, expect_json=False)

    def _client_auth(self):
        """Confidential apps authenticate with HTTP Basic; PKCE-only apps send client_id."""
        if self.config.client_secret:
            return {}, HTTPBasicAuth(self.config.client_id, self.config.client_secret)
        return {"client_id": self.config.client_id}, None

    def _token_request(self, grant_type, **params):
        extra, auth = self._client_auth()
        body = prepare_token_request(grant_type, **params, **extra)
        data = self.transport.request("POST", self.config.token_endpoint, data=body, auth=auth,
                                      headers=FORM_HEADERS)
        return self._token_dict(data)

    def _token_dict(self, data):
        if not isinstance(data, dict):
            raise XeroMalformedResponse("Xero's token reply is not a JSON object.", 200)
        try:
            token = OAuth2Token(data)
            validate_token_parameters(token)
        except OAuth2Error as exc:
            raise XeroMalformedResponse(f"Xero's token reply is not usable: {exc.description}.", 200,
                                        sorted(data)) from None
        expires_in = int(token.get("expires_in") or 0)
        return {
            "access_token": token["access_token"],
            "refresh_token": token.get("refresh_token"),
            "token_type": token.get("token_type", "Bearer"),
            "expires_in": expires_in,
            "expires_at": int(self.clock()) + expires_in,
            "scope": scope_to_list(token.get("scope")) or [],
            "id_token": token.get("id_token"),
            "auth_event_id": auth_event_id(token["access_token"]),
        }

    # ------------------------------------------------------------------ connections
    def list_connections(self, access_token, auth_event_id=None):
        """The organisations this token may call: [{id, tenantId, tenantName, tenantType,
        authEventId, createdDateUtc, updatedDateUtc}]; only those authorised in one
        consent when auth_event_id is given."""
        params = {"authEventId": auth_event_id} if auth_event_id else None
        data = self.transport.request("GET", self.config.connections_endpoint, params=params,
                                      headers=_bearer(access_token))
        if not isinstance(data, list):
            raise XeroMalformedResponse("Xero's connections reply is not a list.", 200)
        return data

    def delete_connection(self, access_token, connection_id):
        """Disconnect one organisation (the connection `id`, not the tenant id)."""
        url = f"{self.config.connections_endpoint}/{quote(str(connection_id), safe='')}"
        self.transport.request("DELETE", url, headers=_bearer(access_token), expect_json=False)


FORM_HEADERS = {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"}


def _bearer(access_token):
    return {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}


def jwt_claims(token):
    """The claims of a JWT, unverified (Xero's access tokens are JWTs); {} if not a JWT.

    Only for reading non-security data such as authentication_event_id: the signature is
    not checked, so never base an access decision on these claims.
    """
    parts = (token or "").split(".")
    if len(parts) != 3:
        return {}
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, TypeError):
        return {}
    return claims if isinstance(claims, dict) else {}


def auth_event_id(access_token):
    """The consent that issued this access token (filters GET /connections), or None."""
    return jwt_claims(access_token).get("authentication_event_id")
