/**
 * Page frame: Tandem's public snippet in `<head>` exactly as a shop pastes it, a consent banner
 * (opt-in: nothing is tracked until the visitor accepts), and the Neuroon search widget.
 */
export const escape = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function snippet(mountPath: string): string {
  return (
    `<script>window.tandem=window.tandem||function(){(tandem.q=tandem.q||[]).push(arguments)}</script>\n` +
    `<script async src="${mountPath}/tag.js"></script>`
  );
}

export interface PageContext {
  mountPath: string;
  /** The Neuroon widget script and the shop's Neuroon ID. */
  widget?: { src: string; shopId: string };
  cartCount: number;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:860px;margin:0 auto;padding:0 16px;color:#222}
header{display:flex;gap:16px;align-items:center;border-bottom:1px solid #ddd;padding:8px 0}
header nav{margin-left:auto;display:flex;gap:12px}.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px;padding:0}
.products li{list-style:none;border:1px solid #ddd;border-radius:6px;padding:12px}.ad{border:2px dashed #c60;padding:12px;margin:16px 0}
#consent{position:fixed;bottom:0;left:0;right:0;background:#223;color:#fff;padding:12px;display:flex;gap:12px;align-items:center}
.neuroon-results{padding-left:0}.neuroon-results li{list-style:none;padding:2px 0}button{cursor:pointer}`;

// The shop's own memory of a "no" (in opt-in mode Tandem keeps no cookie for it).
const CONSENT_SCRIPT = `<script>
(function () {
  var answered = /(?:^|; )(_tdm_c|demo_consent)=/.test(document.cookie);
  var banner = document.getElementById('consent');
  if (answered) return banner.remove();
  banner.hidden = false;
  function answer(yes) {
    tandem('consent', { ads: yes });
    document.cookie = 'demo_consent=' + (yes ? 'yes' : 'no') + '; path=/; max-age=31536000; SameSite=Lax';
    banner.remove();
  }
  document.getElementById('consent-yes').onclick = function () { answer(true); };
  document.getElementById('consent-no').onclick = function () { answer(false); };
})();
</script>`;

// The widget's clicks go to Tandem as search clicks, as the Neuroon integration guide would have it.
const SEARCH_BRIDGE = `<script>
document.addEventListener('track:click', function (e) {
  tandem('searchClick', { product_id: e.detail.productId, search_log_id: e.detail.searchLogId });
});
</script>`;

export function page(ctx: PageContext, title: string, body: string, scripts = ''): string {
  const widget = ctx.widget
    ? `<div id="search"></div><script async src="${escape(ctx.widget.src)}" data-shop="${escape(ctx.widget.shopId)}" data-target="#search"></script>${SEARCH_BRIDGE}`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Tandem demo shop</title>
${snippet(ctx.mountPath)}
<style>${STYLE}</style>
</head><body>
<header><a href="/"><strong>Tandem demo shop</strong></a>${widget}<nav><a href="/cart">Cart (${ctx.cartCount})</a></nav></header>
<main><h1>${escape(title)}</h1>${body}</main>
<div id="consent" hidden><span>We use cookies to measure our ads.</span>
<button id="consent-yes">Accept</button><button id="consent-no">Decline</button></div>
${CONSENT_SCRIPT}${scripts}
</body></html>`;
}
