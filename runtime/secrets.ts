import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readJsonFile, writePrivateJsonFile } from './private-file';
import { secretsFileName } from './paths';

interface SecretsFile {
  credentialSecret?: string;
  sessionSecret?: string;
  mqttPassword?: string;
}

export interface Secrets {
  credentialSecret: string;
  sessionSecret: string;
  /** The embedded MQTT broker's password (user `planbridge`). */
  mqttPassword: string;
  /** Set when a secret was generated now, so the caller can warn. */
  generated: Array<keyof SecretsFile>;
  file: string;
}

/**
 * The credential secret (encrypts flows_cred.json) and the session secret (signs dashboard logins)
 * come from the environment; otherwise they are generated once and kept in the user directory.
 * Several instances sharing one ledger must share both through the environment.
 */
export async function loadSecrets(userDir: string, env: NodeJS.ProcessEnv): Promise<Secrets> {
  const file = path.join(userDir, secretsFileName);
  const stored = (await readJsonFile<SecretsFile>(file)) ?? {};
  const generated: Secrets['generated'] = [];
  const pick = (name: keyof SecretsFile, fromEnv: string | undefined): string => {
    if (fromEnv) return fromEnv;
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString('base64url');
      generated.push(name);
    }
    return stored[name];
  };
  const credentialSecret = pick('credentialSecret', env.PLANBRIDGE_CREDENTIAL_SECRET);
  const sessionSecret = pick('sessionSecret', env.PLANBRIDGE_SESSION_SECRET);
  const mqttPassword = pick('mqttPassword', env.PLANBRIDGE_MQTT_PASSWORD);
  if (generated.length) await writePrivateJsonFile(file, stored);
  return { credentialSecret, sessionSecret, mqttPassword, generated, file };
}
