import base64
import json

import pytest

from xero_client import StateError, code_challenge, new_code_verifier, read_state, sign_state

SECRET = "database-secret-for-tests"


def test_round_trip_adds_nonce_and_time():
    state = sign_state(SECRET, {"db": "demo"}, now=1000)
    data = read_state(SECRET, state, max_age=900, now=1100)
    assert data["db"] == "demo" and data["iat"] == 1000 and len(data["nonce"]) >= 16
    other = sign_state(SECRET, {"db": "demo"}, now=1000)
    assert other != state  # a fresh random nonce each time
    assert read_state(SECRET, sign_state(SECRET, {"nonce": "n1"}), 60)["nonce"] == "n1"


def test_expired():
    state = sign_state(SECRET, {"nonce": "n"}, now=1000)
    with pytest.raises(StateError, match="expired"):
        read_state(SECRET, state, max_age=900, now=1901)
    with pytest.raises(ValueError):  # StateError is a ValueError (the Odoo side catches that)
        read_state(SECRET, state, max_age=900, now=5000)


def test_forged_with_other_secret():
    state = sign_state("another-secret", {"nonce": "n"})
    with pytest.raises(StateError, match="signature"):
        read_state(SECRET, state, max_age=900)


def test_tampered_payload():
    state = sign_state(SECRET, {"nonce": "n", "db": "demo"})
    body, sig = state.split(".")
    data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    data["db"] = "prod"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    with pytest.raises(StateError):
        read_state(SECRET, f"{forged}.{sig}", max_age=900)
    with pytest.raises(StateError):
        read_state(SECRET, state[:-2] + ("AA" if state[-2:] != "AA" else "BB"), max_age=900)


@pytest.mark.parametrize("junk", ["", "abc", "a.b.c", None, "!!!.???"])
def test_malformed(junk):
    with pytest.raises(StateError):
        read_state(SECRET, junk, max_age=900)


def test_future_state_refused():
    state = sign_state(SECRET, {}, now=10_000)
    with pytest.raises(StateError):
        read_state(SECRET, state, max_age=900, now=1000)


def test_empty_secret_refused():
    with pytest.raises(ValueError):
        sign_state("", {})


def test_pkce_rfc7636_vector():
    # RFC 7636 appendix B
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_code_verifier_shape():
    verifier = new_code_verifier()
    assert 43 <= len(verifier) <= 128
    assert set(verifier) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    assert new_code_verifier() != verifier
