import { isAbsolute, resolve } from 'node:path';
import { createMemoryStore } from './memory-store';
import { createPostgresStore } from './postgres-store';
import { createSqliteStore } from './sqlite-store';
import type { PostureStore } from './store';

/**
 * Opens a store from a location string: `memory`, a `postgres://` / `postgresql://` URL (an
 * optional `schema` query parameter picks the schema), or a SQLite file path (relative paths
 * resolve against `baseDir`).
 *
 * @example
 * ```ts
 * const store = openStore('.aispm/posture.db', { baseDir: process.cwd() });
 * const shared = openStore('postgres://aispm@db.internal/aispm?schema=posture');
 * ```
 */
export function openStore(location: string, options: { baseDir?: string } = {}): PostureStore {
  if (location === 'memory' || location === ':memory:') return createMemoryStore();
  if (/^postgres(ql)?:\/\//i.test(location)) {
    const u = new URL(location);
    const schema = u.searchParams.get('schema') ?? undefined;
    u.searchParams.delete('schema');
    return createPostgresStore({ url: u.toString(), ...(schema ? { schema } : {}) });
  }
  const path = isAbsolute(location) ? location : resolve(options.baseDir ?? process.cwd(), location);
  return createSqliteStore({ path });
}
