"""Purchase orders to Xero and their statuses back: steps of the core's jobs.

    "purchase_orders" jobs (an order confirmed, "Publish to Xero"): publish, then statuses;
    "publish" jobs (Publish Now, the schedule): purchase orders after invoices and payments;
    "full" syncs: statuses changed in Xero, when the connection follows them.
"""

from odoo.addons.xero_connector.sync.publish.orders import OrderPublisher, OrderStatusPuller
from odoo.addons.xero_connector.sync.steps import add_steps, register
from odoo.tools import LazyTranslate

_lt = LazyTranslate("xero_connector_purchase")


@register
class PurchaseOrderPublisher(OrderPublisher):
    key = "publish_purchase_orders"
    label = _lt("Purchase orders to Xero")  # pylint: disable=prefer-env-translation
    model, collection, record_kind = "purchase.order", "PurchaseOrders", "purchase_orders"


@register
class PurchaseOrderStatusPuller(OrderStatusPuller):
    key = "purchase_order_statuses"
    label = _lt("Purchase order statuses from Xero")  # pylint: disable=prefer-env-translation
    model, collection, record_kind = "purchase.order", "PurchaseOrders", "purchase_orders"


add_steps("purchase_orders", PurchaseOrderPublisher.key, PurchaseOrderStatusPuller.key)
add_steps("publish", PurchaseOrderPublisher.key)
add_steps("full", PurchaseOrderStatusPuller.key)
