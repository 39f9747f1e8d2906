// A writer process for concurrency tests: appends batches of notes to a store, then exits.
// Usage: node --conditions=@aispm/source --import tsx writer.ts <location> <name> <batches> <perBatch>
import { createPostureRecord, openStore } from '@aispm/core';

const [location, name, batches, perBatch] = process.argv.slice(2) as [string, string, string, string];
const store = openStore(location);
const record = createPostureRecord({ store });
for (let b = 0; b < Number(batches); b++) {
  await store.append(Array.from({ length: Number(perBatch) }, (_, i) => ({ type: 'note.added' as const, actor: name, data: { text: `${name}-${b}-${i}` } })));
  if (b % 5 === 0) await record.addNote(`${name} checkpoint ${b}`, { actor: name });
}
await store.close();
