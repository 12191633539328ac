import { COOKIES, purchaseEventId } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import type { Conversion } from '../delivery/conversion.js';
import { metaOn, NOW, order, postOrder, setup } from '../test-helpers.js';
import { meta, MetaOptions } from './meta.js';

/** Every customer field an order can carry, as a shop would send them (Meta's vectors where given). */
const customer = {
  email: ' John_Smith@gmail.com ',
  phone: '(650)555-1212',
  first_name: 'Mary',
  last_name: 'Vale\u0301ry',
  city: 'New York',
  state: 'New York',
  zip: '94035-1234',
  country: 'United States',
  date_of_birth: '1997-02-16',
  gender: 'Female',
};

describe('Meta user_data from an order with every customer field', () => {
  it('sends the whole request with each field normalized and hashed, none stored in clear', async () => {
    const { app, storage } = setup({ defaultPhoneCountryCode: '1' }, { destinations: ['meta'] });
    await storage.putSettings(metaOn);
    const res = await postOrder(
      app,
      order({
        ...customer,
        ip: '203.0.113.77',
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
        page_url: 'https://shop.test/thanks',
        cookies: {
          [COOKIES.vid]: 'vid-12345678',
          [COOKIES.fbc]: 'fb.1.1749990000000.IwAR0abc',
          [COOKIES.fbp]: 'fb.1.1749980000000.123456789',
        },
        consent: { ads: true },
      }),
    );
    expect(res.status).toBe(201);

    const [row] = await storage.listOutbox({ destination: 'meta' });
    const request = await meta.buildRequest(
      [row!.payload as Conversion],
      MetaOptions.parse(metaOn.options),
      'tok',
    );
    expect({ ...request, body: JSON.parse(request.body) as unknown }).toEqual({
      url: 'https://graph.facebook.com/v26.0/1234567890/events',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: {
        data: [
          {
            event_name: 'Purchase',
            event_time: NOW / 1000,
            event_id: purchaseEventId('1001'),
            action_source: 'website',
            event_source_url: 'https://shop.test/thanks',
            user_data: {
              // john_smith@gmail.com (Meta's vector)
              em: ['62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f'],
              // 16505551212 (Meta's vector)
              ph: ['e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176'],
              // mary (Meta's vector)
              fn: ['6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec'],
              // valéry, NFC (Meta's vector)
              ln: ['08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c'],
              // 19970216
              db: ['01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c'],
              // f
              ge: ['252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111'],
              // newyork (Meta's vector)
              ct: ['350c754ba4d38897693aa077ef43072a859d23f613443133fecbbd90a3512ca5'],
              // ny
              st: ['1b06e2003f8420d6fa42badd8f77ec0f706b976b7a48b13c567dc5a559681683'],
              // 94035
              zp: ['1794327a4d443904421f5ca1f3d72d0a62ba2f0770d80755ec2220fc0efb052e'],
              // us (Meta's vector)
              country: ['79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'],
              // vid-12345678
              external_id: ['618431ee8242049eb26e5043adf4a9a4cdff2a231c44669495585f5b71c496fe'],
              client_ip_address: '203.0.113.77',
              client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
              fbc: 'fb.1.1749990000000.IwAR0abc',
              fbp: 'fb.1.1749980000000.123456789',
            },
            custom_data: {
              value: 42.5,
              currency: 'EUR',
              content_ids: ['p1'],
              contents: [{ id: 'p1', quantity: 2, item_price: 21.25 }],
              content_type: 'product',
              num_items: 2,
              order_id: '1001',
            },
          },
        ],
        access_token: 'tok',
      },
    });

    const stored = JSON.stringify([await storage.getOrder('purchase', '1001'), await storage.listOutbox({})]);
    const clear = [
      'john_smith',
      '5551212',
      'mary',
      'valé',
      'vale\u0301',
      'york',
      '94035',
      '1997',
      'female',
      'united',
    ];
    expect(clear.filter((word) => stored.toLowerCase().includes(word))).toEqual([]);
  });

  it.each([
    ['country', { country: 'Atlantis' }, 'an ISO 3166-1 alpha-2 country code such as US'],
    ['date_of_birth', { date_of_birth: '16/02/1997' }, 'a date of birth as YYYY-MM-DD, from 1900 on'],
  ])('refuses an unusable %s with 400 and writes nothing', async (where, fields, message) => {
    const { app, storage } = setup({}, { destinations: ['meta'] });
    const res = await postOrder(app, order(fields));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_order', message, where, fix: 'See the order fields in the collector README.' },
    });
    expect(await storage.listOutbox({})).toEqual([]);
  });
});
