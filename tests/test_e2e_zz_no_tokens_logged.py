"""Runs last: the server log of the whole end-to-end run holds no token."""

import re
import shutil
from pathlib import Path

JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.")
BEARER = re.compile(r"Bearer\s+[A-Za-z0-9._-]{8,}")
WEBSOCKET_OPENED = re.compile(r'"GET /websocket\S* HTTP/1\.1" 101 ')


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
    """The server runs as the demo does (both start Odoo with SERVE_OPTS): the web client's
    websocket binds, so job forms follow their jobs and nobody reads "Real-time connection
    lost". The browser test opened the web client: its websocket was served, not refused."""
    with open(odoo_env["log"], encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    assert "Couldn't bind the websocket" not in text
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        assert WEBSOCKET_OPENED.search(text), "no websocket was served: the greps above prove nothing"


def test_the_demo_serves_odoo_as_the_tests_do():
    """What the test above checks holds for the demo: scripts/demo.sh starts Odoo with the
    same server options as scripts/test.sh's end-to-end server."""
    scripts = Path(__file__).resolve().parents[1] / "scripts"
    assert re.search(r"^SERVE_OPTS=\(.*--workers=0", (scripts / "odoo_env.sh").read_text(), re.M)
    for name in ("demo.sh", "test.sh"):
        starts = [line for line in (scripts / name).read_text().splitlines()
                  if '"${ODOO_BIN[@]}"' in line and "--db-filter" in line]
        assert starts and all('"${SERVE_OPTS[@]}"' in line and "--workers" not in line for line in starts), name
