"""One live sandbox process (strict: every exchange checked against Xero's contracts) for the
whole test session, reset before each test; leaving the session fails on any contract
violation."""

import pytest

from xero_sandbox import testing
from xero_sandbox.tests.common import ALL_SCOPES, KIWI, THAMES, WALLABY, Api


@pytest.fixture(scope="session")
def live():
    with testing.SandboxProcess() as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(live):
    live.admin("POST", "/__sandbox__/reset", json={})
    live.admin("DELETE", "/__sandbox__/faults")
    return live


@pytest.fixture
def api(sandbox):
    """Wallaby Wholesale (AU) with every accounting scope."""
    token = sandbox.grant([WALLABY, KIWI, THAMES], ALL_SCOPES)["access_token"]
    return Api(sandbox, WALLABY, token)
