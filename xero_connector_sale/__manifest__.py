{
    "name": "Xero Connector: Quotes",
    "version": "18.0.1.0.0",
    "summary": "Sales quotations published to Xero as quotes, their statuses kept in step",
    "category": "Accounting/Accounting",
    "author": "xero_connector contributors",
    "website": "https://github.com/xero-connector/xero_connector",
    "license": "LGPL-3",
    "depends": ["xero_connector", "sale"],
    "data": [
        "views/xero_connection_views.xml",
        "views/sale_order_views.xml",
    ],
    "auto_install": True,
}
