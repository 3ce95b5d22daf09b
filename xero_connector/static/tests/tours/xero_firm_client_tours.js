/** @odoo-module */

import { registry } from "@web/core/registry";

// The firm's administrator lands in the firm's own company, which has no Xero organisation
// (only it is ticked in the switcher). Every screen opened from a client's card, a pending item
// or a menu shows that client's company: never an empty page that is not true.
registry.category("web_tour.tours").add("xero_firm_client_screens_tour", {
    steps: () => [
        {
            content: "Only the firm's own company is ticked",
            trigger: ".o_switch_company_menu:contains('Firm HQ Ltd')",
        },
        {
            content: "The client's card says it has one publishing error",
            trigger: ".o_kanban_record:contains('Kauri Client Org') a[name='action_open_publish_errors']:contains('1 publishing error')",
            run: "click",
        },
        {
            content: "The list shows that error, not 'Nothing waits'",
            trigger: ".o_list_view .o_data_row:contains('The period is locked in Xero XQ')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_view_nocontent))",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb a:contains('Xero Connections')",
            run: "click",
        },
        {
            content: "The client's profit and loss from its card",
            trigger: ".o_kanban_record:contains('Kauri Client Org')",
            run: "hover && click .o_kanban_record:contains(Kauri Client Org) .o_dropdown_kanban .dropdown-toggle",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Profit and Loss')",
            run: "click",
        },
        {
            content: "The client's booked invoices are there: figures by account, not 'No data to display'",
            trigger: ".o_pivot_view:not(:has(.o_view_nocontent)) .o_pivot table tbody th.o_pivot_header_cell_closed",
        },
        {
            trigger: ".o_breadcrumb a:contains('Xero Connections')",
            run: "click",
        },
        {
            content: "What waits for the client, from its card",
            trigger: ".o_kanban_record:contains('Kauri Client Org') a[name='action_open_pending']",
            run: "click",
        },
        {
            content: "The invoice waiting for its Xero account",
            trigger: ".o_data_row:contains('INV-9') td.o_data_cell[name='reason']",
            run: "click",
        },
        {
            content: "Map the Account",
            trigger: ".o_form_view button:contains('Map the Account')",
            run: "click",
        },
        {
            content: "The unmapped Xero account of the client's company, not 'Nothing left to map'",
            trigger: ".o_list_view .o_data_row:contains('Mystery Xero Costs XQ')",
        },
        {
            content: "The firm-wide Pending Items: every client, grouped by organisation",
            trigger: ".o_main_navbar .o_nav_entry:contains('Pending Items')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:contains('Kauri Client Org')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('INV-9')",
        },
        {
            content: "Mappings › Accounts: the client's accounts, grouped by organisation",
            trigger: ".o_main_navbar button:contains('Mappings')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Accounts'):not(:contains('Bank'))",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:contains('Kauri Client Org')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Mystery Xero Costs XQ')",
        },
        {
            content: "Publishing Errors from the menu: the client's refused invoice",
            trigger: ".o_main_navbar .o_nav_entry:contains('Publishing Errors')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:contains('Kauri Clients Ltd')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('The period is locked in Xero XQ')",
        },
        {
            content: "Still only the firm's company in the switcher",
            trigger: ".o_switch_company_menu:contains('Firm HQ Ltd')",
        },
    ],
});
