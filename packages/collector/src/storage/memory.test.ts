import { storageContract } from './contract.js';
import { contextContract } from './contract-context.js';
import { sendingContract } from './contract-sending.js';
import { memoryStorage } from './memory.js';

storageContract('memory', async () => memoryStorage());
sendingContract('memory', async () => memoryStorage());
contextContract('memory', async () => memoryStorage());
