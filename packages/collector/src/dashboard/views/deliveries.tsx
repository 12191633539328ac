/** @jsxImportSource hono/jsx */
/** Recent conversions with each destination's status, search by order ID, and replay. */
import { conversionOf, rowStatus, type ConversionRows, type RowStatus } from '../deliveries/status.js';
import { titleOf } from './format.js';
import { CsrfField, Layout } from './layout.js';
import { text, utcMinute } from './text.js';

export interface DeliveriesPageProps {
  base: string;
  csrf: string;
  destinations: string[];
  conversions: ConversionRows[];
  /** Dead letters per destination. */
  dead: Record<string, number>;
  order: string;
  onlyDead: boolean;
  now: number;
  notice?: string | undefined;
}

export function DeliveriesPage(props: DeliveriesPageProps) {
  const { base, csrf, destinations } = props;
  const deadTotal = Object.values(props.dead).reduce((a, b) => a + b, 0);
  return (
    <Layout
      base={base}
      csrf={csrf}
      title="Deliveries"
      notice={props.notice}
      refreshSeconds={props.order ? 0 : 30}
    >
      <section aria-labelledby="search-h">
        <h2 id="search-h">Find an order</h2>
        <form method="get" action={`${base}/deliveries`} role="search">
          <label for="order">Order ID</label>
          <div class="row">
            <input id="order" name="order" value={props.order} />
            <button type="submit">Search</button>
            <a href={`${base}/deliveries`}>All recent</a>
            <a href={`${base}/deliveries?status=dead`}>Only failed</a>
          </div>
        </form>
      </section>
      <section aria-labelledby="replay-h">
        <h2 id="replay-h">Failed deliveries</h2>
        {deadTotal === 0 ? <p>No failed deliveries.</p> : null}
        <div class="row">
          {Object.entries(props.dead)
            .filter(([, n]) => n > 0)
            .map(([destination, n]) => (
              <form method="post" action={`${base}/deliveries/replay`}>
                <CsrfField token={csrf} />
                <input type="hidden" name="destination" value={destination} />
                <button type="submit">{`Replay ${n} failed for ${titleOf(destination)}`}</button>
              </form>
            ))}
        </div>
      </section>
      <section aria-labelledby="list-h">
        <h2 id="list-h">
          {props.order ? `Order ${props.order}` : props.onlyDead ? 'Failed deliveries' : 'Recent conversions'}
        </h2>
        {props.conversions.length === 0 ? <p>No conversions found.</p> : null}
        <div class="scroll">
          <table data-testid="deliveries">
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Order</th>
                <th scope="col">Value</th>
                {destinations.map((d) => (
                  <th scope="col">{titleOf(d)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.conversions.map((conv) => (
                <tr data-event={conv.eventId}>
                  <td>{utcMinute(conv.time)}</td>
                  <td>
                    <a
                      href={`${base}/deliveries/${encodeURIComponent(conv.eventId)}`}
                      data-testid="detail-link"
                    >
                      {text(conv.orderId ?? conv.eventId)}
                    </a>
                    {conv.shopEvent && conv.shopEvent !== 'purchase' ? ` (${text(conv.shopEvent)})` : ''}
                  </td>
                  <td>
                    {conv.value !== undefined ? `${text(conv.value)} ${text(conv.currency)}`.trim() : ''}
                  </td>
                  {destinations.map((d) => (
                    <StatusCell
                      row={conv.rows.find((r) => r.destination === d)}
                      destination={d}
                      base={base}
                      csrf={csrf}
                      now={props.now}
                    />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}

function StatusCell(props: {
  row: ConversionRows['rows'][number] | undefined;
  destination: string;
  base: string;
  csrf: string;
  now: number;
}) {
  if (!props.row) return <td class="muted">—</td>;
  // A status this version does not know is shown as stored, not thrown on.
  const known: RowStatus | undefined = rowStatus(props.row, props.now);
  const status = known ?? { kind: 'unknown', label: text(props.row.status) };
  const platformEvent = text(conversionOf(props.row).platformEvent);
  return (
    <td data-destination={props.destination} data-status={status.kind}>
      <span class={`badge s-${status.kind}`}>{status.label}</span>
      {platformEvent && status.kind !== 'skipped' ? <div class="muted">as {platformEvent}</div> : null}
      {status.reason ? <div class="muted">{text(status.reason)}</div> : null}
      <a
        class="muted"
        href={`${props.base}/deliveries/${encodeURIComponent(props.row.eventId)}#row-${props.destination}`}
      >
        details
      </a>
      {status.kind === 'uncertain' ? (
        <form method="post" action={`${props.base}/deliveries/replay`}>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="status" value="uncertain" />
          <input type="hidden" name="destination" value={props.destination} />
          <input type="hidden" name="event" value={props.row.eventId} />
          <button type="submit">Replay: not in the platform report</button>
        </form>
      ) : null}
    </td>
  );
}
