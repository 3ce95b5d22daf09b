/** @odoo-module */

import { registry } from "@web/core/registry";

// An accountant publishes a posted invoice from its form: a publishing job opens.
registry.category("web_tour.tours").add("xero_publish_tour", {
    steps: () => [
        {
            content: "The posted invoice offers Publish to Xero",
            trigger: ".o_form_view .o_form_statusbar button[name='action_publish_to_xero']",
            run: "click",
        },
        {
            content: "A publishing job is queued and shown",
            trigger: ".o_form_view .o_field_widget[name='kind']:contains('Publish invoices, bills and credit notes to Xero')",
        },
    ],
});

// Publishing Errors: Xero's own words on each document, and Retry for the selected ones.
registry.category("web_tour.tours").add("xero_publish_errors_tour", {
    steps: () => [
        {
            content: "Xero's message is on the refused document's row",
            trigger: ".o_data_row:contains('cannot be before the period lock date')",
        },
        {
            content: "Select it",
            trigger: ".o_data_row:contains('cannot be before the period lock date') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Retry",
            trigger: ".o_control_panel button[name='action_xero_publish_retry'], .o_list_buttons button[name='action_xero_publish_retry']",
            run: "click",
        },
        {
            content: "A publishing job is queued and shown",
            trigger: ".o_form_view .o_field_widget[name='kind']:contains('Publish invoices, bills and credit notes to Xero')",
        },
    ],
});

// Many at once: invoices selected in the list are published from the Actions menu.
registry.category("web_tour.tours").add("xero_publish_list_tour", {
    steps: () => [
        {
            content: "Select the customer's invoices",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:contains('Actions')",
            run: "click",
        },
        {
            content: "Publish to Xero",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Publish to Xero')",
            run: "click",
        },
        {
            content: "The publishing job opens",
            trigger: ".o_form_view .o_field_widget[name='kind']:contains('Publish invoices, bills and credit notes to Xero')",
        },
    ],
});
