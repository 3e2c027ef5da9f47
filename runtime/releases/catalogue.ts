// The catalogue is read by the Health page and GET /planbridge/catalogue too, and node code does not import runtime/.
export { CATALOGUE_PROPERTIES, catalogueOf, type CatalogueEntry, type FlowsNode } from '../../nodes/lib/flow-catalogue';
