"""Odoo -> Xero: the exporters, beside the importers, with one sending discipline.

    Odoo records --mappers.publish--> Xero dicts --batch.BatchExporter--> Xero --> links, states

batch.py marks a batch `sending` and commits before the call, sends it with an Idempotency-Key
and summarizeErrors=false, adopts what a lost reply or a killed process left behind by the
token each record carries, and lands each refusal on its own record. journals.py (manual
journals), documents.py (invoices, bills, credit notes; contacts.py makes their partners Xero
contacts first), payments.py,
items.py, orders.py (purchase orders and quotes, for the bridge addons) and attachments.py use
it; contact_groups.py sends the few groups one by one; outbox.py tells Xero what Odoo changed
(cancelled documents voided, unreconciled payments deleted, journals reset in Odoo voided)
after Odoo's change commits: Odoo commits first, Xero is told after.
watch.py tells an organisation that publishes without pulling when Xero voids or deletes a
document it published (a conflict to settle, never silent).
lookups.py reads Xero's copies of sent records in bulk by Xero ID (checks before a change,
conflicts, lost replies). Importing this package registers every step (steps.register).
"""

from . import attachments, contact_groups, documents, items, journals, outbox, payments, watch
