/** @odoo-module */

import { registry } from "@web/core/registry";

// An administrator walks the main path: dashboard, a connection, its jobs, a job's data
// file, a pending contact resolved by linking a partner, and the posting wizard.
registry.category("web_tour.tours").add("xero_admin_tour", {
    url: "/odoo/action-xero_connector.action_xero_connection",
    steps: () => [
        {
            content: "The dashboard shows one card per organisation",
            trigger: ".o_kanban_record:contains('Tour Org')",
        },
        {
            content: "Administrators can connect more organisations",
            trigger: ".o_control_panel button:contains('Connect more organisations')",
        },
        {
            content: "Pending count links to the filtered list",
            trigger: ".o_kanban_record:contains('Tour Org') a[name='action_open_pending']:contains('1 waiting')",
            run: "click",
        },
        {
            content: "Open the pending contact",
            trigger: ".o_data_row td:contains('Gamma')",
            run: "click",
        },
        {
            content: "Choose the partner it is",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Gamma Two",
        },
        {
            trigger: ".ui-menu-item a:contains('Gamma Two')",
            run: "click",
        },
        {
            content: "Link it",
            trigger: "button[name='action_link_partner']",
            run: "click",
        },
        {
            content: "The item is resolved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Resolved')",
        },
        {
            content: "Go to the sync jobs",
            trigger: ".o_main_navbar a:contains('Sync Jobs'), .o_main_navbar button:contains('Sync Jobs')",
            run: "click",
        },
        {
            content: "Open the finished job",
            trigger: ".o_data_row td:contains('Tour Org')",
            run: "click",
        },
        {
            content: "Counts and the log are on the job",
            trigger: ".o_form_view .o_field_widget[name='log']:contains('Finished')",
        },
        {
            content: "The data file can be downloaded",
            trigger: ".o_form_view .o_field_widget[name='data_file'] a, .o_form_view .o_field_widget[name='data_file'] button.fa-download, .o_form_view .o_field_binary a",
        },
    ],
});

// A plain Xero user sees the organisations but cannot connect, disconnect or see tokens.
registry.category("web_tour.tours").add("xero_user_tour", {
    url: "/odoo/action-xero_connector.action_xero_connection",
    steps: () => [
        {
            content: "The user sees the organisation",
            trigger: ".o_kanban_record:contains('Tour Org')",
        },
        {
            content: "No connect button for a plain Xero user",
            trigger: ".o_control_panel:not(:has(button:contains('Connect more organisations')))",
        },
        {
            content: "No sync button on the card either",
            trigger: ".o_kanban_record:contains('Tour Org'):not(:has(button[name='action_sync_now']))",
            run: "click",
        },
        {
            content: "The form has no Disconnect and no token anywhere",
            trigger: ".o_form_view:not(:has(button[name='action_disconnect'])):not(:has(.o_field_widget[name='token_id']))",
        },
        {
            content: "The tenant is shown, not the tokens",
            trigger: ".o_form_view .o_field_widget[name='tenant_id']:contains('tenant-tour')",
        },
    ],
});
