"""The command line: seed, generate and reset a SQLite file; state survives a restart."""

import subprocess
import sys

from xero_sandbox import testing
from xero_sandbox.tests.common import ALL_SCOPES, KIWI, Api


def run(*args):
    reply = subprocess.run([sys.executable, "-m", "xero_sandbox", *args, "--quiet"], cwd=testing.ROOT,
                           capture_output=True, text=True, timeout=120, check=False)
    assert reply.returncode == 0, reply.stderr
    return reply.stdout


def counts(sandbox, key):
    state = sandbox.admin("GET", "/__sandbox__/state")
    return next(t["counts"] for t in state["tenants"] if t["key"] == key)


def test_seed_generate_persist_and_reset(tmp_path):
    db = str(tmp_path / "sandbox.sqlite")
    out = run("seed", "--db", db, "--invoices", "250", "--lines", "2", "--tenant", "kiwi")
    assert "Kiwi Garden Supplies" in out and "'invoices': 250" in out
    with testing.SandboxProcess(db=db, strict=False) as sandbox:
        before = counts(sandbox, "kiwi")
        assert before["Invoices"] >= 250
        api = Api(sandbox, KIWI, sandbox.grant([KIWI], ALL_SCOPES)["access_token"])
        api.put("Contacts", {"Contacts": [{"Name": "Survives Restarts Ltd"}]})
        generated = api.items("Invoices", params={"where": 'InvoiceNumber.StartsWith("GEN-")', "page": 1,
                                                  "pageSize": 1000})
        assert len(generated) == 250 and all(len(i["LineItems"]) == 2 for i in generated)
    with testing.SandboxProcess(db=db, strict=False) as sandbox:
        assert counts(sandbox, "kiwi")["Contacts"] == before["Contacts"] + 1
    run("reset", "--db", db)
    with testing.SandboxProcess(db=db, strict=False) as sandbox:
        assert counts(sandbox, "kiwi")["Invoices"] < 250


def test_generate_over_the_admin_endpoint(sandbox):
    result = sandbox.admin("POST", "/__sandbox__/generate", json={"tenant": "thames", "invoices": 40, "lines": 3,
                                                                  "contacts": 5})
    assert result["invoices"] == 40 and counts(sandbox, "thames")["Invoices"] == result["total_invoices"]
