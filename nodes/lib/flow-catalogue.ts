/**
 * The flow catalogue: for each tab, who owns it, its service level, its validation policy and its
 * exception path. Kept in the flows themselves, as the tab's environment properties (the editor's tab
 * dialog edits them), so a release carries it with the flows it describes.
 */
export const CATALOGUE_PROPERTIES = {
  owner: 'PLANBRIDGE_OWNER',
  serviceLevel: 'PLANBRIDGE_SERVICE_LEVEL',
  validationPolicy: 'PLANBRIDGE_VALIDATION_POLICY',
  exceptionPath: 'PLANBRIDGE_EXCEPTION_PATH',
} as const;

export interface CatalogueEntry {
  tab: string;
  label: string;
  owner: string | null;
  serviceLevel: string | null;
  validationPolicy: string | null;
  exceptionPath: string | null;
}

export interface FlowsNode {
  id: string;
  type: string;
  [key: string]: unknown;
}

function envValue(tab: FlowsNode, name: string): string | null {
  const env = Array.isArray(tab.env) ? (tab.env as Array<{ name?: unknown; value?: unknown }>) : [];
  const found = env.find((e) => e.name === name);
  return typeof found?.value === 'string' && found.value.trim() ? found.value.trim() : null;
}

export function catalogueOf(flows: FlowsNode[]): CatalogueEntry[] {
  return flows
    .filter((n) => n.type === 'tab')
    .map((tab) => ({
      tab: tab.id,
      label: typeof tab.label === 'string' ? tab.label : tab.id,
      owner: envValue(tab, CATALOGUE_PROPERTIES.owner),
      serviceLevel: envValue(tab, CATALOGUE_PROPERTIES.serviceLevel),
      validationPolicy: envValue(tab, CATALOGUE_PROPERTIES.validationPolicy),
      exceptionPath: envValue(tab, CATALOGUE_PROPERTIES.exceptionPath),
    }));
}
