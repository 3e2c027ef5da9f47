import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readJsonFile, writePrivateJsonFile } from './private-file';

type Credentials = Record<string, Record<string, string>>;

// Node-RED's own credential format (@node-red/runtime/lib/nodes/credentials.js): aes-256-ctr with
// the sha256 of the credential secret, {"$": hex IV + base64 cipher text}.
function keyOf(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

function decrypt(secret: string, sealed: { $: string }): Credentials {
  const iv = Buffer.from(sealed.$.substring(0, 32), 'hex');
  const decipher = createDecipheriv('aes-256-ctr', keyOf(secret), iv);
  return JSON.parse(decipher.update(sealed.$.substring(32), 'base64', 'utf8') + decipher.final('utf8')) as Credentials;
}

function encrypt(secret: string, credentials: Credentials): { $: string } {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-ctr', keyOf(secret), iv);
  return { $: iv.toString('hex') + cipher.update(JSON.stringify(credentials), 'utf8', 'base64') + cipher.final('base64') };
}

/**
 * Where Node-RED keeps the credentials of <flows>.json: <userDir>/<flows>_cred.json when that file
 * exists, else (Node-RED 5) beside the flows file. planbridge keeps them in the user directory, beside
 * the secret that encrypts them and away from flows/ (which is in git), unless a file beside the flows
 * is already there (an instance set up by Node-RED 5 itself).
 */
async function credentialsFile(flowsFile: string, userDir: string): Promise<{ file: string; exists: boolean }> {
  const name = `${path.basename(flowsFile, path.extname(flowsFile))}_cred${path.extname(flowsFile)}`;
  const inUserDir = path.join(userDir, name);
  if (await exists(inUserDir)) return { file: inUserDir, exists: true };
  const besideFlows = path.join(path.dirname(flowsFile), name);
  if (await exists(besideFlows)) return { file: besideFlows, exists: true };
  return { file: inUserDir, exists: false };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The shipped flows need credentials (the sandbox Odoo's key, the MQTT broker's password) but the
 * repository holds no secret: flows/credentials.template.json maps node ids to `${ENV_VAR}`
 * placeholders, and at start they are added, encrypted, to the credentials file for nodes that have
 * none yet. Node-RED replaces the placeholders from the environment when it loads them. Credentials
 * an analyst entered are never overwritten. Without a template, an empty credentials file is created
 * in the user directory, so that Node-RED 5 does not put one beside the flows.
 */
export async function applyCredentialTemplate(flowsFile: string, userDir: string, secret: string): Promise<{ added: string[]; warning?: string }> {
  const template = (await readJsonFile<Credentials>(path.join(path.dirname(flowsFile), 'credentials.template.json'))) ?? {};
  const { file: credFile, exists: credExists } = await credentialsFile(flowsFile, userDir);
  const stored = credExists ? await readJsonFile<{ $?: string } & Credentials>(credFile) : undefined;
  let current: Credentials = {};
  if (stored && typeof stored.$ === 'string') {
    try {
      current = decrypt(secret, stored as { $: string });
    } catch {
      return { added: [], warning: `${credFile} was encrypted with another credential secret; the shipped credential placeholders were not added` };
    }
  } else if (stored) {
    current = stored;
  }
  const added: string[] = [];
  for (const [nodeId, fields] of Object.entries(template)) {
    if (current[nodeId]) continue;
    current[nodeId] = fields;
    added.push(nodeId);
  }
  if (added.length || !credExists) await writePrivateJsonFile(credFile, encrypt(secret, current));
  return { added };
}
