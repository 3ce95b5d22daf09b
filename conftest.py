"""pytest at the repository root, without Odoo.

pytest imports test modules inside packages through their parents, and the addon's
`xero_connector/__init__.py` imports Odoo. Outside Odoo, register `xero_connector` as a bare
package so its pure-Python parts (the Xero client) import without running the addon; the
same for `xero_connector.sync`, whose `__init__` imports Odoo-bound importers (its pure
modules' tests, in `xero_connector/sync/tests`, load them by file path).
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
    sync = types.ModuleType("xero_connector.sync")
    sync.__path__ = [str(ROOT / "xero_connector" / "sync")]
    sys.modules["xero_connector.sync"] = sync
