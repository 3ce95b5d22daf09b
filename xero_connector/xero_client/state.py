"""What travels through the browser during consent: the signed state and PKCE values.

`sign_state` / `read_state`: an HMAC-SHA256-signed, expiring `state` parameter. The
payload always carries a random nonce; single use is the caller's part (store the nonce
when the flow starts, consume it in the callback).
PKCE (RFC 7636, S256): `new_code_verifier` and `code_challenge`.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time

from oauthlib.oauth2 import WebApplicationClient

CLOCK_SKEW = 60  # seconds a state may claim to come from the future


class StateError(ValueError):
    """The state is forged, tampered with, malformed or expired."""


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(secret):
    if not secret:
        raise ValueError("A secret is needed to sign the OAuth state.")
    return secret.encode() if isinstance(secret, str) else bytes(secret)


def _mac(secret, body):
    return hmac.new(_key(secret), b"xero-state." + body.encode("ascii"), hashlib.sha256).digest()


def sign_state(secret, payload, now=None):
    """A URL-safe `state` carrying `payload` (a JSON-able dict), signed and timestamped.

    Adds `iat` (issued at, epoch seconds) and a random `nonce` unless the payload has one.
    """
    data = dict(payload or {})
    data.setdefault("nonce", secrets.token_urlsafe(16))
    data["iat"] = int(now if now is not None else time.time())
    body = _b64(json.dumps(data, separators=(",", ":"), sort_keys=True).encode())
    return f"{body}.{_b64(_mac(secret, body))}"


def read_state(secret, state, max_age, now=None):
    """The payload of a state made by `sign_state`; raises StateError (a ValueError) when
    the signature does not match (forged or tampered) or it is older than max_age seconds."""
    if not isinstance(state, str) or state.count(".") != 1:
        raise StateError("Malformed state.")
    body, signature = state.split(".")
    try:
        given = _unb64(signature)
    except (ValueError, TypeError):
        raise StateError("Malformed state signature.") from None
    if not hmac.compare_digest(given, _mac(secret, body)):
        raise StateError("The state signature does not match.")
    try:
        data = json.loads(_unb64(body))
    except (ValueError, TypeError):
        raise StateError("Malformed state payload.") from None
    if not isinstance(data, dict) or not isinstance(data.get("iat"), int):
        raise StateError("Malformed state payload.")
    now = now if now is not None else time.time()
    age = now - data["iat"]
    if age > max_age:
        raise StateError("The state has expired.")
    if age < -CLOCK_SKEW:
        raise StateError("The state comes from the future.")
    return data


def new_code_verifier():
    """A PKCE code verifier: 86 characters of [A-Za-z0-9_-] (RFC 7636 allows 43-128)."""
    return secrets.token_urlsafe(64)


def code_challenge(verifier):
    """The S256 code challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))), by oauthlib."""
    return WebApplicationClient(None).create_code_challenge(verifier, "S256")
