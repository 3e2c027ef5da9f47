/** Which environment an instance is (dev, test, prod: any name; also the second level of its MQTT topics). */
export function environmentName(env: NodeJS.ProcessEnv): string {
  return env.PLANBRIDGE_ENV || 'dev';
}

/** A protected instance takes changes only as releases: its editor is read-only (PLANBRIDGE_PROTECTED=true). */
export function isProtected(env: NodeJS.ProcessEnv): boolean {
  return /^(true|1|yes)$/i.test(env.PLANBRIDGE_PROTECTED ?? '');
}
