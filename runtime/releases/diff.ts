import { structuredPatch } from 'diff';
import { contractNames, type Release } from './bundle';
import type { FlowsNode } from './catalogue';

// Where a node sits on its tab: changing only these is a move, not a change.
const POSITION = new Set(['x', 'y', 'w', 'h']);

export interface SettingChange {
  setting: string;
  before: unknown;
  after: unknown;
  /** For text over several lines (function code, templates, descriptions): the changed lines, `-` and `+`. */
  lines?: string[];
}

export interface NodeChange {
  id: string;
  type: string;
  name: string | null;
  settings: SettingChange[];
}

export interface FlowsDiff {
  added: string[];
  removed: string[];
  changed: string[];
  /** Nodes whose only change is their place on the tab. */
  moved: string[];
  details: NodeChange[];
  contracts: { added: string[]; removed: string[] };
}

/** The flows of a flows file (an array of nodes) or of a release bundle. */
export function flowsOf(document: unknown): FlowsNode[] {
  if (Array.isArray(document)) return document as FlowsNode[];
  const flows = (document as Partial<Release> | null)?.flows;
  if (Array.isArray(flows)) return flows;
  throw new Error('Neither a flows file (an array of nodes) nor a release bundle');
}

function lineDiff(before: string, after: string): string[] {
  const patch = structuredPatch('before', 'after', before, after, '', '', { context: 1 });
  return patch.hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
}

function settingChanges(a: FlowsNode, b: FlowsNode): SettingChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !POSITION.has(k));
  const changes: SettingChange[] = [];
  for (const setting of keys) {
    const before = a[setting];
    const after = b[setting];
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    const multiline = typeof before === 'string' && typeof after === 'string' && (before.includes('\n') || after.includes('\n'));
    changes.push(multiline ? { setting, before, after, lines: lineDiff(before, after) } : { setting, before, after });
  }
  return changes;
}

/** What changed from flows A to flows B, node by node; a node only moved is "moved", never "changed". */
export function diffFlows(a: FlowsNode[], b: FlowsNode[]): FlowsDiff {
  const before = new Map(a.map((n) => [n.id, n]));
  const after = new Map(b.map((n) => [n.id, n]));
  const diff: FlowsDiff = { added: [], removed: [], changed: [], moved: [], details: [], contracts: { added: [], removed: [] } };
  for (const id of after.keys()) if (!before.has(id)) diff.added.push(id);
  for (const id of before.keys()) if (!after.has(id)) diff.removed.push(id);
  for (const [id, old] of before) {
    const now = after.get(id);
    if (!now) continue;
    const settings = settingChanges(old, now);
    if (settings.length) {
      diff.changed.push(id);
      diff.details.push({ id, type: now.type, name: typeof now.name === 'string' && now.name ? now.name : null, settings });
    } else if ([...POSITION].some((k) => JSON.stringify(old[k]) !== JSON.stringify(now[k]))) diff.moved.push(id);
  }
  const [was, is] = [new Set(contractNames(a)), new Set(contractNames(b))];
  diff.contracts = { added: [...is].filter((c) => !was.has(c)), removed: [...was].filter((c) => !is.has(c)) };
  return diff;
}

/** The diff for a person: one line per node, changed settings beneath, code as changed lines. */
export function describeDiff(diff: FlowsDiff, nodes: Map<string, FlowsNode>): string {
  const label = (id: string): string => {
    const n = nodes.get(id);
    return n ? `${id} (${n.type}${typeof n.name === 'string' && n.name ? ` "${n.name}"` : ''})` : id;
  };
  const out: string[] = [];
  for (const id of diff.added) out.push(`+ added   ${label(id)}`);
  for (const id of diff.removed) out.push(`- removed ${label(id)}`);
  for (const change of diff.details) {
    out.push(`~ changed ${label(change.id)}`);
    for (const s of change.settings) {
      if (s.lines) out.push(`    ${s.setting}:`, ...s.lines.map((l) => `      ${l}`));
      else out.push(`    ${s.setting}: ${JSON.stringify(s.before)} -> ${JSON.stringify(s.after)}`);
    }
  }
  for (const id of diff.moved) out.push(`> moved   ${label(id)}`);
  for (const c of diff.contracts.added) out.push(`+ contract ${c}`);
  for (const c of diff.contracts.removed) out.push(`- contract ${c}`);
  return out.length ? out.join('\n') : 'no difference';
}
