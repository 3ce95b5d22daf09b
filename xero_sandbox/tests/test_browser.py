"""The consent page renders in a real headless Chromium (the DOM after load, not our HTML string)."""

import shutil
import subprocess
from urllib.parse import urlencode

import pytest

from xero_sandbox import testing
from xero_sandbox.tests.common import WALLABY
from xero_sandbox.tests.test_payment_writes import pay, setup_invoice

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


def dump_dom(url, tmp_path):
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}",
         "--virtual-time-budget=3000", "--dump-dom", url],
        capture_output=True, text=True, timeout=60, check=False).stdout


@pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (scripts/setup.sh installs it)")
def test_document_page_shows_amount_due_payments_and_files(api, sandbox, tmp_path):
    saved, bank, _accounts = setup_invoice(api)
    paid = api.put("Payments", {"Payments": [pay(saved["InvoiceID"], {"Code": bank["Code"]}, 40.0, "P1 odoo:x:pay1")]})
    assert paid.status_code == 200, paid.text
    attached = api.request("POST", f"Invoices/{saved['InvoiceID']}/Attachments/INV_0001.pdf", data=b"%PDF-1.4 x",
                           headers={"Content-Type": "application/octet-stream"})
    assert attached.status_code == 200, attached.text
    dom = dump_dom(f"{sandbox.url}/__sandbox__/tenants/{WALLABY}/Invoices/{saved['InvoiceID']}", tmp_path)
    assert f"<h1>{saved['InvoiceNumber']}</h1>" in dom
    assert "<dt>Amount due</dt><dd>70.0</dd>" in dom  # 110.00 less 40.00
    assert "<td>P1 odoo:x:pay1</td><td>40.0</td><td>AUTHORISED</td>" in dom
    assert "<td>INV_0001.pdf</td><td>10</td><td>application/pdf</td>" in dom
    missing = dump_dom(f"{sandbox.url}/__sandbox__/tenants/{WALLABY}/Invoices/nothing-here", tmp_path)
    assert "No such document" in missing
