export type OdooVersion = 16 | 17 | 18 | 19 | 20;
export const ODOO_VERSIONS: readonly OdooVersion[] = [16, 17, 18, 19, 20];

/**
 * Everything that differs between the Odoo majors the sandbox imitates, as one table
 * (see the version matrix of docs odoo-api-facts.md, section 0). Code asks the profile; it never compares version numbers.
 */
export interface VersionProfile {
  version: OdooVersion;
  serverVersion: string;
  serverVersionInfo: [number, number, number, string, number, string];
  serverSerie: string;
  endpoints: {
    json2: boolean;
    /** GET /web/version and /json/version. */
    webVersion: boolean;
    /** The XML-RPC/JSON-RPC `db` service; unexposed in 19.1, so absent in 20. */
    dbService: boolean;
  };
  /** error.code of a JSON-RPC error envelope: "arbitrary" 200 in 16-18, 0 in 19-era http.py. Clients must not rely on it. */
  jsonRpcErrorCode: number;
  product: {
    /** 16-17 `detailed_type`; removed in 18. */
    detailedType: boolean;
    /** 18+ boolean replacing type 'product'. */
    isStorable: boolean;
    typeValues: string[];
    /** product.template.uom_po_id, deleted in 19. */
    uomPo: boolean;
  };
  /** uom.category exists up to 18; 19 uses relative_uom_id + relative_factor. */
  uomCategory: boolean;
  supplierinfo: { discount: boolean; productUom: boolean };
  saleStates: string[];
  saleLocked: boolean;
  purchaseStates: string[];
  purchaseLocked: boolean;
  /** purchase.order `notes` became `note` in 19. */
  purchaseNoteField: 'notes' | 'note';
  /** sale/purchase.order.line unit field. */
  orderLineUomField: 'product_uom' | 'product_uom_id';
  /** stock.move done quantity. */
  moveQtyField: 'quantity_done' | 'quantity';
  /** stock.move.name removed in 19. */
  moveName: boolean;
  movePicked: boolean;
  orderpoint: { qtyMultiple: boolean; replenishmentUom: boolean };
  domainAnyOperator: boolean;
  methods: {
    readGroup: boolean;
    formattedReadGroup: boolean;
    nameGet: boolean;
    /** name_search(name, <this>, operator, limit). */
    nameSearchDomainParam: 'args' | 'domain';
    /** search(domain, offset, limit, order, count) in 16; `count` dropped in 17. */
    searchCountParam: boolean;
  };
  /** Outgoing automation webhooks: none in 16, sent inside the transaction in 17-18, post-commit from 19. */
  webhooks: 'none' | 'in-transaction' | 'post-commit';
  /** Non-admin API keys must have an expiration date (18+); the sandbox gives them 90 days. */
  apiKeyExpiryForNonAdmins: boolean;
}

function info(version: OdooVersion): Pick<VersionProfile, 'version' | 'serverVersion' | 'serverVersionInfo' | 'serverSerie'> {
  return {
    version,
    serverVersion: `${version}.0+e`,
    serverVersionInfo: [version, 0, 0, 'final', 0, 'e'],
    serverSerie: `${version}.0`,
  };
}

const TYPES_16 = ['consu', 'service', 'product'];
const TYPES_18 = ['consu', 'service', 'combo'];

export const VERSION_PROFILES: Record<OdooVersion, VersionProfile> = {
  16: {
    ...info(16),
    endpoints: { json2: false, webVersion: false, dbService: true },
    jsonRpcErrorCode: 200,
    product: { detailedType: true, isStorable: false, typeValues: TYPES_16, uomPo: true },
    uomCategory: true,
    supplierinfo: { discount: false, productUom: false },
    saleStates: ['draft', 'sent', 'sale', 'done', 'cancel'],
    saleLocked: false,
    purchaseStates: ['draft', 'sent', 'to approve', 'purchase', 'done', 'cancel'],
    purchaseLocked: false,
    purchaseNoteField: 'notes',
    orderLineUomField: 'product_uom',
    moveQtyField: 'quantity_done',
    moveName: true,
    movePicked: false,
    orderpoint: { qtyMultiple: true, replenishmentUom: false },
    domainAnyOperator: false,
    methods: { readGroup: true, formattedReadGroup: false, nameGet: true, nameSearchDomainParam: 'args', searchCountParam: true },
    webhooks: 'none',
    apiKeyExpiryForNonAdmins: false,
  },
  17: {
    ...info(17),
    endpoints: { json2: false, webVersion: false, dbService: true },
    jsonRpcErrorCode: 200,
    product: { detailedType: true, isStorable: false, typeValues: TYPES_16, uomPo: true },
    uomCategory: true,
    supplierinfo: { discount: true, productUom: false },
    saleStates: ['draft', 'sent', 'sale', 'cancel'],
    saleLocked: true,
    purchaseStates: ['draft', 'sent', 'to approve', 'purchase', 'done', 'cancel'],
    purchaseLocked: false,
    purchaseNoteField: 'notes',
    orderLineUomField: 'product_uom',
    moveQtyField: 'quantity',
    moveName: true,
    movePicked: true,
    orderpoint: { qtyMultiple: true, replenishmentUom: false },
    domainAnyOperator: true,
    // name_get is deprecated in 17 but still callable.
    methods: { readGroup: true, formattedReadGroup: false, nameGet: true, nameSearchDomainParam: 'args', searchCountParam: false },
    webhooks: 'in-transaction',
    apiKeyExpiryForNonAdmins: false,
  },
  18: {
    ...info(18),
    endpoints: { json2: false, webVersion: false, dbService: true },
    jsonRpcErrorCode: 200,
    product: { detailedType: false, isStorable: true, typeValues: TYPES_18, uomPo: true },
    uomCategory: true,
    supplierinfo: { discount: true, productUom: false },
    saleStates: ['draft', 'sent', 'sale', 'cancel'],
    saleLocked: true,
    purchaseStates: ['draft', 'sent', 'to approve', 'purchase', 'done', 'cancel'],
    purchaseLocked: false,
    purchaseNoteField: 'notes',
    orderLineUomField: 'product_uom',
    moveQtyField: 'quantity',
    moveName: true,
    movePicked: true,
    orderpoint: { qtyMultiple: true, replenishmentUom: false },
    domainAnyOperator: true,
    // UNCONFIRMED in the reference: 18's name_search parameter. Migration notes for 18 -> 19 list the
    // args -> domain rename as a 19.0 change, so 18 keeps `args`.
    methods: { readGroup: true, formattedReadGroup: false, nameGet: false, nameSearchDomainParam: 'args', searchCountParam: false },
    webhooks: 'in-transaction',
    apiKeyExpiryForNonAdmins: true,
  },
  19: {
    ...info(19),
    endpoints: { json2: true, webVersion: true, dbService: true },
    jsonRpcErrorCode: 0,
    product: { detailedType: false, isStorable: true, typeValues: TYPES_18, uomPo: false },
    uomCategory: false,
    supplierinfo: { discount: true, productUom: true },
    saleStates: ['draft', 'sent', 'sale', 'cancel'],
    saleLocked: true,
    purchaseStates: ['draft', 'sent', 'to approve', 'purchase', 'cancel'],
    purchaseLocked: true,
    purchaseNoteField: 'note',
    orderLineUomField: 'product_uom_id',
    moveQtyField: 'quantity',
    moveName: false,
    movePicked: true,
    orderpoint: { qtyMultiple: false, replenishmentUom: true },
    domainAnyOperator: true,
    // read_group is deprecated in 19 but still answers.
    methods: { readGroup: true, formattedReadGroup: true, nameGet: false, nameSearchDomainParam: 'domain', searchCountParam: false },
    webhooks: 'post-commit',
    apiKeyExpiryForNonAdmins: true,
  },
  20: {
    ...info(20),
    endpoints: { json2: true, webVersion: true, dbService: false },
    jsonRpcErrorCode: 0,
    product: { detailedType: false, isStorable: true, typeValues: TYPES_18, uomPo: false },
    uomCategory: false,
    supplierinfo: { discount: true, productUom: true },
    saleStates: ['draft', 'sent', 'sale', 'cancel'],
    saleLocked: true,
    purchaseStates: ['draft', 'sent', 'to approve', 'purchase', 'cancel'],
    purchaseLocked: true,
    purchaseNoteField: 'note',
    orderLineUomField: 'product_uom_id',
    moveQtyField: 'quantity',
    moveName: false,
    movePicked: true,
    orderpoint: { qtyMultiple: false, replenishmentUom: true },
    domainAnyOperator: true,
    // UNCONFIRMED whether 20 still accepts read_group (deprecated in 19): the sandbox removes it, so clients
    // targeting 20 must use formatted_read_group.
    methods: { readGroup: false, formattedReadGroup: true, nameGet: false, nameSearchDomainParam: 'domain', searchCountParam: false },
    webhooks: 'post-commit',
    apiKeyExpiryForNonAdmins: true,
  },
};

export function versionProfile(version: number): VersionProfile {
  const profile = VERSION_PROFILES[version as OdooVersion];
  if (!profile) throw new Error(`Odoo sandbox: unsupported version ${version} (choose one of ${ODOO_VERSIONS.join(', ')})`);
  return profile;
}
