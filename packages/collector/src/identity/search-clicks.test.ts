import { BeaconEvent, COOKIES, SearchClicks } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { readIdentity } from './cookies.js';
import {
  batchSearchClicks,
  boundSearchClicks,
  cookiePairs,
  cookieSearchClicks,
  mergeSearchClicks,
  searchCookieText,
  type SearchPair,
  validSearchId,
} from './search-clicks.js';

/** An event as the beacon schema hands it over. */
const event = (name: string, url: string, props?: Record<string, unknown>) =>
  BeaconEvent.parse({ id: 'evt-12345678', name, ts: 1, url, ...(props && { props }) });

describe('search clicks', () => {
  it("accepts exactly the IDs the protocol's SearchClicks accepts, less lone surrogates", () => {
    const ids = [
      '',
      'a',
      '7',
      'x'.repeat(100),
      'x'.repeat(101),
      'é'.repeat(100),
      'e\u0301'.repeat(51),
      '😀'.repeat(100),
      '😀'.repeat(101),
      '😀'.repeat(99) + 'x',
      '😀'.repeat(99) + 'xx',
    ];
    // zod counts code points: an emoji is one, a combining accent another.
    expect(ids.map(validSearchId)).toEqual([
      false,
      true,
      true,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(ids.map(validSearchId)).toEqual(ids.map((id) => SearchClicks.safeParse({ [id]: id }).success));
    expect(['\ud800', 'a\udc00', '😀'].map(validSearchId)).toEqual([false, false, true]);
  });

  it('reads cookie pairs in the order written, numeric product IDs included, encoded or not', () => {
    const text = '{"300":"w3","100":"w1","p-2":"w2"}';
    const pairs = [
      ['300', 'w3'],
      ['100', 'w1'],
      ['p-2', 'w2'],
    ];
    expect(cookiePairs(text)).toEqual(pairs);
    expect(cookiePairs(encodeURIComponent(text))).toEqual(pairs);
  });

  it('skips malformed parts of a cookie and keeps the rest', () => {
    expect(cookiePairs('{"a":"1","b\\x":"2",broken,"c":3,"d":{"e":"4"},"f":"5"')).toEqual([
      ['a', '1'],
      ['c', '3'],
      ['e', '4'],
      ['f', '5'],
    ]);
    expect(cookiePairs('{"a\\u0031":"\\"q\\"","tab\t":"x","b":"\\u00e9"}')).toEqual([
      ['a1', '"q"'],
      ['b', 'é'],
    ]);
    expect(cookiePairs('%E0%A4%A')).toEqual([]);
    expect(cookiePairs(undefined)).toEqual([]);
    expect(cookiePairs(`{"a":"${'x'.repeat(5000)}"}`)).toEqual([]);
  });

  it('reads hostile cookie text quickly', () => {
    const started = performance.now();
    for (const text of ['{' + '"\\'.repeat(2000), '"a'.repeat(2000), '{"a":'.repeat(800)]) cookiePairs(text);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('merges newest list first: a product keeps its most recent searchLogId; invalid IDs are ignored', () => {
    const newest: SearchPair[] = [
      ['p1', 's1-new'],
      ['', 'empty-product'],
      ['p2', 'x'.repeat(101)],
      ['p3', '\ud800'],
    ];
    const older: SearchPair[] = [
      ['p2', 's2'],
      ['p1', 's1-old'],
      ['p4', 's4'],
    ];
    expect(mergeSearchClicks([newest, older])).toEqual([
      ['p1', 's1-new'],
      ['p2', 's2'],
      ['p4', 's4'],
    ]);
    expect(mergeSearchClicks([newest, older], 2)).toEqual([
      ['p1', 's1-new'],
      ['p2', 's2'],
    ]);
  });

  it("takes the widget's session cookie as newer than Tandem's, in both beacons and orders", () => {
    const cookies = {
      // The widget writes in click order: p-b is its newest click.
      [COOKIES.neuroonWidget]: encodeURIComponent('{"p-a":"w1","7":"w7","p-b":"w2"}'),
      [COOKIES.search]: encodeURIComponent('{"p-c":"t3","p-a":"t1","9":"t9"}'),
    };
    expect(cookieSearchClicks(cookies)).toEqual([
      ['p-b', 'w2'],
      ['7', 'w7'],
      ['p-a', 'w1'],
      ['p-c', 't3'],
      ['9', 't9'],
    ]);
    expect(readIdentity(cookies).search).toEqual({
      'p-b': 'w2',
      '7': 'w7',
      'p-a': 'w1',
      'p-c': 't3',
      '9': 't9',
    });
  });

  it('takes the clicks of a batch latest first, from searchClick events and searchLogId URLs', () => {
    expect(
      batchSearchClicks([
        event('pageView', 'https://shop.test/p/1?productId=1&searchLogId=u1'),
        event('searchClick', 'https://shop.test/search', { product_id: 2, search_log_id: 's2' }),
        event('searchClick', 'https://shop.test/search', { product_id: 'p3' }),
        event('pageView', 'https://shop.test/p/3?product_id=p3&searchLogId=u3'),
        event('pageView', 'https://shop.test/?searchLogId=no-product'),
        event('addToCart', 'not a url'),
        event('searchClick', 'https://shop.test/p/1?productId=1&searchLogId=u1b', {
          product_id: '1',
          search_log_id: 's1',
        }),
      ]),
    ).toEqual([
      ['1', 's1'],
      ['1', 'u1b'],
      ['p3', 'u3'],
      ['2', 's2'],
      ['1', 'u1'],
    ]);
  });

  it('keeps 20 products and a cookie of at most 1,500 bytes URL-encoded, dropping the oldest', () => {
    const many = Array.from({ length: 25 }, (_, i): SearchPair => [`${i}`, `s${i}`]);
    expect(boundSearchClicks(many)).toEqual(many.slice(0, 20));
    // A pair of 100-character IDs is 215 bytes encoded, 218 with its comma: six fit, seven do not.
    const long = Array.from({ length: 8 }, (_, i): SearchPair => [`p${i}`.padEnd(100, 'x'), 's'.repeat(100)]);
    const kept = boundSearchClicks(long);
    expect(kept).toEqual(long.slice(0, 6));
    expect(encodeURIComponent(searchCookieText(kept)).length).toBe(1311);
    expect(encodeURIComponent(searchCookieText(long.slice(0, 7))).length).toBeGreaterThan(1500);
  });

  it('writes the map as JSON object text in recency order', () => {
    expect(
      searchCookieText([
        ['20', 's"2'],
        ['10', 's1'],
      ]),
    ).toBe('{"20":"s\\"2","10":"s1"}');
  });
});
