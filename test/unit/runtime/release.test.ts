import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildRelease, verifyRelease, type Modules } from '../../../runtime/releases/bundle';
import type { FlowsNode } from '../../../runtime/releases/catalogue';

const ROOT = path.join(__dirname, '..', '..', '..');
const MODULES: Modules = {
  planbridge: { version: '0.1.0', types: ['odoo-search', 'odoo-config', 'pb-validate', 'pb-run-open'] },
  nodeRed: { version: '5.0.7' },
  dashboard: { version: '1.26.0' },
};
const AT = new Date('2026-12-08T09:00:00Z');

async function shipped(): Promise<{ flows: FlowsNode[]; template: Record<string, Record<string, unknown>> }> {
  return {
    flows: JSON.parse(await fs.readFile(path.join(ROOT, 'flows', 'flows.json'), 'utf8')) as FlowsNode[],
    template: JSON.parse(await fs.readFile(path.join(ROOT, 'flows', 'credentials.template.json'), 'utf8')) as Record<string, Record<string, unknown>>,
  };
}

describe('release bundles', () => {
  it('name what the shipped flows need: credentials by name, environment variables, node types with their modules, contracts, the catalogue', async () => {
    const { flows, template } = await shipped();
    const release = buildRelease({
      flows,
      credentialsTemplate: template,
      version: '2026.12.1',
      message: 'first release',
      author: 'anna',
      at: AT,
      modules: MODULES,
    });
    expect(release).toMatchObject({
      format: 'planbridge-release@1',
      version: '2026.12.1',
      message: 'first release',
      author: 'anna',
      createdAt: AT.toISOString(),
    });
    expect(release.flows).toEqual(flows);
    expect(release.credentials['planbridge-odoo']).toEqual(['apiKey', 'login']);
    expect(release.env).toEqual(expect.arrayContaining(['PLANBRIDGE_ODOO_URL', 'PLANBRIDGE_ODOO_API_KEY', 'PLANBRIDGE_EDI_INBOX', 'PLANBRIDGE_ENV']));
    // A tab's own properties (the catalogue) are set by the flows, not asked of the target.
    expect(release.env).not.toContain('PLANBRIDGE_OWNER');
    const typeOf = (type: string) => release.nodeTypes.find((t) => t.type === type);
    expect(typeOf('odoo-search')).toEqual({ type: 'odoo-search', module: 'planbridge', version: '0.1.0' });
    expect(typeOf('inject')).toEqual({ type: 'inject', module: 'node-red', version: '5.0.7' });
    expect(typeOf('ui-template')).toEqual({ type: 'ui-template', module: '@flowfuse/node-red-dashboard', version: '1.26.0' });
    expect(release.nodeTypes.map((t) => t.type)).not.toContain('tab');
    expect(release.contracts).toEqual(expect.arrayContaining(['stock_snapshot@1', 'replenishment_recommendation@1']));
    expect(release.catalogue).toHaveLength(flows.filter((n) => n.type === 'tab').length);
    for (const entry of release.catalogue)
      expect([entry.label, entry.owner && entry.serviceLevel && entry.validationPolicy && entry.exceptionPath ? 'complete' : 'incomplete']).toEqual([
        entry.label,
        'complete',
      ]);
    expect(release.catalogue.find((c) => c.tab === 'tab-nightly-export')?.serviceLevel).toMatch(/by 03:00/);
    expect(verifyRelease(release)).toBe(true);
  });

  it('never carries a credential value, and any change to what it holds changes its checksum', async () => {
    const flows: FlowsNode[] = [
      { id: 't', type: 'tab', label: 'one' },
      { id: 'c', type: 'odoo-config', z: '', url: '${ODOO_URL}' },
      { id: 's', type: 'odoo-search', z: 't', server: 'c', map: 'item', wires: [[]] },
    ];
    const input = {
      flows,
      credentialsTemplate: { c: { apiKey: 'a-literal-secret', login: '${ODOO_LOGIN}' } },
      version: '1',
      message: 'm',
      author: 'a',
      at: AT,
      modules: MODULES,
    };
    const release = buildRelease(input);
    expect(JSON.stringify(release)).not.toContain('a-literal-secret');
    expect(release.credentials).toEqual({ c: ['apiKey', 'login'] });
    expect(release.env).toEqual(['ODOO_LOGIN', 'ODOO_URL']);
    expect(release.nodeTypes.map((t) => [t.type, t.module])).toEqual([
      ['odoo-config', 'planbridge'],
      ['odoo-search', 'planbridge'],
    ]);
    const tampered = { ...release, flows: [...release.flows, { id: 'x', type: 'function', z: 't', func: 'return msg;' }] };
    expect(verifyRelease(tampered)).toBe(false);
    expect(buildRelease({ ...input, flows: tampered.flows }).checksum).not.toBe(release.checksum);
    expect(buildRelease(input).checksum).toBe(release.checksum);
  });

  it('names a node type no installed module provides, and refuses a release without a version or a message', () => {
    const flows: FlowsNode[] = [{ id: 'n', type: 'some-contrib-node', z: 't' }];
    const release = buildRelease({ flows, credentialsTemplate: {}, version: '1', message: 'm', author: 'a', at: AT, modules: MODULES });
    expect(release.nodeTypes).toEqual([{ type: 'some-contrib-node', module: null, version: null }]);
    expect(() => buildRelease({ flows, credentialsTemplate: {}, version: 'one two', message: 'm', author: 'a', at: AT, modules: MODULES })).toThrow(/version/);
    expect(() => buildRelease({ flows, credentialsTemplate: {}, version: '1', message: ' ', author: 'a', at: AT, modules: MODULES })).toThrow(/message/);
  });
});
