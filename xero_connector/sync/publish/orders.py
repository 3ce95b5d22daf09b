"""Odoo orders -> Xero purchase orders and quotes, and their statuses back: the machinery the
bridge addons (xero_connector_purchase, xero_connector_sale) register their steps with.

Publishing is DocumentPublisher's (batch.BatchExporter's batches, Idempotency-Key,
`sending` marks, lost replies adopted by token; contacts found or created first; the mappings
reversed into Xero codes); here: which orders wait, the order's payload (publish_mappers.
order_payload), Xero's statuses reached step by step (a quote accepted in Odoo goes to Xero
SENT, then ACCEPTED, in the same run), the reply read at the page edge (records.orders) and its
totals compared with Odoo's.

Pulling statuses back (OrderStatusPuller) reads the orders Xero changed since the last run and
lets each bridge apply what is safe (a purchase order deleted in Xero is cancelled in Odoo; a
quote accepted in Xero confirms the sale order).
"""

import logging

from odoo import fields

from ..mappers import publish as publish_mappers
from ..mappers import pull as pull_mappers
from ..records import Unreadable, read_one, read_page
from ..steps import commit
from .batch import Unsendable
from .documents import UPDATE, DocumentPublisher

_logger = logging.getLogger(__name__)
PASSES = 3  # a new quote accepted and invoiced in Odoo: created SENT, then ACCEPTED, then INVOICED
PAGE_SIZES = {"PurchaseOrders": 1000, "Quotes": 100}  # Xero's quotes have no pageSize


def fetch_changed(xero, collection, modified_since=None, cursor=None):
    """Every purchase order or quote Xero changed since `modified_since` (all when None); a
    high-water mark `cursor` is told Xero's clock when the read began (its next mark)."""
    size, found, page = PAGE_SIZES[collection], [], 1
    while True:
        params = {"page": page, **({"pageSize": size} if collection == "PurchaseOrders" else {})}
        reply = xero.get(collection, params=params, modified_since=modified_since)
        if cursor is not None:
            cursor._replied(xero.replied_at)
        items = (reply or {}).get(collection) or []
        found.extend(items)
        if len(items) < size:
            return found
        page += 1


def _direction_field(env, model):
    """The connection's field saying whether these orders go (None: no bridge here)."""
    Order = env.get(model)
    return getattr(Order, "_xero_direction_field", None) if Order is not None else None


class OrderPublisher(DocumentPublisher):
    """Subclasses name the model, Xero's collection and the records kind (records.KINDS)."""

    model = collection = record_kind = None

    def __init__(self, job, xero):
        super().__init__(job, xero)
        self._sent = {}      # order id -> (status sent, lines sent)
        self._again = False  # an order took one step of several this pass

    def _enabled(self):
        """The bridge is installed in this database and the organisation publishes its orders
        (the steps are registered per process, which may serve databases without the bridge)."""
        field = _direction_field(self.env, self.model)
        return bool(field) and field in self.conn._fields and publish_mappers.publishes(self.conn[field])

    # ------------------------------------------------------------------ selection
    def records(self):
        Order = self.env[self.model]
        targeted = self.job[Order._xero_job_field] if Order._xero_job_field in self.job._fields else Order
        if targeted:
            candidates = targeted.filtered(lambda o: o.company_id == self.conn.company_id)
        elif self.job.move_ids:
            return Order  # a job publishing given invoices
        else:
            candidates = Order.search(Order._xero_waiting_domain(self.conn), order="id")
        todo = candidates.filtered(lambda o: o._xero_to_send(self.conn))
        # Xero has them and Odoo moved on (confirmed, billed, cancelled): a change to send
        todo.filtered(lambda o: o.xero_id and o.xero_publish_state in self.done_states).write(
            {"xero_publish_state": "changed", "xero_publish_error": False})
        return todo

    def run(self, deadline=None):
        if not self._enabled():
            return True  # not a step of this organisation: the job's figures are left alone
        finished = True
        for _step in range(PASSES):
            self._again = False
            finished = super().run(deadline)
            if not finished or not self._again:
                break
        return finished

    def group(self, record):
        return f"{self.collection}{UPDATE}" if record.xero_id else self.collection

    def _partner(self, record):
        return record.partner_id.commercial_partner_id

    def _hold_conflicts(self, records):
        # no two-sided edits for orders: only Xero's status comes back (OrderStatusPuller), never its content
        return records

    # ------------------------------------------------------------------ payload
    def _context_lines(self, records):
        lines = [ln for record in records for ln in record._xero_order_lines()]
        taxes = self.env["account.tax"].browse(sorted({t for ln in lines for t in ln["tax_ids"]}))
        accounts = self.env["account.account"].browse(sorted({ln["account_id"] for ln in lines if ln["account_id"]}))
        return taxes, accounts, [ln["analytic_distribution"] for ln in lines]

    def _context_products(self, records):
        # item codes are not sent on order lines yet (see docs/publishing.md)
        return self.env["product.product"]

    def payload(self, record):
        if record.company_id.tax_calculation_rounding_method != "round_per_line":
            raise Unsendable(self.env._(
                "%s rounds tax on the total, Xero per line: set the company to round per line first.",
                record.company_id.name))
        status = record._xero_next_status()
        if record.xero_id and not status and record.xero_status:
            status = record.xero_status  # sent again (a lost reply, a refusal fixed): the same status
        if record.xero_id and self.collection == "PurchaseOrders":
            # Xero has the order: its status moves (a billed order's lines are Xero's to keep)
            self._sent[record.id] = (status, False)
            return publish_mappers.order_status_payload(self.collection, record.xero_id, status)
        values = record._xero_order_values()
        doc = {
            "collection": self.collection, "name": record.name, "ref": values.get("ref") or "",
            "date": values["date"], "second_date": values.get("second_date"),
            "currency": record.currency_id.name, "rate": values.get("rate"), "status": status,
            "contact_id": self._contacts.get(self._partner(record).id), "token": record._xero_publish_token(),
            "xero_id": record.xero_id or None, "lines": record._xero_order_lines(),
        }
        try:
            payload = publish_mappers.order_payload(doc, self._ctx)
        except publish_mappers.Unpublishable as exc:
            raise Unsendable(exc.message) from exc
        self._amount_types[record.id] = publish_mappers.line_amount_types(doc, self._ctx)
        self._sent[record.id] = (status, True)
        return payload

    # ------------------------------------------------------------------ sending
    def carries(self, checked, token):
        return publish_mappers.ends_with_token(checked.reference, token)

    def reply_kind(self, group):
        return self.record_kind

    def find_sent(self, group, records, since):
        return fetch_changed(self.xero, self.collection, since)

    @staticmethod
    def _quiet(record):
        return record.with_context(tracking_disable=True)

    # ------------------------------------------------------------------ outcome
    def _odoo_figures(self, record, element):
        inclusive = self._amount_types.get(record.id) == "Inclusive"
        return {
            "subtotal": record.amount_untaxed, "tax": record.amount_tax, "total": record.amount_total,
            "lines": [{"description": ln["name"], "amount": ln["price_total"] if inclusive else ln["price_subtotal"],
                       "tax": ln["price_total"] - ln["price_subtotal"]} for ln in record._xero_order_lines()],
        }

    def accepted(self, record, xero_id, element):
        """Bind the order to Xero's copy (read once, at the page edge); totals equal Odoo's."""
        checked = read_one(self.record_kind, element)
        changed = bool(record.xero_id)
        vals = {"xero_connection_id": self.conn.id, "xero_id": xero_id, "xero_published_at": fields.Datetime.now(),
                "xero_publish_error": False, "xero_publish_state": "published"}
        if isinstance(checked, Unreadable):
            problem = self.env._("Xero took it, but its reply could not be read (%(field)s %(why)s): check it "
                                 "in Xero.", field=checked.field, why=checked.reason)
            record.write(dict(vals, xero_publish_state="mismatch", xero_publish_error=problem))
            self._flag(record, element, problem)
            self._done(created=not changed)
            return
        _status, with_lines = self._sent.get(record.id, (None, True))
        differences = publish_mappers.compare_totals(self._odoo_figures(record, element), checked) \
            if with_lines else []
        if differences:
            vals.update(xero_publish_state="mismatch", xero_publish_error=self.env._(
                "Xero's totals differ from Odoo's: %s", "; ".join(differences)))
        vals.update(xero_number=checked.number or False, xero_status=checked.status)
        record.write(vals)
        number = vals["xero_number"] or xero_id
        status = dict(record._fields["xero_status"]._description_selection(self.env)).get(checked.status)
        if differences:
            self._flag(record, element, vals["xero_publish_error"])
        if changed:
            self._note(record, self.env._("Xero's copy (%(number)s) is now %(status)s.", number=number,
                                          status=status))
        else:
            self._note(record, self.env._("Published to Xero as %(number)s (%(status)s).", number=number,
                                          status=status))
        if not differences:
            self._row(record, element, "updated" if changed else "created", "")
        if record._xero_next_status():
            self._again = True  # one more of Xero's steps to take: the next pass sends it
        self._done(created=not changed)

    def _row(self, record, element, outcome, detail):
        status = element.get("Status") if isinstance(element.get("Status"), str) else ""
        self._add_row(pull_mappers.csv_row([self.collection, record.xero_id or "", record.name, status, "", outcome,
                                       detail, ""]))


class OrderStatusPuller:
    """Statuses of published orders changed in Xero, brought back (direction "both")."""

    key = label = model = collection = record_kind = None

    def __init__(self, job, xero):
        self.job, self.xero, self.env = job, xero, job.env
        self.conn = job.connection_id

    def run(self, deadline=None):
        field = _direction_field(self.env, self.model)
        if not field or field not in self.conn._fields or self.conn[field] != "both" or (
                self.job.only_ids and not self.job.only_ids.get(self.key)):
            return True
        Order = self.env[self.model]
        if not Order.search_count([("xero_connection_id", "=", self.conn.id), ("xero_id", "!=", False)], limit=1):
            return True  # nothing of Odoo's in Xero: not a call
        cursor = self.env["xero.sync.cursor"]._get(self.conn, self.key)
        page = read_page(self.record_kind, fetch_changed(self.xero, self.collection, cursor.modified_since, cursor))
        self.job._count(fetched=len(page.records) + len(page.unreadable))
        for bad in page.unreadable:
            self.job._log(self.env._("%(what)s %(id)s could not be read (%(field)s %(why)s): its status is "
                                     "read again next run.", what=self.env._(self.label), id=bad.xero_id,
                                     field=bad.field, why=bad.reason))
        by_id = {r.xero_id: r for r in page.records}
        orders = Order.search([("xero_connection_id", "=", self.conn.id), ("xero_id", "in", list(by_id))])
        counts = {"unchanged": len(page.records) - len(orders), "errors": 0}
        for order in orders:
            checked = by_id[order.xero_id]
            if checked.status == order.xero_status:
                counts["unchanged"] += 1
                continue
            try:
                with self.env.cr.savepoint():
                    order.write({"xero_status": checked.status})
                    note = order.with_context(xero_pulling=True)._xero_apply_status(checked.status)
                    if note:
                        order.message_post(body=note)
                counts["updated"] = counts.get("updated", 0) + 1
            except Exception as exc:  # noqa: BLE001 (one order, one outcome: the others go on)
                counts["errors"] += 1
                self.job._log(self.env._("%(order)s: Xero's status %(status)s not applied: %(why)s",
                                         order=order.display_name, status=checked.status, why=str(exc)[:300]))
        if not page.unreadable:
            for record in page.records:
                cursor._seen(record.updated_date_utc)
            cursor._complete()
        self.job._count_step(self.key, {k: v for k, v in counts.items() if v})
        commit(self.env)
        return True
