import odooCall from '../../nodes/odoo/odoo-call';
import odooConfig from '../../nodes/odoo/odoo-config';
import odooSearch from '../../nodes/odoo/odoo-search';
import odooWebhook from '../../nodes/odoo/odoo-webhook';
import odooWrite from '../../nodes/odoo/odoo-write';

export const odooNodes = [odooConfig, odooSearch, odooWrite, odooCall, odooWebhook];
