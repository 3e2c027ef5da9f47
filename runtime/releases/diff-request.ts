import { PlanbridgeError } from '../../nodes/lib/errors';
import { RELEASE_FORMAT, verifyRelease, type Release } from './bundle';
import type { FlowsNode } from './catalogue';
import { diffFlows, type FlowsDiff } from './diff';

/** The request names no usable side: not "deployed", a flows array, or a release bundle. */
export const RELEASE_DIFF_INVALID = 'RELEASE_DIFF_INVALID';
/** "deployed" was asked for before the runtime has loaded any flows. */
export const RELEASE_DIFF_NOT_LOADED = 'RELEASE_DIFF_NOT_LOADED';

export class ReleaseDiffError extends PlanbridgeError {
  constructor(
    code: string,
    message: string,
    readonly status: number,
  ) {
    super(code, message);
  }
}

/** What one side of the comparison was; a release says whether its checksum still matches what it holds. */
export type DiffSide = { kind: 'deployed' } | { kind: 'flows' } | { kind: 'release'; version: string; checksum: string; verified: boolean };

/** What the sidebar needs to label a node without the editor: its type, name and the tab it sits on. */
export interface NodeLabel {
  type: string;
  name: string | null;
  z: string | null;
  tabLabel: string | null;
}

export interface DiffAnswer extends FlowsDiff {
  from: DiffSide;
  to: DiffSide;
  nodes: Record<string, NodeLabel>;
}

interface Resolved {
  flows: FlowsNode[];
  side: DiffSide;
}

function invalid(message: string): ReleaseDiffError {
  return new ReleaseDiffError(RELEASE_DIFF_INVALID, message, 400);
}

/** Every entry must be a node (an object with a string id and type) and no id may appear twice. */
function checkedFlows(value: unknown[], which: string): FlowsNode[] {
  const seen = new Set<string>();
  value.forEach((node, index) => {
    const n = node as Partial<FlowsNode> | null;
    if (!n || typeof n !== 'object' || Array.isArray(n) || typeof n.id !== 'string' || !n.id || typeof n.type !== 'string')
      throw invalid(`"${which}" entry ${index} is not a node (an object with an id and a type)`);
    if (seen.has(n.id)) throw invalid(`"${which}" has node id ${n.id} twice`);
    seen.add(n.id);
  });
  return value as FlowsNode[];
}

function resolveSide(value: unknown, which: 'from' | 'to', deployed: () => FlowsNode[] | null): Resolved {
  if (value === 'deployed') {
    const flows = deployed();
    if (!flows) throw new ReleaseDiffError(RELEASE_DIFF_NOT_LOADED, 'The runtime has not loaded its flows yet; try again in a moment', 503);
    return { flows, side: { kind: 'deployed' } };
  }
  if (Array.isArray(value)) return { flows: checkedFlows(value, which), side: { kind: 'flows' } };
  const doc = value as Partial<Release> | null;
  if (doc && typeof doc === 'object' && Array.isArray(doc.flows)) {
    const flows = checkedFlows(doc.flows, which);
    if (doc.format !== RELEASE_FORMAT) return { flows, side: { kind: 'flows' } }; // e.g. GET /flows's {rev, flows}
    const release = doc as Release;
    return { flows, side: { kind: 'release', version: String(release.version), checksum: String(release.checksum), verified: verifyRelease(release) } };
  }
  throw invalid(`"${which}" must be "deployed", a flows array, or a release bundle`);
}

function labelsOf(ids: Iterable<string>, to: FlowsNode[], from: FlowsNode[]): Record<string, NodeLabel> {
  // The newer side names a node when it has it; a removed node is named by the side it left.
  const byId = new Map([...from, ...to].map((n) => [n.id, n]));
  const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
  const labels: Record<string, NodeLabel> = {};
  for (const id of ids) {
    const node = byId.get(id);
    if (!node) continue;
    const z = text(node.z);
    const tab = z ? byId.get(z) : undefined;
    labels[id] = {
      type: node.type,
      name: node.type === 'tab' ? text(node.label) : text(node.name),
      z,
      tabLabel: tab ? (tab.type === 'tab' ? text(tab.label) : text(tab.name)) : null,
    };
  }
  return labels;
}

/**
 * The answer of POST <admin>/planbridge/releases/diff: the diff from `body.from` to `body.to` (each
 * "deployed", a flows array or a release bundle), with a label for every node it names.
 * `deployed` gives the flows the runtime runs, or null before it has loaded them.
 */
export function answerDiffRequest(body: unknown, deployed: () => FlowsNode[] | null): DiffAnswer {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('Send a JSON object {from, to}');
  const { from, to } = body as { from?: unknown; to?: unknown };
  if (from === undefined || to === undefined) throw invalid('Send both "from" and "to"');
  const a = resolveSide(from, 'from', deployed);
  const b = resolveSide(to, 'to', deployed);
  const diff = diffFlows(a.flows, b.flows);
  const ids = [...diff.added, ...diff.removed, ...diff.changed, ...diff.moved];
  return { ...diff, from: a.side, to: b.side, nodes: labelsOf(ids, b.flows, a.flows) };
}
