/**
 * The sandbox's `fbevents.js`: takes over the `fbq` stub from Meta's snippet, drains its queue and
 * reports `init` (with its advanced-matching object as `matching`), `track` and `trackCustom`
 * calls (with the fourth argument's `eventID`) to `/__sandbox/pixel` on the host it came from. Like Meta's script it keeps `_fbp`
 * (`fb.1.<ms>.<random>`) and, on a landing with `fbclid`, `_fbc` (`fb.1.<ms>.<fbclid>`), 90 days,
 * Lax. `fbq('consent', 'revoke')` stops reports until `'grant'`.
 */
export const FBEVENTS_JS = `(function () {
  var w = window, d = document;
  var src = d.currentScript && d.currentScript.src;
  var base = src ? new URL(src).origin : 'https://connect.facebook.net';
  var f = w.fbq;
  if (!f) {
    f = w.fbq = function () { f.callMethod ? f.callMethod.apply(f, arguments) : f.queue.push(arguments); };
    f.push = f; f.loaded = true; f.version = '2.0'; f.queue = [];
    w._fbq = w._fbq || f;
  }
  function cookie(name) {
    var m = d.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : undefined;
  }
  function setCookie(name, value) {
    d.cookie = name + '=' + value + '; path=/; max-age=7776000; SameSite=Lax';
  }
  var fbp = cookie('_fbp');
  if (!fbp) setCookie('_fbp', (fbp = 'fb.1.' + Date.now() + '.' + Math.floor(Math.random() * 1e10)));
  var fbc = cookie('_fbc');
  var fbclid = new URLSearchParams(location.search).get('fbclid');
  if (fbclid && !(fbc && fbc.split('.')[3] === fbclid)) setCookie('_fbc', (fbc = 'fb.1.' + Date.now() + '.' + fbclid));
  var pixels = [], granted = true;
  function report(call) {
    if (!granted) return;
    call.fbp = fbp;
    if (fbc) call.fbc = fbc;
    call.url = location.href;
    var body = JSON.stringify(call);
    try {
      if (navigator.sendBeacon(base + '/__sandbox/pixel', new Blob([body], { type: 'text/plain' }))) return;
    } catch (e) {}
    fetch(base + '/__sandbox/pixel', { method: 'POST', body: body, keepalive: true, mode: 'no-cors' });
  }
  f.callMethod = function (method, a, b, c) {
    if (method === 'consent') granted = a !== 'revoke';
    else if (method === 'init') {
      if (pixels.indexOf(String(a)) < 0) pixels.push(String(a));
      var init = { method: 'init', pixelId: String(a) };
      if (b && typeof b === 'object') init.matching = b;
      report(init);
    } else if (method === 'track' || method === 'trackCustom') {
      for (var i = 0; i < pixels.length; i++) {
        var call = { method: method, pixelId: pixels[i], event: a, params: b || {} };
        if (c && c.eventID) call.eventID = String(c.eventID);
        report(call);
      }
    }
  };
  var q = Array.prototype.slice.call(f.queue || []);
  if (f.queue) f.queue.length = 0;
  for (var n = 0; n < q.length; n++) f.callMethod.apply(f, Array.prototype.slice.call(q[n]));
})();
`;
