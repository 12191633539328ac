/**
 * The sandbox's `roundtrip.js`: drains the `window.adroll` queue the snippet built and implements
 * the documented methods. Each `track` call is reported to `/__sandbox/pixel` on the host the
 * script came from. It keeps AdRoll's `__adroll_fpc` cookie (32 hex, `-`, epoch ms; 1 year, Lax)
 * and, like AdRoll's script, keeps `adct` from the landing URL in session storage only. It sends no
 * automatic pageView: the ledger holds only what the page asked for.
 */
export const ROUNDTRIP_JS = `(function () {
  var w = window, d = document;
  var src = d.currentScript && d.currentScript.src;
  var base = src ? new URL(src).origin : location.origin;
  var props = {};
  function cookie(name) {
    var m = d.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : undefined;
  }
  function fpc() {
    var v = cookie('__adroll_fpc');
    if (!v) {
      var hex = '';
      for (var i = 0; i < 32; i++) hex += Math.floor(Math.random() * 16).toString(16);
      v = hex + '-' + Date.now();
      d.cookie = '__adroll_fpc=' + v + '; path=/; max-age=31536000; SameSite=Lax';
    }
    return v;
  }
  var adct = new URLSearchParams(location.search).get('adct');
  try {
    if (adct) sessionStorage.setItem('adroll_adct', adct);
    else adct = sessionStorage.getItem('adroll_adct');
  } catch (e) {}
  function report(call) {
    call.adv = w.adroll_adv_id;
    call.pix = w.adroll_pix_id;
    call.fpc = fpc();
    if (adct) call.adct = adct;
    call.url = location.href;
    var body = JSON.stringify(call);
    try {
      if (navigator.sendBeacon(base + '/__sandbox/pixel', new Blob([body], { type: 'text/plain' }))) return;
    } catch (e) {}
    fetch(base + '/__sandbox/pixel', { method: 'POST', body: body, keepalive: true, mode: 'no-cors' });
  }
  var q = w.adroll || [];
  var pending = Array.prototype.slice.call(q);
  q.setProperties = function (p) { for (var k in p) props[k] = p[k]; };
  q.identify = function (p) { report({ method: 'identify', attributes: p || {} }); };
  q.identify_email = function (email) { report({ method: 'identify_email', attributes: { email: email } }); };
  q.get_cookie = function () { return fpc(); };
  q.track = function (name, attributes) {
    var a = {};
    for (var k in props) a[k] = props[k];
    for (var j in attributes || {}) a[j] = attributes[j];
    report({ method: 'track', event: name, attributes: a });
  };
  q.length = 0;
  w.adroll = q;
  for (var n = 0; n < pending.length; n++) {
    var entry = pending[n];
    if (entry && typeof q[entry[0]] === 'function') q[entry[0]].apply(null, Array.prototype.slice.call(entry[1] || []));
  }
})();
`;
