"""Test set-up for the pure-Python client.

pytest imports the `__init__.py` of every package above a test file when it sets up the
package nodes; the addon's `xero_connector/__init__.py` imports Odoo, which these tests
must not need. Stand in for that one module (only if Odoo is absent) and let the client
package resolve to the top-level `xero_client` the tests import.
"""

import sys
import types
from pathlib import Path

import xero_client

ADDON = Path(__file__).resolve().parents[2]

if "xero_connector" not in sys.modules:
    try:
        import odoo  # noqa: F401
    except ImportError:
        stub = types.ModuleType("xero_connector")
        stub.__path__ = [str(ADDON)]
        stub.__file__ = str(ADDON / "__init__.py")
        sys.modules["xero_connector"] = stub
        sys.modules.setdefault("xero_connector.xero_client", xero_client)
