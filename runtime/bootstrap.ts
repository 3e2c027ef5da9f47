import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadSecrets } from './secrets';
import { usersFileName } from './paths';
import { UserStore, validatePassword } from './users';

export interface BootstrapReport {
  /** Lines to print once: a generated admin password, generated-secret warnings. */
  notices: string[];
  warnings: string[];
}

/**
 * Prepares a user directory before Node-RED starts: the secrets (into the environment, where the
 * settings read them) and an admin user. PLANBRIDGE_ADMIN_PASSWORD sets the admin's password; with
 * no user at all, an admin with a random password is created and the password printed this once.
 */
export async function bootstrapUserDir(userDir: string, env: NodeJS.ProcessEnv): Promise<BootstrapReport> {
  await fs.mkdir(userDir, { recursive: true, mode: 0o700 });
  const report: BootstrapReport = { notices: [], warnings: [] };

  const secrets = await loadSecrets(userDir, env);
  env.PLANBRIDGE_CREDENTIAL_SECRET = secrets.credentialSecret;
  env.PLANBRIDGE_SESSION_SECRET = secrets.sessionSecret;
  env.PLANBRIDGE_MQTT_PASSWORD ??= secrets.mqttPassword;
  if (secrets.generated.includes('credentialSecret')) {
    report.warnings.push(
      `No PLANBRIDGE_CREDENTIAL_SECRET was set: a credential secret was generated and kept in ${secrets.file}. ` +
        'Back that file up, or set PLANBRIDGE_CREDENTIAL_SECRET; without the secret the stored node credentials cannot be decrypted.',
    );
  }

  const store = new UserStore(path.join(userDir, usersFileName));
  const adminName = env.PLANBRIDGE_ADMIN_USER || 'admin';
  const password = env.PLANBRIDGE_ADMIN_PASSWORD;
  if (password) {
    validatePassword(password);
    await store.upsert(adminName, { password, roles: (await store.find(adminName))?.roles ?? ['admin'] });
  } else if ((await store.list()).length === 0) {
    const generated = randomBytes(15).toString('base64url');
    await store.upsert(adminName, { password: generated, roles: ['admin'] });
    report.notices.push(
      `Created the user "${adminName}" with the password: ${generated}`,
      'It is shown only this once and only its hash is stored. Change it with `npx planbridge user passwd ' + adminName + '`,',
      'or set PLANBRIDGE_ADMIN_PASSWORD before starting.',
    );
  }
  return report;
}
