/** @odoo-module **/
// The sync icon in Odoo's systray, for Xero users: green when the current company's Xero
// organisation is connected, red when it needs reconnecting; hover shows the last sync;
// a click syncs now (Xero administrators) and answers with a notification.
import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const EVERY_MS = 60000;

export class XeroSyncSystray extends Component {
    static props = {};
    static template = "xero_connector.SyncSystray";

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({ visible: false, busy: false });
        onWillStart(() => this.load());
        const timer = setInterval(() => this.load(), EVERY_MS);
        onWillUnmount(() => clearInterval(timer));
    }

    async load() {
        // Polled: a failed read hides the icon rather than interrupting the user with an error.
        let status;
        try {
            status = await this.orm.silent.call("xero.connection", "systray_status", [], {});
        } catch {
            status = { visible: false };
        }
        Object.assign(this.state, status);
    }

    get tooltip() {
        return `${this.state.status}\n${this.state.last_sync}`;
    }

    async onClick() {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            const answer = await this.orm.call("xero.connection", "systray_sync", [], {});
            this.notification.add(answer.message, { type: answer.type });
            await this.load();
        } finally {
            this.state.busy = false;
        }
    }
}

registry.category("systray").add("xero_connector.SyncSystray", { Component: XeroSyncSystray }, { sequence: 40 });
