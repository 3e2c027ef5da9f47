import { promises as fs } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { migrateFlows, type FlowNode } from '../nodes/common/flow-migrations';

/**
 * Brings the flows file up to date before Node-RED reads it, keeping the old one beside it
 * (`.<name>.pre-migration`). Answers the lines to log; none when nothing needed a change.
 */
export async function migrateFlowsFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  let nodes: unknown;
  try {
    nodes = JSON.parse(text);
  } catch {
    return []; // Node-RED says what is wrong with the file
  }
  if (!Array.isArray(nodes)) return [];
  const { nodes: migrated, changed } = migrateFlows(nodes as FlowNode[]);
  if (!changed.length) return [];
  await fs.writeFile(path.join(path.dirname(file), `.${path.basename(file)}.pre-migration`), text);
  // The format Node-RED saves in (flowFilePretty): four spaces.
  await fs.writeFile(file, JSON.stringify(migrated, null, 4));
  return changed;
}

/**
 * POST <admin>/flows: flows deployed from an older editor or an export take the same migrations.
 * Only an authenticated request (it carries the editor's bearer token) has its body read here; any
 * other is left to Node-RED, which refuses it.
 */
export function migrateDeploys(limit: string, log: (line: string) => void) {
  const parse = express.json({ limit });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.headers.authorization) return next();
    parse(req, res, (err?: unknown) => {
      if (err) return next(err);
      const body = req.body as unknown;
      const flows = Array.isArray(body) ? body : (body as { flows?: unknown } | undefined)?.flows;
      if (Array.isArray(flows)) {
        const { nodes, changed } = migrateFlows(flows as FlowNode[]);
        if (changed.length) {
          for (const line of changed) log(`planbridge: deploy migrated ${line}`);
          req.body = Array.isArray(body) ? nodes : { ...(body as object), flows: nodes };
        }
      }
      next();
    });
  };
}
