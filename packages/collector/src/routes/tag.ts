/** Serves the tag with the shop's public config inlined. */
import { Hono } from 'hono';
import { tagTemplate } from '@tandem/browser-tag/served';
import { TAG_CONFIG_PLACEHOLDER, type TagConfig } from '@tandem/protocol';
import type { CollectorConfig } from '../config.js';

export function tagConfig(config: CollectorConfig): TagConfig {
  return { endpoint: `${config.mountPath}/e`, consent: config.consentMode, days: 90, pixelTimeout: 3000 };
}

export function tagRoute(config: CollectorConfig) {
  const body = tagTemplate.replace(TAG_CONFIG_PLACEHOLDER, JSON.stringify(tagConfig(config)));
  return new Hono().get('/tag.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(body);
  });
}
