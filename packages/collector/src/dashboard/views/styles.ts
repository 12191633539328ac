/** The dashboard's whole stylesheet: system fonts, one column on phones, no framework. */
export const styles = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f7f9}
header{background:#1b1f24;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a{color:#fff}
header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;flex:1}
header form{margin:0}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
section,.card{background:#fff;border:1px solid #d9dde3;border-radius:8px;padding:1rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input,select,button{font:inherit;padding:.45rem .6rem;border:1px solid #9aa3ad;border-radius:6px;max-width:100%}
button{background:#0b5fff;color:#fff;border-color:#0b5fff;cursor:pointer}
button.secondary{background:#fff;color:#0b5fff}
button.danger{background:#b42318;border-color:#b42318}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.notice{padding:.6rem .8rem;border-radius:6px;margin:0 0 1rem;background:#e7f6ec;border:1px solid #2e7d4f}
.error{background:#fdecea;border-color:#b42318}
.muted{color:#59636e;font-size:.9rem}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:99px;font-size:.85rem;background:#e9ecef}
.s-delivered{background:#e7f6ec}.s-dead{background:#fdecea}.s-retrying{background:#fff4e5}.s-skipped{background:#eef0f3}.s-queued{background:#e8f0ff}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
.scroll{overflow-x:auto}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
.charts .wide{grid-column:1/-1}
figure{margin:0}
td input,td select{width:100%;min-width:7rem}
svg{max-width:100%;height:auto}
svg text{font:13px system-ui,sans-serif;fill:#1b1f24}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
a.chip{display:inline-block;padding:.3rem .7rem;border:1px solid #9aa3ad;border-radius:99px;color:#0b5fff;text-decoration:none;background:#fff}
a.chip.selected{background:#0b5fff;color:#fff;border-color:#0b5fff;font-weight:600}
.headline{font-size:1.25rem;margin:.25rem 0 .5rem}
.score{font-size:1.2rem;font-weight:700}
.s-waiting{background:#e8f0ff}.s-uncertain{background:#fff4e5}.s-sending{background:#e8f0ff}
details.advanced{margin:1rem 0}
details.advanced>summary{cursor:pointer;font-weight:600}
dl.facts{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.25rem 1rem;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f7f9;border:1px solid #e3e6ea;border-radius:6px;padding:.5rem;font-size:.85rem;max-height:24rem;overflow:auto}
ol.trail{margin:0;padding-left:1.2rem}
ol.attempts{list-style:none;margin:.5rem 0 0;padding:0}ol.attempts>li{border-top:1px solid #e3e6ea;padding:.5rem 0}
h4{font-size:1rem;margin:.25rem 0}
p,li,dd,h1,h2{overflow-wrap:anywhere}
@media (max-width:30rem){main{padding:.5rem}section,.card{padding:.75rem}th,td{padding:.3rem;font-size:.9rem}}
fieldset{border:1px solid #d9dde3;border-radius:6px;margin:.5rem 0;padding:.5rem}
form>fieldset{border:0;margin:0;padding:0;min-width:0}
button:disabled,input:disabled,select:disabled{opacity:.55;cursor:not-allowed}
`;
