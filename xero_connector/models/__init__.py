from . import (
    account_move,
    account_move_publish,
    account_partial_reconcile,
    account_payment,
    ir_actions_act_window,
    product_product,
    product_template,
    res_company,
    res_config_settings,
    res_partner_category,
    xero_books_line,
    xero_books_run,
    xero_connection,
    xero_connection_books,
    xero_connection_client,
    xero_connection_health,
    xero_connection_publish,
    xero_connection_schedule,
    xero_customer_name,
    xero_health_check,
    xero_health_line,
    xero_mapping,
    xero_mapping_bank,  # after xero_mapping: extends xero.account
    xero_mapping_contact_group,  # after xero_mapping: xero.binding.mixin
    xero_mapping_item,
    xero_mapping_tax,  # after xero_mapping: xero.binding.mixin
    xero_oauth_flow,
    xero_order_mixin,
    xero_payment_link,
    xero_pending_item,
    xero_pending_item_conflict,  # after xero_pending_item: extends it
    xero_rate_limit,
    xero_sync_cursor,
    xero_sync_job,
    xero_sync_job_books,
    xero_sync_job_words,  # after xero_sync_job: extends it
    xero_token,
    xero_usage,
    xero_webhook_event,
)

# isort: split
from . import (
    xero_connection_payroll,  # after xero_connection_schedule: extends _sync_succeeded
    xero_sync_dispatch,  # after xero_sync_job: extends it
)
