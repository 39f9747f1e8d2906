import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Asset, createInventory, type Inventory, type ParsedObservation } from '@aispm/core';
import { type RepoScanOptions, type RepoScanResult, scanRepository } from '../../src/repo/index';

/** Folder of the fixture repositories. */
export const REPOS = join(import.meta.dirname, '..', 'fixtures', 'repos');

/** Names of the fixture repositories. */
export const fixtureNames = () =>
  readdirSync(REPOS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

/** Options every test scan uses: fixed key and time, no cache, the expected file left out. */
export const TEST_OPTIONS: RepoScanOptions = {
  fingerprintKey: 'aispm-test-fingerprint-key',
  cache: false,
  now: new Date('2026-01-01T00:00:00.000Z'),
  exclude: ['expected.json'],
  workers: 0,
};

/** Scans a fixture and merges the observations into an inventory. */
export async function scanFixture(name: string, extra: RepoScanOptions = {}): Promise<{ result: RepoScanResult; inventory: Inventory }> {
  const result = await scanRepository(join(REPOS, name), { ...TEST_OPTIONS, ...extra });
  const inventory = createInventory();
  for (const o of result.observations) {
    const r = inventory.add(o as ParsedObservation);
    if (!r.ok) throw new Error(`observation rejected: ${JSON.stringify(r.issues)}`);
  }
  return { result, inventory };
}

/** The expected inventory of a fixture. */
export interface Expected {
  description: string;
  assets: string[];
  credentials?: Array<{ provider: string; file: string; line: number; placeholder: boolean }>;
}

export const readExpected = (name: string): Expected => JSON.parse(readFileSync(join(REPOS, name, 'expected.json'), 'utf8')) as Expected;

/** The comparable identity of an asset: its id, or for credentials provider, place and placeholder flag. */
export function comparable(a: Asset): string {
  if (a.kind !== 'credential') return a.id;
  const loc = a.provenance[0]?.locator;
  return `credential:${a.attributes.provider}@${loc?.file}:${loc?.line}:${a.attributes.placeholder ? 'placeholder' : 'live'}`;
}

export const expectedIds = (e: Expected): string[] => [
  ...e.assets,
  ...(e.credentials ?? []).map((c) => `credential:${c.provider}@${c.file}:${c.line}:${c.placeholder ? 'placeholder' : 'live'}`),
];
