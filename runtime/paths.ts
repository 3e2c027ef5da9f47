import path from 'node:path';

/** The package root: two levels above dist/runtime (or runtime/ when run from sources). */
export const packageRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

export function userDirFrom(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.PLANBRIDGE_USER_DIR || path.join(packageRoot, '.planbridge'));
}

export function flowsFileFrom(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.PLANBRIDGE_FLOWS_FILE || path.join(packageRoot, 'flows', 'flows.json'));
}

export const usersFileName = 'users.json';
export const secretsFileName = 'secrets.json';
