"""Fault injection's machinery, shared by the core's suite (test_sandbox_faults.py) and the
bridge addons' (issue 27): the job machinery's commits made savepoints a kill rolls back to, as
PostgreSQL drops a killed session's open transaction; a send broken at a chosen point; the
restart as the scheduler does it."""

import contextlib
from unittest.mock import patch

from odoo.tools import SQL, mute_logger
from psycopg2 import Error as PgError

from ..models import xero_sync_job
from ..sync import steps
from ..sync.publish import batch, contact_groups, orders, outbox
from ..sync.publish.batch import BatchExporter
from ..sync.pull import base as pull_base
from .test_sandbox_publish import WorkerKilled

# where a send breaks: before the call; after Xero stored it, before the reply; the reply lost
# with the worker alive (the sandbox's `lost` fault); after the reply, before Odoo wrote any of
# it; half way through writing it
KILLS = ("before", "stored", "lost", "reply", "recorded")


class LaterFailure(Exception):
    """Something after the connector's hook fails Odoo's transaction (a constraint, a lock)."""


class Durable:
    """The job machinery's commits, made savepoints of the test's transaction; kill() drops what
    the worker had not committed, as a killed session's transaction is dropped."""

    MODULES = (steps, xero_sync_job, batch, outbox, contact_groups, orders, pull_base)

    def __init__(self, env):
        self.env, self.names, self.count = env, [], 0

    def commit(self, env):
        env.flush_all()
        self.count += 1
        name = f"durable_{id(self)}_{self.count}"
        env.cr.execute(SQL("SAVEPOINT %s", SQL.identifier(name)))
        self.names.append(name)

    def rollback(self, env):
        self.kill()

    def kill(self):
        """Back to the last commit. A savepoint of the job's own (cr.savepoint()) that was open at
        a commit may have taken newer ones with it: the newest one still there is used."""
        cr = self.env.cr
        self.env.transaction.clear()
        cr.precommit.clear()
        with mute_logger("odoo.sql_db"):
            while self.names:
                try:
                    cr.execute(SQL("ROLLBACK TO SAVEPOINT %s", SQL.identifier(self.names[-1])))
                    break
                except PgError:
                    self.names.pop()
        self.env.invalidate_all(flush=False)

    @contextlib.contextmanager
    def patched(self):
        with contextlib.ExitStack() as stack:
            for module in self.MODULES:
                if hasattr(module, "commit"):
                    stack.enter_context(patch.object(module, "commit", self.commit))
            stack.enter_context(patch.object(xero_sync_job, "rollback", self.rollback))
            self.commit(self.env)
            yield self


class FaultInjection:
    """Breaking a send where real ones break, and the restart (for the sandbox cases here and in
    the bridge addons): `self.sandbox`, `self.tenant`, `self.conn`, `self.env` and the publishing
    case's run_jobs/publish are the case's."""

    def open_jobs(self):
        return self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id),
                                                 ("state", "in", ("queued", "running"))])

    @contextlib.contextmanager
    def fault(self, sender, kill):
        """The first send of `sender` breaks at `kill`; yields a dict whose "fired" says it did."""
        state = {"fired": False}
        real_save, real_wait, real_accepted = sender.save, BatchExporter._wait, sender.accepted

        def fire():
            state["fired"] = True
            raise WorkerKilled()

        def save(exporter, group, payloads, idempotency_key):
            if state["fired"] or not isinstance(exporter, sender):
                return real_save(exporter, group, payloads, idempotency_key)
            if kill == "before":
                fire()
            if kill == "lost":  # the next call on this path is the write: stored, then the reply lost
                state["fired"] = True
                self.sandbox.admin("POST", "/__sandbox__/faults", json={
                    "kind": "lost", "path": group.split("/")[0], "tenant": self.tenant})
            results = real_save(exporter, group, payloads, idempotency_key)
            if kill == "stored":
                fire()
            return results

        def wait(exporter, call):
            results = real_wait(exporter, call)
            if kill == "reply" and not state["fired"] and isinstance(exporter, sender):
                fire()
            return results

        def accepted(exporter, record, xero_id, element):
            real_accepted(exporter, record, xero_id, element)
            if kill == "recorded" and not state["fired"]:
                fire()

        with patch.object(sender, "save", save), patch.object(BatchExporter, "_wait", wait), \
                patch.object(sender, "accepted", accepted):
            yield state

    def jobs_log(self):
        return "\n".join(self.env["xero.sync.job"].search([("connection_id", "=", self.conn.id)]).mapped("log")[-3:])

    def run_killed(self, durable):
        """The scheduler runs the organisation's jobs; a killed worker stops them all."""
        Job = self.env["xero.sync.job"]
        try:
            for _turn in range(5):
                if not self.open_jobs():
                    return False
                Job._run_next(self.conn)
        except WorkerKilled:
            durable.kill()
            return True
        return False

    def restart(self):
        """After the restart: the scheduler resumes the dead worker's job (interrupted, continued),
        then one more run (what a lost reply left to look for)."""
        self.run_jobs()
        if self.conn._xero_outbox_waiting():
            self.env["xero.sync.job"]._enqueue(self.conn, "outbox", "schedule")
        self.publish()

    @contextlib.contextmanager
    def example(self):
        """One example in a savepoint rolled back afterwards: the next starts from the same Odoo
        (Xero keeps what it got: the next example's records are new ones)."""
        self.sandbox.admin("DELETE", "/__sandbox__/faults")  # none left armed by an example before
        savepoint = self.env.cr.savepoint()
        try:
            with Durable(self.env).patched() as durable:
                yield durable
        finally:
            self.env.transaction.clear()
            savepoint.close(rollback=True)
            self.env.invalidate_all(flush=False)
