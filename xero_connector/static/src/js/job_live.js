/** @odoo-module **/
// A sync job's form follows the job while it runs: the record is read again every two
// seconds until the job is no longer queued or running (counts, progress, log, state).
import { registry } from "@web/core/registry";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import { Component, onMounted, onWillUnmount, xml } from "@odoo/owl";

const LIVE_STATES = ["queued", "running"];
const EVERY_MS = 2000;

export class XeroJobLive extends Component {
    static props = standardWidgetProps;
    static template = xml`<span class="o_xero_job_live d-none"/>`;

    setup() {
        onMounted(() => {
            this.timer = setInterval(() => this.refresh(), EVERY_MS);
        });
        onWillUnmount(() => clearInterval(this.timer));
    }

    async refresh() {
        const record = this.props.record;
        if (!LIVE_STATES.includes(record.data.state) || record.dirty || record.isNew) {
            return;
        }
        await record.load();
    }
}

registry.category("view_widgets").add("xero_job_live", { component: XeroJobLive });
