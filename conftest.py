"""pytest at the repository root, without Odoo.

pytest imports test modules inside packages through their parents, and the addon's
`xero_connector/__init__.py` imports Odoo. Outside Odoo, register `xero_connector` as a bare
package so its pure-Python parts (the Xero client) import without running the addon.
"""

import importlib.util
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent

if importlib.util.find_spec("odoo") is None and "xero_connector" not in sys.modules:
    package = types.ModuleType("xero_connector")
    package.__path__ = [str(ROOT / "xero_connector")]
    sys.modules["xero_connector"] = package

# Tests that run for minutes (the sandbox's fuzzing has a time budget and one full round) start
# first: with pytest-xdist (scripts/test.sh) the other workers take the rest meanwhile instead
# of waiting for one long test at the end.
LONG_FIRST = ("xero_sandbox/tests/test_fuzz.py",)


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_FIRST))
