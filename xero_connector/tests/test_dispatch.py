"""The runners (issue 30): a small pool of scheduled actions serves every due organisation.

Two runners in two database sessions pick different organisations and none twice; an
organisation whose lock another session holds is skipped; a dead worker's organisation is
picked up again. The job's body is stubbed: what is tested is who serves whom.
"""

import threading
import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .. import worker_budget
from ..models.xero_sync_dispatch import ORG_LOCK
from ..models.xero_sync_job import XeroSyncJob
from ..utils import env_on


@tagged("post_install", "-at_install")
class TestDispatchRunners(TransactionCase):

    def setUp(self):
        super().setUp()
        self.served = []
        served, guard = self.served, threading.Lock()

        def stub_run(job, deadline):
            time.sleep(0.2)  # long enough for the other runner to look for work meanwhile
            with guard:
                served.append((job.connection_id.id, job.trigger))
            job.write({"state": "done", "finished_at": fields.Datetime.now()})
            job.connection_id._sync_succeeded(job)

        patcher = patch.object(XeroSyncJob, "_run", stub_run)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.conn_ids = []
        self.addCleanup(self._drop)

    def committed(self, fn):
        with self.registry.cursor() as cr:
            return fn(env_on(cr, self.env))

    def organisations(self, count, due=True):
        """`count` connected organisations, committed, their scheduled check due (or not)."""
        def make(env):
            conns = env["xero.connection"].create([
                {"name": f"Runner Org {n}", "tenant_id": f"runner-{len(self.conn_ids) + n}"} for n in range(count)])
            conns.write({"state": "active"})
            when = fields.Datetime.now() + timedelta(minutes=-5 if due else 60)
            conns.write({"next_check": when})
            return conns.ids
        ids = self.committed(make)
        self.conn_ids += ids
        return ids

    def _drop(self):
        def drop(env):
            env["xero.sync.job"].search([("connection_id", "in", self.conn_ids)]).unlink()
            env["xero.connection"].with_context(active_test=False).browse(self.conn_ids).unlink()
        self.committed(drop)

    def hold_lock(self, conn_id):
        """Another session (a runner of another process) holds the organisation's lock."""
        cr = self.registry.cursor()
        cr.execute("SELECT pg_try_advisory_lock(%s, %s)", (ORG_LOCK, conn_id))
        self.assertTrue(cr.fetchone()[0])

        def release():
            cr.execute("SELECT pg_advisory_unlock(%s, %s)", (ORG_LOCK, conn_id))
            cr.close()
        self.addCleanup(release)

    def test_two_runners_pick_two_organisations_and_skip_a_locked_one(self):
        first, second, locked = self.organisations(3)
        self.organisations(1, due=False)
        self.hold_lock(locked)
        cursors = [self.registry.cursor() for _n in range(3)]
        try:
            picks = [env_on(cr, self.env)["xero.sync.job"]._pick_due().id for cr in cursors]
        finally:
            for cr, conn_id in zip(cursors, picks, strict=True):
                if conn_id:
                    env_on(cr, self.env)["xero.sync.job"]._org_unlock(conn_id)
                cr.close()
        self.assertEqual(sorted(picks[:2]), sorted([first, second]), "each runner its own organisation")
        self.assertFalse(picks[2], "the locked one is skipped, the one not due is left alone")

    def test_runners_in_two_threads_serve_each_due_organisation_once(self):
        due = self.organisations(6)
        later = self.organisations(2, due=False)
        locked = self.organisations(1)[0]
        self.hold_lock(locked)
        results = []

        def runner():
            with self.registry.cursor() as cr:
                results.append(env_on(cr, self.env)["xero.sync.job"]._cron_run_due())

        threads = [threading.Thread(target=runner) for _n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(c for c, _t in self.served), sorted(due), "every due organisation once")
        self.assertEqual(sum(results), len(due))
        self.assertTrue(all(results), f"both runners served organisations: {results}")
        # each checked once, its next check planned after its interval; the others untouched
        def look(env):
            jobs = env["xero.sync.job"].search([("connection_id", "in", due + later + [locked])])
            self.assertEqual(sorted(jobs.connection_id.ids), sorted(due))
            self.assertEqual(set(jobs.mapped("trigger")), {"schedule"})
            for conn in env["xero.connection"].browse(due):
                self.assertGreater(conn.next_check, fields.Datetime.now() + timedelta(minutes=10))
        self.committed(look)

    def test_a_dead_workers_organisation_is_picked_up_again(self):
        conn_id = self.organisations(1, due=False)[0]

        def dead(env):
            job = env["xero.sync.job"]._enqueue(env["xero.connection"].browse(conn_id), "contacts", "manual")
            job.write({"state": "running", "started_at": fields.Datetime.now(), "yielded": False})
            return job.id
        job_id = self.committed(dead)
        self.assertEqual(self.committed(lambda env: env["xero.sync.job"]._cron_run_due()), 1)
        self.assertEqual(self.served, [(conn_id, "manual")])

        def look(env):
            job = env["xero.sync.job"].browse(job_id)
            self.assertEqual(job.state, "interrupted", job.log)
            follow = env["xero.sync.job"].search([("resumed_from_id", "=", job_id)])
            self.assertEqual(follow.state, "done")
        self.committed(look)

    def in_cron_worker(self, cpu_left, loop_age=0.0, cpu_limit=60, real_limit=120):
        """Patches: this process a cron worker of Odoo's prefork server (--workers), `cpu_left`
        seconds before its loop's RLIMIT_CPU, its loop begun `loop_age` seconds ago."""
        usage = worker_budget.resource.getrusage(worker_budget.resource.RUSAGE_SELF)
        soft = int(usage.ru_utime + usage.ru_stime + cpu_left)
        options = dict(worker_budget.config.options, workers=2, limit_time_cpu=cpu_limit, limit_time_real=real_limit,
                       limit_time_real_cron=-1)
        for patcher in (patch.object(worker_budget.config, "options", options),
                        patch.object(worker_budget.resource, "getrlimit", return_value=(soft, -1)),
                        patch.dict(worker_budget._loop_seen, {soft: time.monotonic() - loop_age}, clear=True)):
            patcher.start()
            self.addCleanup(patcher.stop)

    def test_in_a_cron_worker_a_runner_keeps_within_odoos_limits(self):
        """Odoo's prefork cron worker must end each loop within limit_time_cpu and
        limit_time_real_cron: a runner stops starting work at half of them, and hands what is left
        to the next loop through its own trigger (a worker killed at the firm's size, issue 30)."""
        due = self.organisations(2)
        runner = self.env["xero.sync.job"]._runners()[:1]

        def triggers(env):
            return env["ir.cron.trigger"].sudo().search([("cron_id", "=", runner.id)]).ids
        before = self.committed(triggers)
        self.addCleanup(self.committed, lambda env: env["ir.cron.trigger"].sudo().browse(
            set(triggers(env)) - set(before)).unlink())
        self.in_cron_worker(cpu_left=20)  # 20 of 60 s left: past half
        deadline = worker_budget.run_deadline(240)
        self.assertLessEqual(deadline, time.monotonic())
        served = self.committed(lambda env: env["xero.sync.job"].with_context(cron_id=runner.id)._cron_run_due())
        self.assertEqual((served, self.served), (0, []), "nothing started in a spent loop")
        self.assertEqual(len(self.committed(triggers)) - len(before), 1, "back at the next loop")
        # a fresh loop: the whole work fits in half of its limits
        self.in_cron_worker(cpu_left=60)
        self.assertAlmostEqual(worker_budget.run_deadline(240) - time.monotonic(), 30, delta=2)
        self.in_cron_worker(cpu_left=600, cpu_limit=600, loop_age=50)  # real time: 60 of 120 s at most
        self.assertAlmostEqual(worker_budget.run_deadline(240) - time.monotonic(), 10, delta=2)
        # a page under way goes past its turn's deadline while its next slice stays clear of the limits
        self.in_cron_worker(cpu_left=60)
        self.assertTrue(worker_budget.room_for(40))
        self.assertFalse(worker_budget.room_for(52))  # 85% of the 60 s of CPU
        self.in_cron_worker(cpu_left=600, cpu_limit=600, loop_age=95)
        self.assertTrue(worker_budget.room_for(5))
        self.assertFalse(worker_budget.room_for(8))  # 85% of the 120 s of real time
        self.in_cron_worker(cpu_left=60)
        served = self.committed(lambda env: env["xero.sync.job"].with_context(cron_id=runner.id)._cron_run_due())
        self.assertEqual(sorted(c for c, _t in self.served), sorted(due))
        self.assertEqual(served, 2)

    def test_a_worker_loop_is_taken_to_begin_as_early_as_it_can_have(self):
        """Odoo's cron worker sleeps up to a minute at a loop's start, and its real-time limit counts
        from there: the loop began when this process's work of the loop before ended, or when the
        process started, never when the runner first saw the loop (a yardstick's worker was
        killed after 120 s when the runner counted from then)."""
        self.in_cron_worker(cpu_left=60)
        patcher = patch.object(worker_budget.psutil, "Process")
        process = patcher.start()
        self.addCleanup(patcher.stop)
        process.return_value.create_time.return_value = time.time() - 600  # a worker forked 10 minutes ago
        worker_budget._loop_seen.clear()
        with patch.object(worker_budget, "_returned", [time.monotonic() - 65]):
            self.assertAlmostEqual(worker_budget.loop_started(), time.monotonic() - 65, delta=1)
            self.assertLessEqual(worker_budget.run_deadline(240), time.monotonic())  # 65 s of 120 spent
        worker_budget._loop_seen.clear()
        with patch.object(worker_budget, "_returned", [None]):  # its first loop: since the fork
            self.assertAlmostEqual(worker_budget.loop_started(), time.monotonic() - 600, delta=1)
        worker_budget.returned()
        self.assertAlmostEqual(worker_budget._returned[0], time.monotonic(), delta=1)

    def test_calls_counted_beside_a_long_transaction(self):
        """A books check by hand (one long transaction) counts its calls while a runner's job of
        the same organisation counts its own: neither fails, every call counted (found by the demo)."""
        conn_id = self.organisations(1, due=False)[0]

        def add(calls, received):
            return lambda env: env["xero.usage"]._add(env["xero.connection"].browse(conn_id), calls, received)
        self.committed(add(2, 10))
        with self.registry.cursor() as long_cr:
            long_env = env_on(long_cr, self.env)
            self.assertEqual(long_env["xero.usage"].search([("connection_id", "=", conn_id)]).calls, 2)
            self.committed(add(3, 20))  # the job, meanwhile
            add(5, 30)(long_env)
            long_env.flush_all()
            long_cr.commit()
        rows = self.committed(lambda env: env["xero.usage"].search_read([("connection_id", "=", conn_id)],
                                                                        ["calls", "bytes_received"]))
        self.assertEqual([(r["calls"], r["bytes_received"]) for r in rows], [(10, 60)])

    def test_sync_now_wakes_the_runners_once_and_the_count_is_a_setting(self):
        Job = self.env["xero.sync.job"]
        self.assertEqual(len(Job._ensure_runners(3)), 3)
        self.assertEqual(len(Job._runners()), 3)
        conn = self.env["xero.connection"].create({"name": "Wake Org", "tenant_id": "wake-org"})
        conn.write({"state": "active"})
        self.assertTrue(conn.next_sync, "connected: checked at once")
        before = self.env["ir.cron.trigger"].search_count([])
        conn.action_sync_now()
        conn.action_refresh_lists()
        self.assertEqual(self.env["ir.cron.trigger"].search_count([]) - before, 3, "one wake per runner")
        self.env["res.config.settings"].create({"xero_runners": 2}).execute()
        self.assertEqual(len(Job._runners()), 2)
        self.assertEqual(len(Job._runners(active_only=False)), 4, "installed with 4; those past the count archived")
