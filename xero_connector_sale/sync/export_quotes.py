"""Quotations to Xero and their statuses back: steps of the core's jobs.

    "quotes" jobs (a quotation sent or confirmed, "Publish to Xero"): publish, then statuses;
    "publish" jobs (Publish Now, the schedule): quotations after invoices and payments;
    "full" syncs: statuses changed in Xero, when the connection follows them.
"""

from odoo.addons.xero_connector.sync.publish.orders import OrderPublisher, OrderStatusPuller
from odoo.addons.xero_connector.sync.steps import add_steps, register
from odoo.tools import LazyTranslate

_lt = LazyTranslate("xero_connector_sale")


@register
class QuotePublisher(OrderPublisher):
    key = "publish_quotes"
    label = _lt("Quotations to Xero")  # pylint: disable=prefer-env-translation
    model, collection, record_kind = "sale.order", "Quotes", "quotes"


@register
class QuoteStatusPuller(OrderStatusPuller):
    key = "quote_statuses"
    label = _lt("Quotation statuses from Xero")  # pylint: disable=prefer-env-translation
    model, collection, record_kind = "sale.order", "Quotes", "quotes"


add_steps("quotes", QuotePublisher.key, QuoteStatusPuller.key)
add_steps("publish", QuotePublisher.key)
add_steps("full", QuoteStatusPuller.key)
