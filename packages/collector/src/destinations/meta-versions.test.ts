import { describe, expect, it } from 'vitest';
import { MetaOptions } from './meta.js';
import { CURRENT_GRAPH_VERSION, graphVersionWarning } from './meta-versions.js';

const at = (date: string) => Date.parse(`${date}T12:00:00Z`);

describe('Meta Graph API versions', () => {
  it('defaults to the current version, and takes another as a setting', () => {
    expect(MetaOptions.parse({ pixelId: '12345' }).apiVersion).toBe('v26.0');
    expect(CURRENT_GRAPH_VERSION).toBe('v26.0');
    expect(MetaOptions.parse({ pixelId: '12345', apiVersion: 'v25.0' }).apiVersion).toBe('v25.0');
  });

  it.each([
    ['v21.0', '2026-10-22', undefined],
    [
      'v21.0',
      '2026-10-23',
      'Meta Graph API v21.0 expires on 2027-01-21 (in 90 days); set apiVersion to v26.0',
    ],
    [
      'v21.0',
      '2027-01-20',
      'Meta Graph API v21.0 expires on 2027-01-21 (in 1 days); set apiVersion to v26.0',
    ],
    ['v21.0', '2027-02-01', 'Meta Graph API v21.0 expired on 2027-01-21; set apiVersion to v26.0'],
    ['v25.0', '2026-12-04', undefined],
    [
      'v25.0',
      '2028-06-01',
      'Meta Graph API v25.0 expires on 2028-07-29 (in 58 days); set apiVersion to v26.0',
    ],
    ['v26.0', '2030-01-01', undefined],
    [
      'v19.0',
      '2026-12-04',
      'Meta Graph API v19.0 is older than every version still published; set apiVersion to v26.0',
    ],
    ['v27.0', '2026-12-04', undefined],
  ])('%s on %s', (version, date, warning) => {
    expect(graphVersionWarning(version, at(date))).toBe(warning);
  });
});
