import type { FromSchema } from 'json-schema-to-ts';
import { alertV1 } from './schemas/alert';
import { approvalDecisionV1 } from './schemas/approval-decision';
import { asnV1 } from './schemas/asn';
import { demandHistoryV1 } from './schemas/demand-history';
import { forecastV1 } from './schemas/forecast';
import { invoiceV1 } from './schemas/invoice';
import { itemV1 } from './schemas/item';
import { itemSupplierV1 } from './schemas/item-supplier';
import { locationV1 } from './schemas/location';
import { openPurchaseOrderV1 } from './schemas/open-purchase-order';
import { openSalesOrderV1 } from './schemas/open-sales-order';
import { poAcknowledgmentV1 } from './schemas/po-acknowledgment';
import { replenishmentRecommendationV1 } from './schemas/replenishment-recommendation';
import { stockPolicyV1 } from './schemas/stock-policy';
import { stockSnapshotV1 } from './schemas/stock-snapshot';

/** Every contract version planbridge knows, keyed by `<name>@<version>`. Add a version; never edit one. */
export const contractSchemas = {
  'item@1': itemV1,
  'item_supplier@1': itemSupplierV1,
  'location@1': locationV1,
  'stock_snapshot@1': stockSnapshotV1,
  'demand_history@1': demandHistoryV1,
  'open_sales_order@1': openSalesOrderV1,
  'open_purchase_order@1': openPurchaseOrderV1,
  'replenishment_recommendation@1': replenishmentRecommendationV1,
  'approval_decision@1': approvalDecisionV1,
  'forecast@1': forecastV1,
  'stock_policy@1': stockPolicyV1,
  'alert@1': alertV1,
  'asn@1': asnV1,
  'po_acknowledgment@1': poAcknowledgmentV1,
  'invoice@1': invoiceV1,
} as const;

export type ContractRef = keyof typeof contractSchemas;

export type Item = FromSchema<typeof itemV1>;
export type ItemSupplier = FromSchema<typeof itemSupplierV1>;
export type Location = FromSchema<typeof locationV1>;
export type StockSnapshot = FromSchema<typeof stockSnapshotV1>;
export type DemandHistory = FromSchema<typeof demandHistoryV1>;
export type OpenSalesOrder = FromSchema<typeof openSalesOrderV1>;
export type OpenPurchaseOrder = FromSchema<typeof openPurchaseOrderV1>;
export type ReplenishmentRecommendation = FromSchema<typeof replenishmentRecommendationV1>;
export type ApprovalDecision = FromSchema<typeof approvalDecisionV1>;
export type Forecast = FromSchema<typeof forecastV1>;
export type StockPolicy = FromSchema<typeof stockPolicyV1>;
export type Alert = FromSchema<typeof alertV1>;
export type Asn = FromSchema<typeof asnV1>;
export type PoAcknowledgment = FromSchema<typeof poAcknowledgmentV1>;
export type Invoice = FromSchema<typeof invoiceV1>;

/** The record type of each contract version. */
export interface ContractTypes {
  'item@1': Item;
  'item_supplier@1': ItemSupplier;
  'location@1': Location;
  'stock_snapshot@1': StockSnapshot;
  'demand_history@1': DemandHistory;
  'open_sales_order@1': OpenSalesOrder;
  'open_purchase_order@1': OpenPurchaseOrder;
  'replenishment_recommendation@1': ReplenishmentRecommendation;
  'approval_decision@1': ApprovalDecision;
  'forecast@1': Forecast;
  'stock_policy@1': StockPolicy;
  'alert@1': Alert;
  'asn@1': Asn;
  'po_acknowledgment@1': PoAcknowledgment;
  'invoice@1': Invoice;
}
