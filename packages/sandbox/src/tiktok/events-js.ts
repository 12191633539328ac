/**
 * The sandbox's `events.js`: takes over the `ttq` stub of TikTok's snippet (found through
 * `TiktokAnalyticsObject`), learns the pixel codes from `ttq._i` and the script's `sdkid`, drains
 * the queue and reports `page`, `track` (with the third argument's `event_id`) and `identify`
 * calls to `/__sandbox/pixel` on the host it came from. Like TikTok's script it keeps the
 * first-party `_ttp` cookie (13 months, Lax) and reads `ttclid` from a landing URL, keeping it for
 * the session (in the sandbox's own `sessionStorage` key) so later pages report it too.
 */
export const EVENTS_JS = `(function () {
  var w = window, d = document;
  var src = d.currentScript && d.currentScript.src;
  var url = src ? new URL(src) : null;
  var base = url ? url.origin : 'https://analytics.tiktok.com';
  var ttq = w[w.TiktokAnalyticsObject || 'ttq'];
  if (!ttq) return;
  var pixels = Object.keys(ttq._i || {});
  var sdkid = url && url.searchParams.get('sdkid');
  if (sdkid && pixels.indexOf(sdkid) < 0) pixels.push(sdkid);
  function cookie(name) {
    var m = d.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : undefined;
  }
  var ttp = cookie('_ttp');
  if (!ttp) {
    ttp = '';
    var chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    for (var i = 0; i < 27; i++) ttp += chars.charAt(Math.floor(Math.random() * chars.length));
    d.cookie = '_ttp=' + ttp + '; path=/; max-age=34190000; SameSite=Lax';
  }
  var ttclid = new URLSearchParams(location.search).get('ttclid');
  try {
    if (ttclid) sessionStorage.setItem('_sandbox_ttclid', ttclid);
    else ttclid = sessionStorage.getItem('_sandbox_ttclid');
  } catch (e) {}
  function report(call) {
    call.ttp = ttp;
    if (ttclid) call.ttclid = ttclid;
    call.url = location.href;
    var body = JSON.stringify(call);
    try {
      if (navigator.sendBeacon(base + '/__sandbox/pixel', new Blob([body], { type: 'text/plain' }))) return;
    } catch (e) {}
    fetch(base + '/__sandbox/pixel', { method: 'POST', body: body, keepalive: true, mode: 'no-cors' });
  }
  function each(make) {
    for (var n = 0; n < pixels.length; n++) report(make(pixels[n]));
  }
  var methods = {
    page: function () { each(function (p) { return { method: 'page', pixelCode: p }; }); },
    track: function (event, properties, options) {
      each(function (p) {
        var call = { method: 'track', pixelCode: p, event: event, properties: properties || {} };
        if (options && options.event_id) call.event_id = String(options.event_id);
        return call;
      });
    },
    identify: function (fields) { each(function (p) { return { method: 'identify', pixelCode: p, fields: fields || {} }; }); }
  };
  var queued = Array.prototype.slice.call(ttq);
  ttq.length = 0;
  for (var name in methods) ttq[name] = methods[name];
  for (var k = 0; k < queued.length; k++) {
    var entry = queued[k];
    if (methods[entry[0]]) methods[entry[0]].apply(null, entry.slice(1));
  }
})();
`;
