import { describe, expect, it } from 'vitest';
import { cookieCopies } from './cookie-copies.js';

describe('cookieCopies', () => {
  it('returns every copy of a name, newest (last sent) first, raw and unquoted', () => {
    expect(cookieCopies('a=1; _tdm_sl=%7B%7D; b=2;_tdm_sl="new"; _tdm_sl_x=3', '_tdm_sl')).toEqual([
      'new',
      '%7B%7D',
    ]);
  });

  it('returns nothing for a missing header or name, and at most four copies', () => {
    expect(cookieCopies(undefined, '_tdm_sl')).toEqual([]);
    expect(cookieCopies('a=1; b', '_tdm_sl')).toEqual([]);
    expect(cookieCopies(Array.from({ length: 6 }, (_, i) => `x=${i}`).join('; '), 'x')).toEqual([
      '5',
      '4',
      '3',
      '2',
    ]);
  });
});
