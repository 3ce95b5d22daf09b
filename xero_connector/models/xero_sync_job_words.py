"""A sync job in words: its label (what ran and why), the counts of each step, the log's last
line that adds up per direction, and the data file of what Xero returned.

    job._count_step("invoices", {"created": 10, "pending": 2})
    job._finished_line()   # "Finished: 12 fetched = 10 created + ... + 2 waiting + ..."
"""

import base64

from odoo import api, fields, models
from odoo.tools import LazyTranslate

from ..sync import steps as job_steps

_lt = LazyTranslate("xero_connector")

# what each publishing step sends, in the job's label: "Publish payments to Xero"
# pylint: disable=prefer-env-translation
PUBLISH_WHAT = {
    "publish_items": _lt("items"), "publish": _lt("invoices, bills and credit notes"),
    "publish_contact_groups": _lt("contact groups"), "publish_attachments": _lt("documents' files"),
    "publish_payments": _lt("payments"),
}
# jobs that send to Xero (the others read from it); quotes and purchase_orders: the bridge addons' kinds
SENDING_KINDS = ("publish", "journals", "quotes", "purchase_orders")


class XeroSyncJob(models.Model):
    _inherit = "xero.sync.job"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("kind", "trigger", "step_counts", "only_ids", "move_ids")
    def _compute_label(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for job in self:
            label = kinds.get(job.kind, job.kind)
            if job.kind == "publish":
                label = job._publish_label() or label
            elif job.trigger == "webhook" and job.only_ids:
                what = job._step_labels(job.only_ids)
                label = self.env._("Changes from Xero: %s", what) if what else label
            job.label = label

    def _step_labels(self, keys):
        labels = []
        for key in keys:
            step = job_steps.REGISTRY.get(key)
            if step and step.label:
                labels.append(self.env._(step.label))
        return ", ".join(dict.fromkeys(labels))

    def _publish_label(self):
        """A publishing job names what it sent: "Publish payments to Xero" for payments of
        documents already there, not "invoices, bills and credit notes"."""
        counts = self.step_counts or {}
        done = [k for k in job_steps.KIND_STEPS["publish"] if any(
            n for o, n in (counts.get(k) or {}).items() if o != "unchanged")]
        if done:
            what = [self.env._(PUBLISH_WHAT[k]) if k in PUBLISH_WHAT else self._step_labels([k]) for k in done]
            return self.env._("Publish %s to Xero", ", ".join(w for w in what if w))
        moves = self.move_ids
        if moves and all(m.xero_id and m.xero_publish_state not in ("changed", "error", "unsent") for m in moves):
            return self.env._("Publish payments to Xero")
        if moves:
            return self.env._("Publish invoices, bills and credit notes to Xero")
        return False

    def _finished_line(self):
        """The log's last line: counts that add up, per direction. A pull says what it read
        from Xero; a job that sends (publishing, journal posting) says what it sent and what
        Xero accepted or refused."""
        errors = (self.env._("1 error") if self.count_errors == 1
                  else self.env._("%s errors", self.count_errors))
        calls = self.env._("1 API call") if self.api_calls == 1 else self.env._("%s API calls", self.api_calls)
        if self.kind in SENDING_KINDS:
            accepted = self.count_created + self.count_updated
            unsent = sum((step or {}).get("not_sent", 0) for step in (self.step_counts or {}).values())
            if unsent:  # never sent (Odoo knew Xero would refuse them): not refused by Xero
                return self.env._(
                    "Finished: %(sent)s sent to Xero = %(accepted)s accepted + %(refused)s refused; "
                    "%(unsent)s not sent (fix them in Odoo); %(unchanged)s not sent (unchanged); "
                    "%(pending)s waiting; %(calls)s.",
                    sent=accepted + self.count_errors - unsent, accepted=accepted,
                    refused=self.count_errors - unsent, unsent=unsent,
                    unchanged=self.count_unchanged + self.count_skipped, pending=self.count_pending, calls=calls)
            return self.env._(
                "Finished: %(sent)s sent to Xero = %(accepted)s accepted + %(refused)s refused; "
                "%(unchanged)s not sent (unchanged); %(pending)s waiting; %(calls)s.",
                sent=accepted + self.count_errors, accepted=accepted, refused=self.count_errors,
                unchanged=self.count_unchanged + self.count_skipped, pending=self.count_pending, calls=calls)
        # a new row of a list people map (accounts, tax rates...) is "matched" or "to map" in the
        # summary, not a record created: counted apart, so the line agrees with the summary
        listed = sum((c or {}).get("created", 0) for c in (self.step_counts or {}).values()
                     if any(o in (c or {}) for o in job_steps.MAPPING_WORDS))
        if listed:
            return self.env._(
                "Finished: %(fetched)s fetched = %(created)s created + %(listed)s new in the mapping lists + "
                "%(updated)s updated + %(unchanged)s unchanged + %(skipped)s skipped + %(pending)s waiting + "
                "%(unreadable)s unreadable; %(errors)s; %(calls)s.",
                fetched=self.count_fetched, created=self.count_created - listed, listed=listed,
                updated=self.count_updated, unchanged=self.count_unchanged, skipped=self.count_skipped,
                pending=self.count_pending, unreadable=self.count_unreadable, errors=errors, calls=calls,
            )
        return self.env._(
            "Finished: %(fetched)s fetched = %(created)s created + %(updated)s updated + "
            "%(unchanged)s unchanged + %(skipped)s skipped + %(pending)s waiting + %(unreadable)s "
            "unreadable; %(errors)s; %(calls)s.",
            fetched=self.count_fetched, created=self.count_created, updated=self.count_updated,
            unchanged=self.count_unchanged, skipped=self.count_skipped, pending=self.count_pending,
            unreadable=self.count_unreadable, errors=errors, calls=calls,
        )

    # ------------------------------------------------------------------ reporting
    def _add_check_time(self, seconds):
        self.check_seconds += seconds

    def _count_step(self, key, counts, replace=False):
        """Count one step's outcomes (totals too, unless `replace`: a mapping state read at
        the end of a list step, {"matched": n, "to map": m}, which is no outcome)."""
        steps = dict(self.step_counts or {})
        mine = dict(steps.get(key) or {})
        for outcome, n in counts.items():
            mine[outcome] = n if replace else mine.get(outcome, 0) + n
        steps[key] = mine
        self.step_counts = steps
        if not replace:
            self._count(**counts)

    def _count_not_sent(self, key, counted=False):
        """One record not sent (Odoo knew why Xero would refuse it): an error (unless `counted`
        already), told apart from Xero's refusals in the summary and the log's last line."""
        if not counted:
            self._count_step(key, {"errors": 1})
        self._count_step(key, {"not_sent": (self.step_counts or {}).get(key, {}).get("not_sent", 0) + 1},
                         replace=True)

    def _count(self, **increments):
        self.write({f"count_{k}": self[f"count_{k}"] + v for k, v in increments.items() if v})

    def _log(self, line):
        stamp = fields.Datetime.now().strftime("%H:%M:%S")
        self.log = f"{self.log or ''}{stamp} {line}\n"

    def _add_rows(self, rows):
        """Append CSV rows (already formatted) of what Xero returned to the job's data."""
        if rows:
            data = base64.b64decode(self.data_csv or b"")
            data += "".join(rows).encode()
            self.data_csv = base64.b64encode(data)

    def _store_data_file(self):
        header = "entity,xero_id,number_or_name,status,updated_utc,outcome,detail,xero_data_if_unreadable\n"
        data = header.encode() + base64.b64decode(self.data_csv or b"")
        self.write({
            "data_file": base64.b64encode(data),
            "data_filename": f"{self.name.replace('/', '-')}.csv",
            "data_csv": False,
        })
