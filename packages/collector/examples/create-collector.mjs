import { Hono } from 'hono';
import { createCollector, memoryStorage } from '@tandem/collector';

const collector = createCollector({ mountPath: '/app-data' }, { storage: memoryStorage() });
const shop = new Hono();
shop.route('/', collector); // /app-data/tag.js, /app-data/e, /app-data/orders, ...

const tag = await shop.request('/app-data/tag.js');
console.log(tag.status, tag.headers.get('content-type'));
