{
    "name": "Xero Connector: Purchase Orders",
    "version": "18.0.1.0.0",
    "summary": "Confirmed purchase orders published to Xero, their statuses kept in step",
    "category": "Accounting/Accounting",
    "author": "xero_connector contributors",
    "website": "https://github.com/xero-connector/xero_connector",
    "license": "LGPL-3",
    "depends": ["xero_connector", "purchase"],
    "data": [
        "views/xero_connection_views.xml",
        "views/purchase_order_views.xml",
    ],
    "auto_install": True,
}
