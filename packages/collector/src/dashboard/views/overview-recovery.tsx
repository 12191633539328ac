/** @jsxImportSource hono/jsx */
/**
 * The overview's first sections: what the server path recovered, each destination's rows by
 * state (waiting is never a failure), and revenue per platform and path. Every figure carries a
 * `data-testid` so tests read exactly what the marketer reads.
 */
import type { Recovery } from '../charts/recovery.js';
import { SKIP_GROUPS, SKIP_LABELS } from '../charts/skip-groups.js';
import { mainCurrency, money, pct, titleOf } from './format.js';

export function RecoveredSection(props: { recovery: Recovery; days: number }) {
  const r = props.recovery;
  const currency = mainCurrency(r.value);
  return (
    <section aria-labelledby="c-recovered" data-testid="recovered">
      <h2 id="c-recovered">Recovered by the server path</h2>
      <p class="headline">
        {'Tandem recovered '}
        <strong data-testid="recovered-share">{pct(r.recovered, r.conversions)}</strong>
        {' of conversions, '}
        <strong data-testid="recovered-value">{money(r.recoveredValue, currency)}</strong>
        {', that the pixels missed.'}
      </p>
      <p class="muted">
        <span data-testid="recovered-count">{`${r.recovered} of ${r.conversions}`}</span>
        {` conversions in the last ${props.days} days (worth `}
        <span data-testid="total-value">{money(r.value, currency)}</span>
        {') reached a platform only through the server path, its pixel blocked or never run.'}
      </p>
      <div class="scroll">
        <table data-testid="recovered-table">
          <thead>
            <tr>
              <th scope="col">Platform</th>
              <th scope="col">Recovered</th>
              <th scope="col">Share of conversions</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {r.destinations.map((d) => (
              <tr data-destination={d.destination}>
                <th scope="row">{titleOf(d.destination)}</th>
                <td data-cell="recovered">{d.recovered}</td>
                <td data-cell="share">{pct(d.recovered, r.conversions)}</td>
                <td data-cell="value">{money(d.recoveredValue, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function StatesSection(props: { recovery: Recovery }) {
  const list = props.recovery.destinations;
  return (
    <section aria-labelledby="c-states">
      <h2 id="c-states">Deliveries by state</h2>
      <div class="scroll">
        <table data-testid="states-table">
          <thead>
            <tr>
              <th scope="col">Platform</th>
              <th scope="col">Delivered</th>
              <th scope="col">Waiting</th>
              <th scope="col">Failed</th>
              <th scope="col">Uncertain</th>
              <th scope="col">Skipped</th>
              <th scope="col">Success</th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => {
              const delivered = d.delivered + d.byPixel;
              const skipped = SKIP_GROUPS.filter((g) => d.skipped[g] > 0);
              return (
                <tr data-destination={d.destination}>
                  <th scope="row">{titleOf(d.destination)}</th>
                  <td data-cell="delivered">
                    {delivered}
                    <div class="muted">{`${d.delivered} by server, ${d.byPixel} by pixel`}</div>
                  </td>
                  <td data-cell="waiting">{d.waiting}</td>
                  <td data-cell="failed">{d.failed}</td>
                  <td data-cell="uncertain">{d.uncertain}</td>
                  <td data-cell="skipped">
                    {skipped.reduce((n, g) => n + d.skipped[g], 0)}
                    {skipped.map((g) => (
                      <div class="muted" data-skip={g}>{`${d.skipped[g]} ${SKIP_LABELS[g]}`}</div>
                    ))}
                  </td>
                  <td data-cell="success">{pct(delivered, delivered + d.failed)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="muted">
        Success is delivered among delivered and failed: rows still waiting (for a pixel, a retry or their
        turn) and uncertain rows are not counted either way.
      </p>
    </section>
  );
}

export function RevenueSection(props: { recovery: Recovery }) {
  const r = props.recovery;
  const currency = mainCurrency(r.value);
  return (
    <section aria-labelledby="c-revenue">
      <h2 id="c-revenue">Revenue per platform and path</h2>
      <div class="scroll">
        <table data-testid="revenue-table">
          <thead>
            <tr>
              <th scope="col">Platform</th>
              <th scope="col">By server</th>
              <th scope="col">By pixel</th>
            </tr>
          </thead>
          <tbody>
            {r.destinations.map((d) => (
              <tr data-destination={d.destination}>
                <th scope="row">{titleOf(d.destination)}</th>
                <td data-cell="server">{money(d.serverValue, currency)}</td>
                <td data-cell="pixel">{money(d.pixelValue, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">
        Order value of the conversions each platform received, by the path that delivered it.
      </p>
    </section>
  );
}
