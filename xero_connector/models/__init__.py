from . import (
    account_move,
    account_move_publish,
    account_partial_reconcile,
    account_payment,
    res_company,
    res_config_settings,
    xero_connection,
    xero_connection_client,
    xero_connection_publish,
    xero_connection_schedule,
    xero_customer_name,
    xero_mapping,
    xero_mapping_bank,  # after xero_mapping: extends xero.account
    xero_oauth_flow,
    xero_payment_link,
    xero_pending_item,
    xero_pending_item_conflict,  # after xero_pending_item: extends it
    xero_rate_limit,
    xero_sync_cursor,
    xero_sync_job,
    xero_token,
    xero_webhook_event,
)

# isort: split
from . import xero_connection_payroll  # after xero_connection_schedule: extends _sync_succeeded
