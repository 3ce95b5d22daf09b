"""Run the sandbox as its own process for a test: `with SandboxProcess() as sandbox: ...`.

The process listens on a free port with a fresh in-memory database, in strict mode (every
exchange checked against Xero's contracts); `sandbox.violations()` lists what failed the
contracts, and leaving the block raises if anything did.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from .app import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_WEBHOOK_KEY
from .seed import TENANT_IDS

CLIENT_ID, CLIENT_SECRET, WEBHOOK_KEY = DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_WEBHOOK_KEY
REDIRECT_URI = "http://localhost:8069/xero/oauth/callback"
ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 120


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ContractViolation(AssertionError):
    pass


class SandboxProcess:
    def __init__(self, port=None, webhook_url=None, limits="", strict=True, db=":memory:", check_contract=True,
                 extra_args=()):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.check_contract = check_contract and strict
        self.args = [sys.executable, "-m", "xero_sandbox", "serve", "--port", str(self.port), "--db", db, "--quiet"]
        if webhook_url:
            self.args += ["--webhook-url", webhook_url]
        if limits:
            self.args += ["--limits", limits]
        if strict:
            self.args.append("--strict")
        self.args += list(extra_args)
        self.proc = None

    def __enter__(self):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        self.log = tempfile.TemporaryFile("w+")  # a file, not a pipe: nobody has to drain it
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=env, stdout=self.log,  # noqa: S603 (our module)
                                     stderr=subprocess.STDOUT, text=True)
        # it answers within seconds; a loaded 2-core machine running the test groups side by
        # side (scripts/test.sh) has taken over 30 s to start it: leave it time, fail if it dies
        deadline = time.time() + STARTUP_SECONDS
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the sandbox exited: {self.output()}")
            try:
                requests.get(self.url + "/__sandbox__/state", timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the sandbox did not start within {STARTUP_SECONDS} s")

    def __exit__(self, exc_type, exc, tb):
        violations = self.violations() if self.check_contract and self.proc.poll() is None else []
        self.stop()
        if violations and exc_type is None:
            raise ContractViolation(f"{len(violations)} exchange(s) broke Xero's contract: {violations[:3]}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def output(self):
        self.log.seek(0)
        return self.log.read()

    def admin(self, method, path, **kwargs):
        reply = requests.request(method, self.url + path, timeout=30, **kwargs)
        reply.raise_for_status()
        return reply.json()

    def violations(self):
        return self.admin("GET", "/__sandbox__/contract")["violations"]

    def reset(self):
        return self.admin("POST", "/__sandbox__/reset", json={})

    def grant(self, tenant_ids=None, scopes=None):
        """Tokens for these organisations (all when None) without the consent page."""
        return self.admin("POST", "/__sandbox__/grants", json={"tenant_ids": tenant_ids, "scopes": scopes})


TENANTS = TENANT_IDS
