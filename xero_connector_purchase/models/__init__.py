from . import account_move, purchase_order, xero_connection, xero_sync_job
