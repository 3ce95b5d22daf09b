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
            trigger: ".o_form_view .o_field_widget[name='label']:contains('Publish invoices, bills and credit notes to Xero')",
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
            trigger: ".o_form_view .o_field_widget[name='label']:contains('Publish invoices, bills and credit notes to Xero')",
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
            trigger: ".o_form_view .o_field_widget[name='label']:contains('Publish invoices, bills and credit notes to Xero')",
        },
    ],
});

// An accountant pays a published invoice from its form, on the bank journal mapped to a Xero
// bank account, opens the payment and publishes it: a publishing job opens.
registry.category("web_tour.tours").add("xero_payment_publish_tour", {
    steps: () => [
        {
            content: "The published invoice offers Register Payment",
            trigger: ".o_form_view .o_form_statusbar button#account_invoice_payment_btn",
            run: "click",
        },
        {
            content: "Pay from the Operating Account journal",
            trigger: ".modal .o_field_widget[name='journal_id'] input",
            run: "edit Operating",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Operating Account')",
            run: "click",
        },
        {
            content: "The journal is chosen",
            trigger: ".modal .o_field_widget[name='journal_id'] input:value('Operating Account')",
        },
        {
            content: "Create the payment",
            trigger: ".modal button[name='action_create_payments']",
            run: "click",
        },
        {
            content: "Open the invoice's payment",
            trigger: ".o_form_view .o-form-buttonbox button[name='open_payments']",
            run: "click",
        },
        {
            content: "The payment offers Publish to Xero",
            trigger: ".o_form_view .o_form_statusbar button[name='action_publish_to_xero']",
            run: "click",
        },
        {
            content: "A publishing job is queued and shown, named for what it sends",
            trigger: ".o_form_view .o_field_widget[name='label']:contains('Publish payments to Xero')",
        },
    ],
});

// The payment, once the job ran, says it is in Xero, for the invoice it pays.
registry.category("web_tour.tours").add("xero_payment_published_tour", {
    steps: () => [
        {
            content: "Published already: Publish to Xero is not offered again",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name='action_publish_to_xero']))",
        },
        {
            content: "Open the payment's Xero tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Xero')",
            run: "click",
        },
        {
            content: "Published to Xero, for the invoice",
            trigger: ".o_field_widget[name='xero_link_ids'] .o_data_row:contains('Published to Xero'):contains('INV/')",
        },
    ],
});
