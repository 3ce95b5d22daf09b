"""Runs last: the server log of the whole end-to-end run holds no token."""

import re

JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.")
BEARER = re.compile(r"Bearer\s+[A-Za-z0-9._-]{8,}")


def test_no_token_in_the_server_log(odoo_env):
    path = odoo_env.get("log")
    assert path, "ODOO_LOG is not set"
    with open(path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    assert "xero" in text.lower() or "XML-RPC" in text or len(text) > 1000
    assert not JWT.findall(text), "an access token (JWT) was logged"
    assert not BEARER.findall(text), "an Authorization header was logged"
    assert "refresh_token" not in text


def test_live_updates_served_without_websocket_errors(odoo_env):
    """The server runs as the demo does (threaded): the web client's websocket binds, so job
    forms follow their jobs and nobody reads "Real-time connection lost"."""
    with open(odoo_env["log"], encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    assert "Couldn't bind the websocket" not in text
