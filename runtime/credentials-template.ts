import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
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
 * The shipped flows need credentials (the sandbox Odoo's key, the MQTT broker's password) but the
 * repository holds no secret: flows/credentials.template.json maps node ids to `${ENV_VAR}`
 * placeholders, and at start they are added, encrypted, to the user directory's credentials file for nodes that have
 * none yet. Node-RED replaces the placeholders from the environment when it loads them. Credentials
 * an analyst entered are never overwritten.
 */
export async function applyCredentialTemplate(flowsFile: string, userDir: string, secret: string): Promise<{ added: string[]; warning?: string }> {
  const template = await readJsonFile<Credentials>(path.join(path.dirname(flowsFile), 'credentials.template.json'));
  if (!template) return { added: [] };
  // Node-RED keeps the credentials of <flows>.json in <userDir>/<flows>_cred.json, beside the secret.
  const credFile = path.join(userDir, `${path.basename(flowsFile, path.extname(flowsFile))}_cred${path.extname(flowsFile)}`);
  const stored = await readJsonFile<{ $?: string } & Credentials>(credFile);
  let current: Credentials = {};
  if (stored && typeof stored.$ === 'string') {
    try {
      current = decrypt(secret, stored as { $: string });
    } catch {
      return { added: [], warning: `${credFile} was encrypted with another credential secret; the shipped credential placeholders were not added` };
    }
  } else if (stored) {
    current = stored as Credentials;
  }
  const added: string[] = [];
  for (const [nodeId, fields] of Object.entries(template)) {
    if (current[nodeId]) continue;
    current[nodeId] = fields;
    added.push(nodeId);
  }
  if (added.length) await writePrivateJsonFile(credFile, encrypt(secret, current));
  return { added };
}
