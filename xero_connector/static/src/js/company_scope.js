/** @odoo-module **/
// A screen opened for a client's company shows that company, whatever the switcher shows.
//
// The firm's administrator works in the firm's own company; the Xero screens (the dashboard,
// Sync Jobs, Pending Items, Publishing Errors, the mappings, a card's reports) are opened with
// `xero_company_ids` in their action's context: the companies they are for (see for_companies
// in utils.py). Odoo's search model lets the user's own context (the switcher's companies) win
// over the action's, so a list or report opened for a client would read the firm's company
// only and say "No data". Here the action's companies are the ones read and written, for that
// screen and what is opened from it; the switcher itself does not change.
import { SearchModel } from "@web/search/search_model";
import { patch } from "@web/core/utils/patch";

patch(SearchModel.prototype, {
    _getContext() {
        const context = super._getContext(...arguments);
        const companyIds = this.globalContext?.xero_company_ids;
        if (Array.isArray(companyIds) && companyIds.length) {
            context.allowed_company_ids = companyIds.slice();
        }
        return context;
    },
});
