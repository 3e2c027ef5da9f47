import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../runtime/paths';

export interface ChildSandbox {
  url: string;
  fields: Record<string, string>;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Runs a sandbox system in its own process (`planbridge sandbox <system> ...`), so its memory and CPU
 * are not counted as the runtime's; resolves with the key=value pairs of the line it prints.
 */
export async function startChildSandbox(system: string, args: string[], timeoutMs = 600_000): Promise<ChildSandbox> {
  const child = spawn(process.execPath, ['--max-old-space-size=4096', path.join(packageRoot, 'bin', 'planbridge.js'), 'sandbox', system, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${system} sandbox did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.split('\n').find((l) => / (at|on) http:\/\//.test(l));
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${system} sandbox exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  const url = (/ (?:at|on) (http:\/\/\S+)/.exec(line) as RegExpExecArray)[1];
  const fields = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  return {
    url,
    fields,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
