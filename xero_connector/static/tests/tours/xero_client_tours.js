/** @odoo-module */

import { registry } from "@web/core/registry";

// The firm's client list, as a Xero administrator: the sync icon in the systray, the firm's
// own organisation apart from its clients, rename from the card (Xero's name kept beside),
// and delete a client (the confirmation says the synced records stay).
registry.category("web_tour.tours").add("xero_client_list_tour", {
    url: "/odoo/action-xero_connector.action_xero_connection",
    steps: () => [
        {
            content: "The sync icon is green and says when the organisation last synced",
            trigger: ".o_xero_sync_systray button[data-ok='1'][data-tooltip*='Last sync']",
        },
        {
            content: "The firm's own organisation is kept apart from the clients",
            trigger: ".o_kanban_group:contains('Firm'):contains('Tour Firm'):not(:contains('Tour Org'))",
        },
        {
            trigger: ".o_kanban_group:contains('Clients') .o_kanban_record:contains('Tour Org')",
        },
        {
            content: "Manage the client from its card",
            trigger: ".o_kanban_record:contains('Tour Org')",
            run: "hover && click .o_kanban_record:contains(Tour Org) .o_dropdown_kanban .dropdown-toggle",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Rename and user access')",
            run: "click",
        },
        {
            content: "Give the client the firm's own name",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit Smith Family Trust",
        },
        {
            trigger: ".modal .o_field_widget[name='user_ids']",
        },
        {
            trigger: ".modal button:contains('Save')",
            run: "click",
        },
        {
            content: "The card shows the firm's name, and Xero's beside it",
            trigger: ".o_kanban_record:contains('Smith Family Trust'):contains('In Xero: Tour Org')",
        },
        {
            content: "Click the sync icon: it syncs now and says so",
            trigger: ".o_xero_sync_systray button",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('started')",
        },
        {
            content: "Open the client",
            trigger: ".o_kanban_record:contains('Smith Family Trust') .fw-bold:contains('Smith Family Trust')",
            run: "click",
        },
        {
            content: "Who may see the client's company: Odoo's allowed companies",
            trigger: ".o_notebook a:contains('User Access')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='user_ids'] .o_data_row td[name='login']:contains('admin')",
        },
        {
            content: "Link the client to Xero Practice Manager",
            trigger: ".o_field_widget[name='xpm_client_code'] input",
            run: "edit 12345",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Practice Manager and Xero open from the client",
            trigger: ".o_form_view:not(.o_form_dirty) button[name='action_open_in_xpm']",
        },
        {
            trigger: "button[name='action_open_in_xero']",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb a:contains('Xero Connections')",
            run: "click",
        },
        {
            content: "The client's own profit and loss in Odoo, one click from the card",
            trigger: ".o_kanban_record:contains('Smith Family Trust')",
            run: "hover && click .o_kanban_record:contains(Smith Family Trust) .o_dropdown_kanban .dropdown-toggle",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Profit and Loss')",
            run: "click",
        },
        {
            trigger: ".o_pivot_view",
        },
        {
            trigger: ".o_breadcrumb:contains('Profit and Loss')",
        },
        {
            trigger: ".o_breadcrumb a:contains('Xero Connections')",
            run: "click",
        },
        {
            content: "Delete the client from its card",
            trigger: ".o_kanban_record:contains('Smith Family Trust')",
            run: "hover && click .o_kanban_record:contains(Smith Family Trust) .o_dropdown_kanban .dropdown-toggle",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Delete client')",
            run: "click",
        },
        {
            content: "The confirmation says what happens and that synced records stay",
            trigger: ".modal:contains('archived'):contains('stays in Odoo') .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('Client deleted')",
        },
        {
            content: "The client is gone from the list",
            trigger: ".o_kanban_renderer:not(:has(.o_kanban_record:contains('Smith Family Trust')))",
        },
    ],
});

// Customer name mapping: a Xero name that matches no Odoo customer waits in Mappings >
// Customer Names; the administrator picks the customer on the row.
registry.category("web_tour.tours").add("xero_customer_names_tour", {
    url: "/odoo/action-xero_connector.action_xero_pending_item",
    steps: () => [
        {
            content: "The held contact says why it waits; Fix opens its name",
            trigger: ".o_data_row:contains('Alpha Pty'):contains('No Odoo customer matches') button[name='action_fix']",
            run: "click",
        },
        {
            content: "The name waits for its customer",
            trigger: ".o_data_row:contains('Alpha Pty') td[name='partner_id']",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_field_widget[name='partner_id'] input",
            run: "edit Alpha Holdings",
        },
        {
            trigger: ".ui-menu-item a:contains('Alpha Holdings')",
            run: "click",
        },
        {
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Mapped: the next sync books its documents",
            trigger: ".o_data_row:contains('Alpha Pty'):contains('Alpha Holdings'):not(.o_selected_row)",
        },
    ],
});

// Payroll and fixed assets: the administrator turns the check on in Settings (only
// administrators see it); each organisation then says whether it uses Xero Payroll and fixed
// assets.
registry.category("web_tour.tours").add("xero_payroll_settings_tour", {
    url: "/odoo/settings#xero_payroll_assets",
    steps: () => [
        {
            content: "Turn on the payroll and fixed assets check",
            trigger: ".o_setting_box#xero_payroll_assets:contains('Check payroll and fixed assets') input[type='checkbox']:not(:checked)",
            run: "click",
        },
        {
            trigger: ".o_setting_box#xero_payroll_assets input[type='checkbox']:checked",
        },
        {
            content: "Save: the settings page reloads",
            trigger: ".o_form_button_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(.o_form_dirty) .o_setting_box#xero_payroll_assets input[type='checkbox']:checked",
        },
    ],
});

// The statuses on the card and the form, and Disconnect Payroll, as a Xero administrator.
registry.category("web_tour.tours").add("xero_payroll_tour", {
    url: "/odoo/action-xero_connector.action_xero_connection",
    steps: () => [
        {
            content: "The card says the organisation uses Xero Payroll, and not fixed assets",
            trigger: ".o_kanban_record:contains('Tour Org') .o_xero_products:contains('Payroll'):contains('Connected')",
        },
        {
            trigger: ".o_kanban_record:contains('Tour Org') .o_xero_products:contains('Fixed assets'):contains('Not used')",
        },
        {
            content: "Open the organisation",
            trigger: ".o_kanban_record:contains('Tour Org') .fw-bold:contains('Tour Org')",
            run: "click",
        },
        {
            content: "The form says why, in words",
            trigger: ".o_field_widget[name='payroll_note']:contains('runs its payroll in Xero Payroll')",
        },
        {
            trigger: ".o_field_widget[name='assets_note']:contains('has not set up fixed assets')",
        },
        {
            content: "Disconnect payroll",
            trigger: "button[name='action_disconnect_payroll']",
            run: "click",
        },
        {
            content: "The confirmation says what happens at the next reconnect",
            trigger: ".modal:contains('next reconnect') .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('Payroll disconnected')",
        },
        {
            content: "Payroll now reads Not connected, and why",
            trigger: ".o_field_widget[name='payroll_status']:contains('Not connected')",
        },
        {
            trigger: ".o_field_widget[name='payroll_note']:contains('disconnected here')",
        },
        {
            content: "It can be connected again",
            trigger: ".o_form_view:not(:has(button[name='action_disconnect_payroll'])) button[name='action_connect_payroll']",
        },
    ],
});

// A Xero user (not an administrator) sees the statuses, without the payroll buttons.
registry.category("web_tour.tours").add("xero_payroll_user_tour", {
    url: "/odoo/action-xero_connector.action_xero_connection",
    steps: () => [
        {
            trigger: ".o_kanban_record:contains('Tour Org') .o_xero_products:contains('Payroll'):contains('Not connected')",
        },
        {
            trigger: ".o_kanban_record:contains('Tour Org') .fw-bold:contains('Tour Org')",
            run: "click",
        },
        {
            content: "The statuses and why are shown",
            trigger: ".o_field_widget[name='payroll_note']:contains('disconnected here')",
        },
        {
            content: "No Disconnect Payroll or Connect Payroll for a Xero user",
            trigger: ".o_form_view:has(.o_field_widget[name='payroll_status']):not(:has(button[name='action_disconnect_payroll'])):not(:has(button[name='action_connect_payroll']))",
        },
    ],
});
