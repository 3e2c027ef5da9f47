import { verifyRelease, type Release } from './bundle';

/** What a target instance has, as the checks need it. */
export interface TargetFacts {
  hasNodeType(type: string): boolean;
  /** The target's environment: a variable is set when it is defined (an empty value is a choice). */
  env: Record<string, string | undefined>;
  /** The credential the target holds (or its credentials template gives) for a node, or undefined. */
  credential(nodeId: string, name: string): string | undefined;
  knowsContract(name: string): boolean;
}

export type ReleaseProblemCode =
  'RELEASE_CHECKSUM_INVALID' | 'NODE_TYPE_MISSING' | 'ENV_MISSING' | 'CREDENTIAL_MISSING' | 'CONTRACT_UNKNOWN' | 'CATALOGUE_INCOMPLETE' | 'APPROVAL_MISSING';

export interface ReleaseProblem {
  code: ReleaseProblemCode;
  /** What is missing: the node type, variable, `node id/credential`, contract, tab or release. */
  subject: string;
  message: string;
}

const PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

function credentialProblem(release: Release, nodeId: string, name: string, facts: TargetFacts): ReleaseProblem | undefined {
  const node = release.flows.find((n) => n.id === nodeId);
  const label = `${nodeId}/${name}`;
  const where = `node ${nodeId}${typeof node?.name === 'string' && node.name ? ` ("${node.name}")` : ''}`;
  const value = facts.credential(nodeId, name);
  if (value === undefined || value === '')
    return { code: 'CREDENTIAL_MISSING', subject: label, message: `The target holds no ${name} credential for ${where}` };
  // Stored as ${VAR}: Node-RED reads the variable when the node starts.
  const variable = PLACEHOLDER.exec(value)?.[1];
  if (variable && !facts.env[variable])
    return { code: 'CREDENTIAL_MISSING', subject: label, message: `The ${name} credential of ${where} reads \${${variable}}, which is not set on the target` };
  return undefined;
}

/**
 * Everything a target must have before it takes a release: every node type installed, every
 * variable and credential the flows read set, every contract known, every flow catalogued with an
 * owner and a service level. An empty list means the release may go live there.
 */
export function checkRelease(release: Release, facts: TargetFacts): ReleaseProblem[] {
  if (!verifyRelease(release))
    return [
      {
        code: 'RELEASE_CHECKSUM_INVALID',
        subject: String(release.version),
        message: 'The bundle does not match its checksum: it was changed after it was made',
      },
    ];
  const problems: ReleaseProblem[] = [];
  for (const need of release.nodeTypes)
    if (!facts.hasNodeType(need.type))
      problems.push({
        code: 'NODE_TYPE_MISSING',
        subject: need.type,
        message: `Node type ${need.type} is not installed on the target${need.module ? ` (${need.module} ${need.version ?? ''})`.trimEnd() : ''}`,
      });
  for (const name of release.env)
    if (facts.env[name] === undefined) problems.push({ code: 'ENV_MISSING', subject: name, message: `Environment variable ${name} is not set on the target` });
  for (const [nodeId, names] of Object.entries(release.credentials))
    for (const name of names) {
      const problem = credentialProblem(release, nodeId, name, facts);
      if (problem) problems.push(problem);
    }
  for (const contract of release.contracts)
    if (!facts.knowsContract(contract))
      problems.push({ code: 'CONTRACT_UNKNOWN', subject: contract, message: `Contract ${contract} is not known to the target` });
  for (const entry of release.catalogue) {
    const lacking = [entry.owner ? null : 'an owner', entry.serviceLevel ? null : 'a service level'].filter(Boolean);
    if (lacking.length)
      problems.push({
        code: 'CATALOGUE_INCOMPLETE',
        subject: entry.label,
        message: `Flow "${entry.label}" has no ${lacking.join(' and no ')} in the catalogue`,
      });
  }
  return problems;
}

export interface Approval {
  user: string;
}

/**
 * Four eyes: `signatures` people must sign a release, its author counting as the first; every other
 * signature is an approval by a different user with the release role, never the author.
 */
export function approvalProblems(release: Release, approvals: Approval[], signatures: number): ReleaseProblem[] {
  const needed = Math.max(0, signatures - 1);
  const approvers = new Set(approvals.map((a) => a.user).filter((user) => user !== release.author));
  if (approvers.size >= needed) return [];
  const missing = needed - approvers.size;
  return [
    {
      code: 'APPROVAL_MISSING',
      subject: release.version,
      message: `Release ${release.version} needs ${missing} more approval${missing === 1 ? '' : 's'} by a user with the release role other than its author (${release.author})${
        approvers.size ? `; approved by ${[...approvers].join(', ')}` : ''
      }`,
    },
  ];
}
