"""The sandbox's state in SQLite: organisations, their records, OAuth grants, calls, events.

A file database keeps the demo's data across restarts; tests use ":memory:". One
connection is shared by the server's threads behind a lock: the sandbox serves a handful of
clients, and a single writer keeps every request atomic (like one Xero organisation would).
Records are stored as the JSON Xero returns, with the update time (epoch seconds, sandbox
clock) beside it for If-Modified-Since and paging.
"""

import json
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tenants (
    id TEXT PRIMARY KEY, key TEXT UNIQUE, name TEXT NOT NULL, position INTEGER NOT NULL,
    organisation TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    tenant TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, updated REAL NOT NULL,
    seq INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (tenant, kind, id));
CREATE INDEX IF NOT EXISTS records_updated ON records (tenant, kind, updated, seq);
CREATE TABLE IF NOT EXISTS auth_codes (code TEXT PRIMARY KEY, data TEXT NOT NULL,
    expires REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS grants (id TEXT PRIMARY KEY, client_id TEXT NOT NULL,
    scopes TEXT NOT NULL, auth_event_id TEXT NOT NULL, created REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, kind TEXT NOT NULL,
    grant_id TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL,
    used REAL, successor TEXT, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS connections (id TEXT PRIMARY KEY, client_id TEXT NOT NULL,
    tenant TEXT NOT NULL, auth_event_id TEXT NOT NULL, created REAL NOT NULL,
    updated REAL NOT NULL, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS calls (seq INTEGER PRIMARY KEY AUTOINCREMENT, ts REAL NOT NULL,
    tenant TEXT, method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL,
    problem TEXT, counted INTEGER NOT NULL DEFAULT 0, spoiled TEXT);
CREATE INDEX IF NOT EXISTS calls_tenant ON calls (tenant, counted, ts);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL,
    category TEXT NOT NULL, type TEXT NOT NULL, resource_id TEXT NOT NULL, ts REAL NOT NULL,
    delivered INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS deliveries (seq INTEGER PRIMARY KEY AUTOINCREMENT, ts REAL NOT NULL,
    url TEXT NOT NULL, status INTEGER, signed_ok INTEGER NOT NULL, body TEXT NOT NULL,
    error TEXT);
"""


def _tenant(row):
    return {"id": row["id"], "key": row["key"], "name": row["name"], "organisation": json.loads(row["organisation"])}


def new_id():
    return str(uuid.uuid4())


class Store:
    """SQLite state plus the sandbox clock (real time + an offset that tests move)."""

    def __init__(self, path=":memory:"):
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        if path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)
        if "spoiled" not in {r[1] for r in self.db.execute("PRAGMA table_info(calls)")}:  # older files
            self.db.execute("ALTER TABLE calls ADD COLUMN spoiled TEXT")
        self.lock = threading.RLock()
        self._depth = 0
        self._offset = float(self.get_meta("clock_offset", 0.0))
        self._seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM records").fetchone()[0]

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def tx(self):
        """One atomic unit of work; nested calls join the outer one."""
        with self.lock:
            self._depth += 1
            if self._depth == 1:
                self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self._depth == 1:
                    self.db.execute("ROLLBACK")
                raise
            else:
                if self._depth == 1:
                    self.db.execute("COMMIT")
            finally:
                self._depth -= 1

    def query(self, sql, params=()):
        with self.lock:
            return self.db.execute(sql, params).fetchall()

    def execute(self, sql, params=()):
        with self.tx() as db:
            return db.execute(sql, params)

    def wipe(self):
        with self.tx() as db:
            for table in ("meta", "tenants", "records", "auth_codes", "grants", "tokens",
                          "connections", "calls", "events", "deliveries"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
        self._offset, self._seq = 0.0, 0

    # ------------------------------------------------------------------ clock
    def now(self):
        return time.time() + self._offset

    def advance(self, seconds):
        self._offset += float(seconds)
        self.set_meta("clock_offset", self._offset)
        return self.now()

    def set_now(self, epoch):
        return self.advance(float(epoch) - self.now())

    # ------------------------------------------------------------------ meta
    def get_meta(self, key, default=None):
        row = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return json.loads(row[0][0]) if row else default

    def set_meta(self, key, value):
        self.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    # ------------------------------------------------------------------ tenants
    def add_tenant(self, tenant_id, key, name, organisation):
        with self.tx() as db:
            position = db.execute("SELECT COUNT(*) FROM tenants").fetchone()[0]
            db.execute("INSERT OR REPLACE INTO tenants (id, key, name, position, organisation) "
                       "VALUES (?, ?, ?, ?, ?)", (tenant_id, key, name, position, json.dumps(organisation)))

    def tenants(self):
        rows = self.query("SELECT id, key, name, organisation FROM tenants ORDER BY position")
        return [_tenant(r) for r in rows]

    def tenant(self, tenant_id):
        rows = self.query("SELECT id, key, name, organisation FROM tenants WHERE id = ? OR key = ?",
                          (tenant_id, tenant_id))
        if not rows:
            return None
        return _tenant(rows[0])

    def save_organisation(self, tenant_id, organisation):
        self.execute("UPDATE tenants SET organisation = ?, name = ? WHERE id = ?",
                     (json.dumps(organisation), organisation["Name"], tenant_id))

    # ------------------------------------------------------------------ records
    def put(self, tenant, kind, record_id, data, updated=None):
        """Insert or replace one record; returns its update time."""
        return self.put_many(tenant, kind, [(record_id, data)], updated)

    def put_many(self, tenant, kind, items, updated=None):
        """items: (id, data) pairs, or (id, data, update time) to give each its own."""
        updated = self.now() if updated is None else updated
        with self.tx() as db:
            rows = []
            for record_id, data, *when in items:
                self._seq += 1
                rows.append((tenant, kind, record_id, when[0] if when else updated, self._seq, json.dumps(data)))
            db.executemany("INSERT OR REPLACE INTO records (tenant, kind, id, updated, seq, data) "
                           "VALUES (?, ?, ?, ?, ?, ?)", rows)
        return updated

    def get(self, tenant, kind, record_id):
        rows = self.query("SELECT data FROM records WHERE tenant = ? AND kind = ? AND id = ?",
                          (tenant, kind, record_id))
        return json.loads(rows[0][0]) if rows else None

    def all(self, tenant, kind, since=None):
        """Records of a kind, oldest change first; only those changed after `since` if given."""
        sql = "SELECT data FROM records WHERE tenant = ? AND kind = ?"
        params = [tenant, kind]
        if since is not None:
            sql += " AND updated > ?"
            params.append(since)
        return [json.loads(r[0]) for r in self.query(sql + " ORDER BY updated, seq", params)]

    def page(self, tenant, kind, since, offset, limit):
        """(records of one page, total) in the same order as all(); read in SQL, not in Python."""
        where, params = "tenant = ? AND kind = ?", [tenant, kind]
        if since is not None:
            where += " AND updated > ?"
            params.append(since)
        total = self.query(f"SELECT COUNT(*) FROM records WHERE {where}", params)[0][0]  # noqa: S608
        rows = self.query(f"SELECT data FROM records WHERE {where} ORDER BY updated, seq LIMIT ? OFFSET ?",  # noqa: S608
                          [*params, limit, offset])
        return [json.loads(r[0]) for r in rows], total

    def columns(self, tenant, kind, *paths):
        """One row per record of a kind: the values at these JSON paths ("$.InvoiceNumber"), read
        by SQLite without decoding whole records in Python (an organisation's every document, for
        each write, would cost more than the write)."""
        values = ", ".join("json_extract(data, ?)" for _path in paths)
        return self.query(f"SELECT id, {values} FROM records WHERE tenant = ? AND kind = ?",  # noqa: S608
                          (*paths, tenant, kind))

    def count(self, tenant, kind):
        return self.query("SELECT COUNT(*) FROM records WHERE tenant = ? AND kind = ?", (tenant, kind))[0][0]
