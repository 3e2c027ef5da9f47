import { startOdooSandbox, type OdooSandbox, type OdooSandboxOptions } from '../../../../sandbox/odoo';
import type { OdooVersion } from '../../../../sandbox/odoo/versions';
import type { Creds } from './wire';

/** A fixed reference date keeps generated data identical from one day to the next. */
export const AS_OF = '2025-06-02';

export interface Started {
  sb: OdooSandbox;
  admin: Creds;
  bot: Creds;
}

/** A small sandbox (the wire tests need shapes, not volume). */
export async function start(version: OdooVersion, options: Partial<OdooSandboxOptions> = {}): Promise<Started> {
  const sb = await startOdooSandbox({ version, products: 120, seed: 11, asOf: AS_OF, historyDays: 120, ...options });
  return {
    sb,
    admin: { url: sb.url, db: sb.db, uid: sb.control.admin.uid, password: sb.password },
    bot: { url: sb.url, db: sb.db, uid: sb.control.integration.uid, password: sb.control.integration.password },
  };
}
