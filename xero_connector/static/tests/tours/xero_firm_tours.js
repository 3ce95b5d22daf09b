/** @odoo-module */

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

// The administrator of a firm with several companies: only the firm's own company is ticked
// in the switcher. Each tour asserts what the accountant reads, not only what can be clicked.

// Lands on the firm dashboard: every organisation of every company, with its company; the
// card's figures in words; Sync now opens the new job, which follows the run live.
registry.category("web_tour.tours").add("xero_firm_landing_tour", {
    steps: () => [
        {
            content: "The administrator lands on the firm dashboard: the firm's organisation, with its company",
            trigger: ".o_kanban_record:contains('Firm Org'):contains('Firm HQ Ltd')",
        },
        {
            content: "A client company's organisation is there too, though only the firm's company is ticked",
            trigger: ".o_kanban_record:contains('Kauri Client Org'):contains('Kauri Clients Ltd')",
        },
        {
            content: "The firm's card says when it last synced and what waits, in words and in colour",
            trigger: ".o_kanban_record:contains('Firm Org'):contains('Last sync') .text-warning:contains('1 waiting')",
        },
        {
            content: "Last sync at a time of day, the full moment on hover",
            trigger: ".o_kanban_record:contains('Firm Org') span[title*=':']:contains('Last sync')",
        },
        {
            content: "Nothing failed: a muted zero, with a correct plural",
            trigger: ".o_kanban_record:contains('Firm Org') .text-muted:contains('0 failed postings')",
        },
        {
            content: "The client's card: never synced, nothing waiting, muted",
            trigger: ".o_kanban_record:contains('Kauri Client Org'):contains('Never synced') .text-muted:contains('0 waiting')",
        },
        {
            content: "Sync the client's organisation from its card",
            trigger: ".o_kanban_record:contains('Kauri Client Org') button[name='action_sync_now']",
            run: "click",
        },
        {
            content: "The new job opens, queued",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Queued')",
        },
        {
            content: "A runner picks the job up (as Odoo's cron thread would, a second later)",
            trigger: ".o_form_view .o_field_widget[name='connection_id']:contains('Kauri Client Org')",
            async run() {
                const crons = await rpc("/web/dataset/call_kw/ir.cron/search_read", {
                    model: "ir.cron", method: "search_read",
                    args: [[["name", "=", "Xero: run due organisations"], ["active", "=", true]], ["id"]],
                    kwargs: { order: "id", limit: 1 },
                });
                await rpc("/web/dataset/call_kw/ir.cron/method_direct_trigger", {
                    model: "ir.cron", method: "method_direct_trigger", args: [[crons[0].id]], kwargs: {},
                });
            },
        },
        {
            content: "The form follows the job without a reload: done, and what it did per kind of record",
            trigger: ".o_form_view:has(.o_statusbar_status .o_arrow_button_current:contains('Done')) .o_field_widget[name='summary']:contains('Contacts: 2 new')",
        },
        {
            content: "The log ends with counts that add up",
            trigger: ".o_form_view .o_field_widget[name='log']:contains('Finished: 2 fetched = 2 created')",
        },
        {
            content: "Run Again",
            trigger: ".o_form_view button[name='action_retry']",
            run: "click",
        },
        {
            content: "Run Again opens the new job, queued, not the finished one",
            trigger: ".o_form_view:has(.o_statusbar_status .o_arrow_button_current:contains('Queued')):not(:has(.o_field_widget[name='summary']:visible))",
        },
    ],
});

// Journal posting: the wizard starts on the firm's organisation; its dry run is a table of
// what Xero would receive, each line OK or blocked with the reason; an organisation without
// journals says what is missing and opens where to set it.
registry.category("web_tour.tours").add("xero_firm_posting_tour", {
    steps: () => [
        {
            content: "Open Journal Posting",
            trigger: ".o_main_navbar button:contains('Journal Posting')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Post to Xero')",
            run: "click",
        },
        {
            content: "The wizard starts with the firm's organisation chosen, its journals named",
            trigger: ".modal .o_field_widget[name='connection_id'] input:value('Firm Org')",
        },
        {
            trigger: ".modal:not(:has(.alert-warning:visible)) .o_field_widget[name='post_journal_ids']:contains('Miscellaneous')",
        },
        {
            content: "Preview (dry run)",
            trigger: ".modal button:contains('Preview (dry run)')",
            run: "click",
        },
        {
            content: "A summary in words",
            trigger: ".modal .o_field_widget[name='preview']:contains('2 entries: 1 ready to post'):contains('1 blocked')",
        },
        {
            content: "The table: a ready line with Xero's account code and name, debit and OK",
            trigger: ".modal .o_field_widget[name='preview_line_ids'] .o_data_row:has(td[name='account_code']:contains('400')):has(td[name='account_name']:contains('Office Rent XQ')):has(td[name='state']:contains('OK'))",
        },
        {
            content: "A blocked line says why, in the accountant's words",
            trigger: ".modal .o_field_widget[name='preview_line_ids'] .o_data_row:contains('Blocked'):contains('has no Xero account — map it')",
        },
        {
            content: "Its good line is held back with its entry",
            trigger: ".modal .o_field_widget[name='preview_line_ids'] .o_data_row:contains('held back with its entry')",
        },
        {
            content: "Debits and credits add up in the table's totals",
            trigger: ".modal .o_field_widget[name='preview_line_ids'] tfoot:contains('1,075.00')",
        },
        {
            content: "Choose the client's organisation, which has no journals chosen",
            trigger: ".modal .o_field_widget[name='connection_id'] input",
            run: "edit Kauri",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Kauri Client Org')",
            run: "click",
        },
        {
            content: "The wizard says what is missing and where to set it (not 'nothing to post')",
            trigger: ".modal .alert-warning:contains('No journals are chosen for posting to Xero on this organisation'):contains('Post From Journals')",
        },
        {
            content: "Its button opens where to set it",
            trigger: ".modal .alert-warning button:contains('Open Journal Posting')",
            run: "click",
        },
        {
            content: "The client organisation's form, at its Journal Posting tab",
            trigger: ".o_form_view:has(.o_field_widget[name='name'] input:value('Kauri Client Org')) .o_notebook .nav-link.active:contains('Journal Posting')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='post_journal_ids']",
        },
    ],
});

// A document pulled from Xero: Xero's number in the list and in the title area, Xero's status
// in words, a warning that Xero is its source, and how it came.
registry.category("web_tour.tours").add("xero_pulled_invoice_tour", {
    steps: () => [
        {
            content: "The invoices list shows Xero's number",
            trigger: ".o_list_view .o_data_row:contains('INV-1'):contains('Alpha Pty') td[name='xero_number']:contains('INV-1')",
            run: "click",
        },
        {
            content: "Xero's number and status in words in the title area",
            trigger: ".o_form_view .oe_title:contains('Xero'):contains('INV-1'):contains('Awaiting payment')",
        },
        {
            content: "A warning that Xero is its source and the next sync may overwrite changes",
            trigger: ".o_form_view .alert-info:contains('This document comes from Xero'):contains('Xero is its source, and the next sync may overwrite changes made here')",
        },
        {
            content: "Open in Xero is a button, not a raw address",
            trigger: ".o_form_view .o_form_statusbar button[name='action_open_in_xero']:contains('Open in Xero')",
        },
        {
            content: "The chatter says where it came from",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Imported from Xero by XJ/')",
        },
    ],
});

// Settings open at the Xero block; secrets show as set without being revealed.
registry.category("web_tour.tours").add("xero_settings_tour", {
    steps: () => [
        {
            content: "Xero > Configuration > Settings",
            trigger: ".o_main_navbar button:contains('Configuration')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Settings')",
            run: "click",
        },
        {
            content: "Settings open at the Xero block, the Xero app setting highlighted",
            trigger: ".o_setting_box#xero_app.o_setting_highlight:contains('Xero App')",
        },
        {
            content: "The client secret is set, and not shown",
            trigger: "#xero_app:has(.badge:contains('Set')) input[placeholder*='set — type to replace']",
            run() {
                if (this.anchor.value) {
                    throw new Error("the client secret's input shows a value");
                }
            },
        },
        {
            content: "The webhook key is set, and not shown",
            trigger: "#xero_webhooks:has(.badge:contains('Set')) input[placeholder*='set — type to replace']",
            run() {
                if (this.anchor.value) {
                    throw new Error("the webhook key's input shows a value");
                }
            },
        },
        {
            content: "Neither secret is anywhere on the page",
            trigger: ".o_form_view:not(:contains('s3cr3t'))",
            run() {
                const values = [...document.querySelectorAll("input")].map((i) => i.value).join(" ");
                if (values.includes("s3cr3t")) {
                    throw new Error("a secret is in an input of the settings page");
                }
            },
        },
    ],
});
