"""Faults on demand: the next N matching calls fail the way real networks and Xero fail.

Kinds:
  500, 503    Xero's server error bodies
  hang        the reply is held for `seconds` (past any sane client timeout), then sent
  disconnect  the TCP connection is cut before any reply
  lost        the request is carried out (a write is stored, its Idempotency-Key remembered),
              then the TCP connection is cut: the reply is lost after Xero saved (`method`, e.g.
              "PUT" or "POST", keeps a write's fault from being used up by a read of the same path)
  malformed   200 with a body that is not JSON
  revoked     401 as for an access token Xero has revoked
  429         Xero's rate-limit reply with Retry-After: `seconds` (whole, at least 1)
Each fault matches calls whose path contains `path` (default: every API call) and, if given,
only one tenant and one HTTP method. Faults live in memory: they are for tests, not for the demo's state.
"""

import threading

KINDS = ("500", "503", "hang", "disconnect", "malformed", "revoked", "429", "lost")


class Faults:
    def __init__(self):
        self._faults = []
        self._lock = threading.Lock()

    def add(self, kind, count=1, path="", tenant=None, seconds=30.0, method=None):
        kind = str(kind)
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(KINDS)}")
        fault = {"kind": kind, "count": int(count), "path": path or "", "tenant": tenant,
                 "seconds": float(seconds), "method": method.upper() if method else None}
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self):
        with self._lock:
            self._faults.clear()

    def pending(self):
        with self._lock:
            return [dict(f) for f in self._faults]

    def take(self, kinds, path, tenant=None, method=None):
        """The first armed fault of one of `kinds` matching this call (used up by one), or None."""
        kinds = (kinds,) if isinstance(kinds, str) else kinds
        with self._lock:
            for fault in self._faults:
                if fault["kind"] in kinds and fault["path"].lower() in path.lower() and (
                        fault["tenant"] in (None, tenant)) and fault.get("method") in (None, method):
                    fault["count"] -= 1
                    if fault["count"] <= 0:
                        self._faults.remove(fault)
                    return dict(fault)
        return None
