from . import test_purchase_order_faults, test_purchase_orders
