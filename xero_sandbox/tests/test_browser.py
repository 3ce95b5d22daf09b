"""The consent page renders in a real headless Chromium (the DOM after load, not our HTML string)."""

import shutil
import subprocess
from urllib.parse import urlencode

import pytest

from xero_sandbox import testing

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (scripts/setup.sh installs it)")
def test_consent_page_renders_in_chromium(sandbox, tmp_path):
    url = f"{sandbox.url}/identity/connect/authorize?" + urlencode({
        "response_type": "code", "client_id": testing.CLIENT_ID, "redirect_uri": testing.REDIRECT_URI,
        "scope": "offline_access accounting.settings.read accounting.manualjournals", "state": "browser",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method": "S256"})
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}",
         "--virtual-time-budget=3000", "--dump-dom", url],
        capture_output=True, text=True, timeout=60, check=False).stdout
    assert "wants to access your Xero data" in dom
    assert dom.count('name="tenant_ids"') == 4 and "Kiwi Garden Supplies" in dom
    assert "Manual journals" in dom and 'value="allow"' in dom
