"""A job's lock is released even when its transaction failed (issue 27): once a serialization
failure while marking a dead worker's job interrupted left the lock held, because the unlock ran
inside the aborted transaction; the organisation's jobs of that kind then never ran again
until the server restarted."""

from unittest.mock import patch

from odoo import api
from odoo.tests import tagged
from odoo.tools import mute_logger
from psycopg2.errors import SerializationFailure

from ..models.xero_sync_job import XeroSyncJob
from .common import run_as_worker
from .test_sandbox_flow import WALLABY, CommittedSandboxCase

SERIALIZATION_FAILURE = "DO $$ BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$"


@tagged("post_install", "-at_install")
class TestJobLockSurvivesAFailedTransaction(CommittedSandboxCase):

    def setUp(self):
        super().setUp()
        self.commit_connection(WALLABY, ["offline_access", "accounting.settings"], "Wallaby (lock)")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            job = env["xero.sync.job"]._enqueue(env["xero.connection"].browse(self.conn_id), "contacts", "manual")
            job.write({"state": "running", "yielded": False})  # its worker died
            self.job_id, self.key = job.id, job._lock_key()

    def lock_is_free(self):
        """Can another session take the job's lock (and give it back)?"""
        with self.registry.cursor() as cr:
            cr.execute("SELECT pg_try_advisory_lock(%s, %s)", self.key)
            free = cr.fetchone()[0]
            if free:
                cr.execute("SELECT pg_advisory_unlock(%s, %s)", self.key)
            return free

    def run_worker(self):
        results = []
        run_as_worker(self, lambda env: env["xero.sync.job"]._run_next(env["xero.connection"].browse(self.conn_id)),
                      results, su=True)
        return results[0]

    def test_serialization_failure_while_marking_a_dead_workers_job(self):
        def conflicting(job):
            job.env.cr.execute(SERIALIZATION_FAILURE)  # as a concurrent update of the job would

        with patch.object(XeroSyncJob, "_interrupted", conflicting), mute_logger("odoo.sql_db"):
            outcome = self.run_worker()
        self.assertIsInstance(outcome, SerializationFailure)
        self.assertTrue(self.lock_is_free())
        # and the next worker marks it interrupted and continues it
        self.assertIsInstance(self.run_worker(), int)
        with self.registry.cursor() as cr:
            job = api.Environment(cr, self.env.uid, {})["xero.sync.job"].browse(self.job_id)
            self.assertEqual(job.state, "interrupted", job.log)
        self.assertTrue(self.lock_is_free())

    def test_failure_in_the_job_itself_releases_the_lock(self):
        def conflicting(job, deadline):
            job.env.cr.execute(SERIALIZATION_FAILURE)

        with patch.object(XeroSyncJob, "_run", conflicting), mute_logger("odoo.sql_db"):
            self.assertIsInstance(self.run_worker(), SerializationFailure)
        self.assertTrue(self.lock_is_free())
