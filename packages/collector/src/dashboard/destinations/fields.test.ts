import { describe, expect, it } from 'vitest';
import { adroll } from '../../destinations/adroll.js';
import { readMapping } from './mapping.js';
import { fieldsFromSchema } from './fields.js';
import { readOptions } from './options.js';

describe('fieldsFromSchema', () => {
  it("derives AdRoll's settings form from its options schema", () => {
    expect(
      fieldsFromSchema(adroll.options).filter((f) =>
        ['pixelEid', 'dryRun', 'dedup', 'attributionWindowDays'].includes(f.key),
      ),
    ).toEqual([
      { key: 'pixelEid', label: 'Pixel ID (adroll_pix_id)', type: 'text', required: true },
      {
        key: 'dryRun',
        label: 'Dry run',
        help: 'The platform validates requests without recording them.',
        type: 'boolean',
        defaultValue: 'false',
      },
      {
        key: 'dedup',
        label: 'Server mode',
        help: 'Single channel: the server sends only what the pixel did not deliver. Always: every conversion.',
        type: 'select',
        defaultValue: 'single-channel',
        choices: [
          { value: 'single-channel', label: 'single-channel' },
          { value: 'always', label: 'always' },
        ],
      },
      {
        key: 'attributionWindowDays',
        label: 'Attribution window (days)',
        type: 'number',
        defaultValue: '30',
        integer: true,
        min: 1,
        max: 365,
      },
    ]);
  });
});

describe('readOptions', () => {
  const fields = fieldsFromSchema(adroll.options);
  const form = (values: Record<string, string>) => (key: string) => values[key] ?? '';

  it('types each value and turns blanks into null (back to the default)', () => {
    expect(
      readOptions(
        fields,
        form({ advertisableEid: 'A', pixelEid: 'P', dryRun: 'true', attributionWindowDays: '7' }),
      ),
    ).toEqual({
      ok: true,
      options: {
        advertisableEid: 'A',
        pixelEid: 'P',
        baseUrl: null,
        dryRun: true,
        dedup: null,
        graceSeconds: null,
        attributionAware: null,
        attributionWindowDays: 7,
        fallbackPageUrl: null,
        perMinute: null,
        concurrency: null,
      },
    });
  });

  it('refuses a missing required field, a bad choice and a non-number', () => {
    expect([
      readOptions(fields, form({ pixelEid: 'P' })),
      readOptions(fields, form({ advertisableEid: 'A', pixelEid: 'P', dedup: 'sometimes' })),
      readOptions(fields, form({ advertisableEid: 'A', pixelEid: 'P', graceSeconds: 'soon' })),
    ]).toEqual([
      { ok: false, message: 'Advertiser ID (adroll_adv_id): this field is required.' },
      { ok: false, message: 'Server mode: choose one of the listed values.' },
      { ok: false, message: 'Wait for the pixel (seconds): enter a whole number.' },
    ]);
  });
});

describe('readMapping', () => {
  const events = ['purchase', 'addToCart'];
  it('reads rows into one mapping, many-to-one allowed', () => {
    expect(
      readMapping(
        ['purchase', ' refund ', '', 'cart'],
        ['purchase', 'purchase', '', 'addToCart'],
        ['3'],
        events,
      ),
    ).toEqual({
      ok: true,
      mapping: { purchase: 'purchase', refund: 'purchase' },
    });
  });
  it('names the row that is half filled or names a shop event Tandem never sends', () => {
    expect([
      readMapping(['purchase'], [''], [], events),
      readMapping([''], ['purchase'], [], events),
      readMapping(['purchase', 'order_paid'], ['purchase', 'purchase'], [], events),
    ]).toEqual([
      { ok: false, message: 'Row 1: choose the platform event for "purchase".' },
      { ok: false, message: 'Row 1: choose the shop event that maps to "purchase".' },
      {
        ok: false,
        message:
          'Row 2: Tandem never sends "order_paid": only purchase, refund, lead, sign_up, subscribe, start_trial, contact create deliveries. Remove the row.',
      },
    ]);
  });
});
