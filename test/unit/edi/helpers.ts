import fs from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.join(__dirname, '../../fixtures/edi');

export interface CorpusEntry {
  file: string;
  origin:
    | { kind: 'real'; repository: string; path: string; commit: string; licence: string }
    | { kind: 'derived'; from: string; change: string }
    | { kind: 'handwritten'; why: string; licence: string };
  standard: 'x12' | 'edifact';
  valid: boolean;
  /** RULE@segmentPosition, warnings included, DOC_UNSUPPORTED_SET left out. */
  problems: string[];
  interchanges: number;
  sets: { type: string; version: string; number: string | null; lines: number | null }[];
}

export const corpus: CorpusEntry[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'corpus.json'), 'utf8'));

export function fixture(file: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, file));
}

export function fixtureText(file: string): string {
  return fixture(file).toString('utf8');
}

/** Every fixture file on disk, relative to the fixtures folder. */
export function fixtureFiles(): string[] {
  const out: string[] = [];
  for (const standard of ['x12', 'edifact']) {
    for (const dir of fs.readdirSync(path.join(FIXTURES, standard))) {
      for (const f of fs.readdirSync(path.join(FIXTURES, standard, dir))) out.push(`${standard}/${dir}/${f}`);
    }
  }
  return out.sort();
}

export const AT = new Date('2026-11-26T08:30:00Z');
