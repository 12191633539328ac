/**
 * Form fields derived from a destination's zod options schema, so a new destination gets its
 * settings form without dashboard code. Labels come from a short table of known keys, else from
 * the key itself ("attributionWindowDays" -> "Attribution window days").
 */
import { z } from 'zod';
import type { OptionField } from '../ports.js';

const LABELS: Record<string, { label: string; help?: string }> = {
  advertisableEid: { label: 'Advertiser ID (adroll_adv_id)' },
  pixelEid: { label: 'Pixel ID (adroll_pix_id)' },
  pixelId: { label: 'Pixel ID' },
  pixelCode: { label: 'Pixel code', help: 'From TikTok Events Manager, e.g. C4ABCDEFGHIJKLMNOPQR.' },
  shopId: { label: 'Shop ID' },
  origin: { label: "Shop's verified origin", help: 'For example https://shop.example' },
  baseUrl: { label: 'API base URL', help: 'Leave blank for the platform; tests point it at a sandbox.' },
  dryRun: { label: 'Dry run', help: 'The platform validates requests without recording them.' },
  dedup: {
    label: 'Server mode',
    help: 'Single channel: the server sends only what the pixel did not deliver. Always: every conversion.',
  },
  graceSeconds: {
    label: 'Wait for the pixel (seconds)',
    help: "Also how long a conversion waits for its visitor's page URL and IP.",
  },
  contextGraceSeconds: {
    label: 'Wait for the page context (seconds)',
    help: "How long a conversion without page URL or user agent waits for its visitor's beacon.",
  },
  fallbackPageUrl: {
    label: 'Fallback page URL',
    help: "Sent when no page URL is known in time. Blank: the shop's home page.",
  },
  attributionAware: {
    label: 'Attribution-aware',
    help: 'Send only conversions whose visitor clicked an ad.',
  },
  attributionWindowDays: { label: 'Attribution window (days)' },
  testEventCode: {
    label: 'Test event code',
    help: "Shows server events in the platform's Test Events tool; they are not counted.",
  },
  apiVersion: { label: 'API version' },
  customerId: { label: 'Customer ID', help: 'The Google Ads account, for example 123-456-7890.' },
  conversionActionId: {
    label: 'Conversion action ID',
    help: 'The numeric ID of an "Import from clicks" conversion action.',
  },
  loginCustomerId: { label: 'Manager customer ID', help: 'Only when access goes through a manager account.' },
  clientId: { label: 'OAuth client ID', help: 'The client the refresh token was issued to.' },
  tokenUrl: { label: 'OAuth token URL', help: "Leave blank for Google's; tests point it at a sandbox." },
  enhancedConversions: {
    label: 'Enhanced conversions',
    help: 'Also send hashed email and phone, and conversions that have only those.',
  },
  measurementId: { label: 'Measurement ID', help: "The web stream's ID, for example G-ABC123XYZ." },
  perMinute: { label: 'Requests per minute' },
  concurrency: { label: 'Requests at once' },
};

interface JsonProperty {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  default?: unknown;
}

export function fieldsFromSchema(schema: z.ZodType): OptionField[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonProperty>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([key, p]): OptionField => {
    const known = LABELS[key];
    const base: OptionField = {
      key,
      label: known?.label ?? humanize(key),
      type: 'text',
      ...(known?.help !== undefined && { help: known.help }),
      ...(required.has(key) && { required: true }),
      ...(p.default !== undefined && { defaultValue: String(p.default) }),
    };
    if (p.type === 'boolean') return { ...base, type: 'boolean' };
    if (Array.isArray(p.enum)) {
      return {
        ...base,
        type: 'select',
        choices: p.enum.map((v) => ({ value: String(v), label: String(v) })),
      };
    }
    if (p.type === 'integer' || p.type === 'number') {
      const min = p.minimum ?? (p.exclusiveMinimum !== undefined ? p.exclusiveMinimum + 1 : undefined);
      return {
        ...base,
        type: 'number',
        ...(p.type === 'integer' && { integer: true }),
        ...(min !== undefined && { min }),
        ...(p.maximum !== undefined && { max: p.maximum }),
      };
    }
    return base;
  });
}

function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
