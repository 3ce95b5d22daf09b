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
            trigger: ".o_control_panel button:contains('Connect Xero organisations')",
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
            trigger: ".o_control_panel:not(:has(button:contains('Connect Xero organisations')))",
        },
        {
            content: "The sync icon shows the organisation's state to a Xero user too",
            trigger: ".o_xero_sync_systray button[data-tooltip*='Last sync']",
        },
        {
            content: "The card's menu has links but no rename or delete for a plain Xero user",
            trigger: ".o_kanban_record:contains('Tour Org')",
            run: "hover && click .o_kanban_record:contains(Tour Org) .o_dropdown_kanban .dropdown-toggle",
        },
        {
            trigger: ".o-dropdown--menu:has(.dropdown-item:contains('Open in Xero')):not(:has(.dropdown-item:contains('Rename'))):not(:has(.dropdown-item:contains('Delete client')))",
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
            content: "What is synced is shown; the technical tab and the tokens are not",
            trigger: ".o_form_view:has(.o_field_widget[name='synced_html']):not(:has(.o_field_widget[name='tenant_id']))",
        },
    ],
});

// The accountant fixes what a document waits for: the pending bill's Fix button opens the
// account mapping it needs, one click takes the suggestion; Create Odoo Accounts always answers.
registry.category("web_tour.tours").add("xero_fix_tour", {
    url: "/odoo/action-xero_connector.action_xero_pending_item",
    steps: () => [
        {
            content: "The pending bill reads as a bill, with its number and contact",
            trigger: ".o_data_row:contains('BILL-77'):contains('Bill'):contains('Delta Media')",
        },
        {
            content: "Fix opens what it waits for",
            trigger: ".o_data_row:contains('BILL-77') button[name='action_fix']",
            run: "click",
        },
        {
            content: "The Xero account's mapping row, with a suggestion",
            trigger: ".o_data_row:contains('Advertising XQ') td[name='suggested_account_id']:not(:empty)",
        },
        {
            content: "Use the suggestion",
            trigger: ".o_data_row:contains('Advertising XQ') button[name='action_use_suggestion']",
            run: "click",
        },
        {
            content: "The button answers",
            trigger: ".o_notification:contains('mapped to its suggestion')",
        },
        {
            content: "Go to the account mappings",
            trigger: ".o_main_navbar button:contains('Mappings'), .o_main_navbar a:contains('Mappings')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Accounts')",
            run: "click",
        },
        {
            content: "Create Odoo Accounts is there with nothing selected, and says what to select",
            trigger: ".o_control_panel button:contains('Create Odoo Accounts')",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('Select the unmapped Xero accounts')",
        },
    ],
});

// The accountant's first hour: the card says when it last synced and where it books, the
// connection says what is synced and answers Test Connection, a job says what it did in
// words, and the connect dialog asks where to book and names what is already connected.
registry.category("web_tour.tours").add("xero_first_hour_tour", {
    url: "/odoo/action-xero_connector.action_xero_connection",
    steps: () => [
        {
            content: "The card says when it last synced, in words",
            trigger: ".o_kanban_record:contains('Tour Org'):contains('Last sync')",
        },
        {
            content: "The connect dialog asks where the organisations book",
            trigger: ".o_control_panel button:contains('Connect Xero organisations')",
            run: "click",
        },
        {
            content: "Nothing is chosen for the user, and what is connected is named",
            trigger: ".modal:contains('Already connected'):contains('Tour Org') .o_radio_input[data-value='create']:not(:checked)",
        },
        {
            trigger: ".modal button:contains('Cancel')",
            run: "click",
        },
        {
            content: "Open the organisation",
            trigger: ".o_kanban_record:contains('Tour Org') .fw-bold:contains('Tour Org')",
            run: "click",
        },
        {
            content: "The form says what is synced and today's calls",
            trigger: ".o_form_view .o_xero_synced:contains('Contacts'):contains('linked')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='calls_label']:contains('calls today')",
        },
        {
            content: "Test Connection answers with what Xero found",
            trigger: ".o_form_view button[name='action_test_connection']",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('Connected to Fake Org Pty')",
        },
        {
            content: "Go to the sync jobs",
            trigger: ".o_main_navbar a:contains('Sync Jobs'), .o_main_navbar button:contains('Sync Jobs')",
            run: "click",
        },
        {
            content: "A job says what it did per kind of record",
            trigger: ".o_data_row td:contains('Contacts: ')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='summary']:contains('waiting')",
        },
    ],
});
