from . import account_move, sale_order, xero_connection, xero_sync_job
