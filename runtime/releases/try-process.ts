import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { PlanbridgeError } from '../../nodes/lib/errors';
import { packageRoot } from '../paths';

export interface TriedRuntime {
  url: string;
  /** Why Node-RED did not start the flows (missing node types, safe mode); null when they run. */
  halted: string | null;
  /** The lines the runtime printed that name its sandboxes. */
  sandboxes: string[];
  output(): string;
  /** Null while it runs; once it stopped without being asked to, how (exit code or signal). */
  stoppedByItself(): string | null;
  stop(): Promise<void>;
}

const RUNNING = /planbridge is running: editor (http:\/\/[^\s/]+)\//;
const FLOWS_STARTED = /planbridge: flows started/;
const FLOWS_HALTED = /planbridge: flows not started \((.*)\): open the editor/;

/**
 * Starts `planbridge start` as its own process with exactly `env` (nothing inherited), and resolves
 * once it serves and its flows run or Node-RED said why they do not. A process of its own: the try
 * cannot leave Node-RED's process-wide state behind, and stopping it stops everything it started.
 */
export async function startTriedRuntime(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<TriedRuntime> {
  const child = spawn(process.execPath, [path.join(packageRoot, 'bin', 'planbridge.js'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let asked = false;
  const stop = async (): Promise<void> => {
    asked = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new PlanbridgeError('RELEASE_TRY_NOT_STARTED', `the runtime did not start within ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const check = (): void => {
        const running = RUNNING.exec(output);
        if (running && (FLOWS_STARTED.test(output) || FLOWS_HALTED.test(output))) done(undefined, running[1]);
      };
      const onExit = (code: number | null): void =>
        done(new PlanbridgeError('RELEASE_TRY_NOT_STARTED', `the runtime exited with ${code} before it started:\n${output}`));
      const done = (error?: Error, found?: string): void => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(found as string);
      };
      child.stdout.on('data', check);
      child.once('exit', onExit);
    });
    return {
      url,
      halted: FLOWS_HALTED.exec(output)?.[1] ?? null,
      sandboxes: output.split('\n').filter((line) => /^sandbox /.test(line)),
      output: () => output,
      stoppedByItself: () => {
        if (asked || (child.exitCode === null && child.signalCode === null)) return null;
        return child.signalCode ? `killed by ${child.signalCode}` : `exit code ${child.exitCode}`;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
