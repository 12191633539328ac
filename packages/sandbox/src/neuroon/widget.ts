/**
 * The sandbox's Neuroon search widget. Include it as
 * `<script src="<neuroon>/widget.js" data-shop="<shopId>" data-target="#search" async></script>`.
 * It renders a search box and results from the shop's catalog; a click on a result
 * - dispatches `track:click` on `document` with `detail: {productId, searchLogId, query}`,
 * - writes the session cookie `neuroon_clicks` (URL-encoded JSON map productId -> searchLogId,
 *   Lax, not HttpOnly, oldest entries dropped to stay under 4 KB),
 * - reports the click to Neuroon, then follows the link.
 */
export const WIDGET_JS = `(function () {
  var d = document, s = d.currentScript;
  if (!s) return;
  var base = new URL(s.src).origin, shop = s.getAttribute('data-shop');
  var api = base + '/api/plugin/shops/' + encodeURIComponent(shop);
  var root = d.querySelector(s.getAttribute('data-target') || '#neuroon-search');
  if (!root) return;
  var input = d.createElement('input');
  input.type = 'search';
  input.placeholder = 'Search products';
  input.setAttribute('aria-label', 'Search products');
  input.className = 'neuroon-input';
  var list = d.createElement('ul');
  list.className = 'neuroon-results';
  root.appendChild(input);
  root.appendChild(list);
  function clicks() {
    var m = d.cookie.match(/(?:^|; )neuroon_clicks=([^;]*)/);
    try { return m ? JSON.parse(decodeURIComponent(m[1])) : {}; } catch (e) { return {}; }
  }
  function remember(productId, searchLogId) {
    var map = clicks();
    delete map[productId];
    map[productId] = searchLogId;
    var value = encodeURIComponent(JSON.stringify(map));
    while (value.length > 3800) {
      delete map[Object.keys(map)[0]];
      value = encodeURIComponent(JSON.stringify(map));
    }
    d.cookie = 'neuroon_clicks=' + value + '; path=/; SameSite=Lax';
  }
  function clicked(event, item, searchLogId, query) {
    var detail = { productId: item.productId, searchLogId: searchLogId, query: query };
    remember(item.productId, searchLogId);
    d.dispatchEvent(new CustomEvent('track:click', { detail: detail }));
    var body = JSON.stringify({ method: 'click', productId: item.productId, searchLogId: searchLogId, query: query });
    try { navigator.sendBeacon(api + '/track/click', new Blob([body], { type: 'text/plain' })); } catch (e) {}
  }
  function render(answer) {
    list.textContent = '';
    answer.results.forEach(function (item) {
      var li = d.createElement('li'), a = d.createElement('a');
      a.href = item.url;
      a.textContent = item.name + ' — ' + item.price.toFixed(2);
      a.setAttribute('data-product-id', item.productId);
      a.addEventListener('click', function (e) { clicked(e, item, answer.searchLogId, answer.query); });
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!answer.results.length && answer.query) {
      var none = d.createElement('li');
      none.textContent = 'No results';
      list.appendChild(none);
    }
  }
  var timer, seq = 0;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var mine = ++seq;
      fetch(api + '/search?q=' + encodeURIComponent(input.value))
        .then(function (r) { return r.json(); })
        .then(function (answer) { if (mine === seq) render(answer); })
        .catch(function () {});
    }, 150);
  });
})();
`;
