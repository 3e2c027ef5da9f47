/** A field that still reads `${VAR}` names an environment variable that is not set: it counts as blank. */
export function envField(value: string | undefined): string {
  return value && /^\$\{[^}]+\}$/.test(value) ? '' : (value ?? '').trim();
}
