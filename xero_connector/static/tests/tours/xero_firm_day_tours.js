/** @odoo-module */

import { registry } from "@web/core/registry";

// The rest of the firm's day (issue 29), the administrator in the firm's own company: what was
// not sent says so in words with the fix a click away, in the client's company; the mapping list
// accepts its confident suggestions in bulk; Create Odoo Accounts says what a new account is beside.
registry.category("web_tour.tours").add("xero_firm_day_tour", {
    steps: () => [
        {
            content: "Only the firm's own company is ticked",
            trigger: ".o_switch_company_menu:contains('Firm HQ Ltd')",
        },
        {
            content: "Publishing Errors, firm-wide",
            trigger: ".o_main_navbar .o_nav_entry:contains('Publishing Errors')",
            run: "click",
        },
        {
            content: "The document typed in Odoo is 'Not Sent' (nothing went to Xero), in words",
            trigger: ".o_list_view .o_data_row:contains('Unsent Customer XQ'):contains('Not Sent'):contains('has no Xero account — map it')",
        },
        {
            content: "Xero refused only what it refused",
            trigger: ".o_list_view .o_data_row:contains('Refused Customer XQ'):contains('Xero Refused')",
        },
        {
            content: "Map the Account from the row",
            trigger: ".o_list_view .o_data_row:contains('Unsent Customer XQ') button:contains('Map the Account')",
            run: "click",
        },
        {
            content: "The client's Xero accounts to map, not an empty page",
            trigger: ".o_list_view:not(:has(.o_view_nocontent)) .o_data_row:contains('Kauri Client Org')",
        },
        {
            content: "The Posting Report, firm-wide",
            trigger: ".o_main_navbar button:contains('Journal Posting')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Posting Report')",
            run: "click",
        },
        {
            content: "Grouped by what became of the entry, in words (never 'None')",
            trigger: ".o_list_view .o_group_header:contains('Not sent: an account has no Xero account (map it)')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_group_header:contains('None')))",
        },
        {
            content: "The entry says why, in the posting report's words",
            trigger: ".o_list_view .o_data_row:contains('Accrual XQ'):contains('Not sent: the Odoo account'):contains('has no Xero account — map it')",
        },
        {
            content: "Map the Account from the entry",
            trigger: ".o_list_view .o_data_row:contains('Accrual XQ') button:contains('Map the Account')",
            run: "click",
        },
        {
            content: "The client's Xero accounts to map",
            trigger: ".o_list_view:not(:has(.o_view_nocontent)) .o_data_row:contains('Kauri Client Org')",
        },
        {
            content: "Mappings › Accounts: every client's, grouped",
            trigger: ".o_main_navbar button:contains('Mappings')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Accounts'):not(:contains('Bank'))",
            run: "click",
        },
        {
            content: "A confident suggestion shows its score and why",
            trigger: ".o_list_view .o_data_row:contains('Subscriptions'):has(td[name='suggestion_reason']:contains('same code')):has(td[name='suggestion_score']:contains('100'))",
        },
        {
            content: "Accept the confident ones in bulk",
            trigger: ".o_control_panel button:contains('Accept Confident Suggestions')",
            run: "click",
        },
        {
            content: "It says how many it accepted and what is left to check",
            trigger: ".o_notification:contains('confident suggestion'):contains('accepted'):contains('80% alike')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Quirk Subscriptions XQ')))",
        },
        {
            content: "Select the Xero account Odoo has nothing like",
            trigger: ".o_list_view .o_data_row:contains('Mystery Xero Costs XQ') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Create Odoo Accounts",
            trigger: ".o_control_panel button:contains('Create Odoo Accounts')",
            run: "click",
        },
        {
            content: "It says what it created, and beside which existing account of the same type",
            trigger: ".o_notification:contains('1 account created'):contains('Mystery Xero Costs XQ beside')",
        },
        {
            content: "Sync Jobs: quiet runs are not job rows",
            trigger: ".o_main_navbar .o_nav_entry:contains('Sync Jobs')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:contains('Kauri Client Org'):contains('(1)')",
        },
        {
            content: "Unless the user asks to see them",
            trigger: ".o_searchview_facet:contains('Hide Quiet Runs') .o_facet_remove",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:contains('Kauri Client Org'):contains('(5)')",
        },
    ],
});

// A client's organisation opened from the firm's company: quiet runs are a line on it.
registry.category("web_tour.tours").add("xero_quiet_line_tour", {
    steps: () => [
        {
            content: "The organisation says when it last checked and that nothing was new",
            trigger: ".o_form_view .o_field_widget[name='quiet_label']:contains('Nothing new in Xero for 4 runs')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='last_checked'] span:not(:empty)",
        },
    ],
});

// A published invoice opened by its link from the firm's company (Odoo switches to its company):
// Reset to Draft says Xero keeps the document until it is posted again; Cancel asks first.
registry.category("web_tour.tours").add("xero_reset_cancel_tour", {
    steps: () => [
        {
            content: "The published invoice, in its own company: Xero's number and status",
            trigger: ".o_form_view:contains('Awaiting payment') .o_form_statusbar button:contains('Open in Xero')",
        },
        {
            content: "Reset to Draft",
            trigger: ".o_form_view .o_form_statusbar button[name='button_draft']",
            run: "click",
        },
        {
            content: "Xero keeps the document as it was until it is posted again",
            trigger: ".o_form_view .alert-info:contains('Xero still shows this document as it was published until it is posted again')",
        },
        {
            content: "Cancel",
            trigger: ".o_form_view .o_form_statusbar button[name='action_xero_cancel_confirm']",
            run: "click",
        },
        {
            content: "Asked first: this also voids the invoice in Xero",
            trigger: ".modal .o_field_widget[name='message']:contains('This also voids'):contains('in Xero')",
        },
        {
            trigger: ".modal footer button:contains('Cancel Them and Void in Xero')",
            run: "click",
        },
        {
            content: "Cancelled in Odoo, voided in Xero in a moment",
            trigger: ".o_form_view .alert-info:contains('Cancelled in Odoo: it is voided in Xero in a moment')",
        },
    ],
});

// An organisation that only pulls customer invoices: an invoice typed in Odoo offers no Publish
// to Xero, and its Xero tab says why.
registry.category("web_tour.tours").add("xero_pull_only_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_form_statusbar button[name='button_draft']",
        },
        {
            content: "No Publish to Xero",
            trigger: ".o_form_view:not(:has(button[name='action_publish_to_xero']))",
        },
        {
            content: "The Xero tab says why",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Xero')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='xero_publish_hint']:contains('only pulls this kind of document from Xero')",
        },
    ],
});

// A Xero administrator without Odoo's Access Rights: who works in the client's company is shown,
// with who may change it, and cannot be edited (Odoo's own rule).
registry.category("web_tour.tours").add("xero_user_access_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_notebook .nav-link:contains('User Access')",
            run: "click",
        },
        {
            content: "Who may change the list, in Odoo's words",
            trigger: ".o_form_view .alert-info .o_field_widget[name='user_access_note']:contains('Access Rights')",
        },
        {
            content: "The list is read-only",
            trigger: ".o_form_view .o_field_widget[name='user_ids']:not(:has(.o_field_x2many_list_row_add)):not(:has(.o_list_record_remove))",
        },
    ],
});
