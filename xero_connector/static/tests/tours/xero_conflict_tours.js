/** @odoo-module */

import { registry } from "@web/core/registry";

// A contact edited in Odoo and in Xero: the pending item shows both versions side by side, the
// field that differs marked; keeping Xero's version writes it in Odoo and resolves the item.
registry.category("web_tour.tours").add("xero_conflict_tour", {
    steps: () => [
        {
            content: "The conflict waits among the pending items",
            trigger: ".o_data_row:contains('Harbour Supplies') td.o_data_cell",
            run: "click",
        },
        {
            content: "Both versions, side by side",
            trigger: ".o_form_view table.o_xero_conflict th:contains('In Odoo') ~ th:contains('In Xero')",
        },
        {
            content: "The e-mail differs: Odoo's and Xero's",
            trigger: ".o_xero_conflict tr.o_xero_differs:contains('odoo@harbour.example'):contains('xero@harbour.example')",
        },
        {
            content: "Keep Xero's version",
            trigger: ".o_form_view .o_form_statusbar button[name='action_keep_xero']",
            run: "click",
        },
        {
            content: "Odoo is updated: the item is resolved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='resolved']",
        },
    ],
});
