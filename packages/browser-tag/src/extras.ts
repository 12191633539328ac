/**
 * Entry of the tag's extras: the code only some pages need, loaded by the tag on demand
 * (`extras-loader.ts`) so that every other page view does not pay for it. Every cookie the tag
 * writes is written here; the tag itself only reads them. The collector serves
 * it as `<mount>/tag-extras.js` with the same config inlined.
 */
import { rememberAnswer } from './answer.js';
import { captureClickIds } from './click-ids.js';
import type { Extras } from './extras-loader.js';
import { hashUser } from './identify.js';
import { firstTime, purchaseEventId } from './purchase.js';

const extras: Extras = {
  capture: () => captureClickIds(new URLSearchParams(location.search)),
  rememberAnswer,
  purchaseEventId,
  firstTime,
  hashUser,
};
if (window.tandem) window.tandem.x = extras;
