import { describe, expect, it } from 'vitest';
import { formatStatus, progressBar, summarize } from './report.js';

describe('delivery status report', () => {
  it('counts per destination and says why a destination is paused', () => {
    const rows = summarize(
      ['adroll', 'meta', 'neuroon'],
      [
        { destination: 'adroll', status: 'pending', count: 5 },
        { destination: 'adroll', status: 'delivered', count: 120 },
        { destination: 'meta', status: 'delivered', count: 130 },
        { destination: 'meta', status: 'dead', count: 2 },
        { destination: 'neuroon', status: 'skipped', count: 9 },
        { destination: 'adroll', status: 'sending', count: 1 },
        { destination: 'adroll', status: 'uncertain', count: 12 },
      ],
      [
        { destination: 'adroll', attempts: 0 },
        { destination: 'adroll', attempts: 3 },
      ],
      [
        { destination: 'meta', reason: 'HTTP 400: code 100: bad' },
        { destination: 'meta', reason: 'HTTP 400: code 100: bad' },
      ],
      [
        {
          destination: 'adroll',
          enabled: true,
          mapping: {},
          options: {},
          pausedReason: 'token refused (HTTP 401)',
          updatedAt: 0,
        },
        { destination: 'meta', enabled: true, mapping: {}, options: {}, updatedAt: 0 },
      ],
      Array.from({ length: 12 }, (_, i) => ({
        destination: 'adroll',
        eventId: `o_${i}`,
        payload: i === 11 ? null : { orderId: `10${i}` },
      })),
    );
    expect(formatStatus(rows)).toBe(
      [
        'destination  queued  retrying  in flight  delivered  skipped  dead  uncertain  state',
        'adroll            4         1          1        120        0     0         12  PAUSED: token refused (HTTP 401)',
        'meta              0         0          0        130        0     2          0  sending',
        'neuroon           0         0          0          0        9     0          0  not configured',
        '  adroll uncertain x12: sent without a known outcome (interrupted mid-send, or no answer): the platform may or may not have counted them; check the platform report; replay the orders it lacks with `tandem replay-uncertain --destination adroll --order <id>`',
        '    orders: 100, 101, 102, 103, 104, 105, 106, 107, 108, 109 (+2 more)',
        '  meta dead x2: HTTP 400: code 100: bad',
      ].join('\n'),
    );
  });

  it.each([
    [0, 10, '[..........] 0/10 0%'],
    [5, 10, '[#####.....] 5/10 50%'],
    [10, 10, '[##########] 10/10 100%'],
    [0, 0, '[##########] 0/0 100%'],
  ])('progress %i/%i', (done, total, bar) => {
    expect(progressBar(done, total, 10)).toBe(bar);
  });
});
