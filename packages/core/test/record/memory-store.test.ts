import { createMemoryStore } from '@aispm/core';
import { runStoreConformance } from './helpers/conformance';

runStoreConformance('memory', async () => ({ store: createMemoryStore(), cleanup: async () => {} }));
