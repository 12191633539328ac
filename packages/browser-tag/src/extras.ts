/**
 * Entry of the tag's extras: the code only some pages need, loaded by the tag on demand
 * (`extras-loader.ts`) so that every other page view does not pay for it. Every cookie the tag
 * writes is written here, with js-cookie; the tag itself only reads. The collector serves it as
 * `<mount>/tag-extras.js` with the same config inlined.
 */
import { rememberAnswer } from './answer.js';
import { captureClickIds } from './click-ids.js';
import { purchaseEventId, shopEventId } from './event-ids.js';
import type { Extras } from './extras-loader.js';
import { config } from './config.js';
import { hashUser } from './identify.js';
import { sentAs } from './sent-as.js';
import { startTiktok, tiktokTrack } from './tiktok.js';
import { firstTime } from './tracked.js';

const extras: Extras = {
  start: (loadPixel) => {
    captureClickIds(new URLSearchParams(location.search));
    if (config.tiktok) startTiktok(config.tiktok, loadPixel);
  },
  rememberAnswer,
  purchaseEventId,
  shopEventId,
  sentAs,
  firstTime,
  hashUser,
  tiktokTrack,
};
if (window.tandem) window.tandem.x = extras;
