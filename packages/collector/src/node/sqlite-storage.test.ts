import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageContract } from '../storage/contract.js';
import { sqliteStorage } from './sqlite-storage.js';

storageContract('sqlite', async () => sqliteStorage(join(mkdtempSync(join(tmpdir(), 'tandem-')), 'test.db')));
