/** @jsxImportSource hono/jsx */
/** One conversion: what it carried, and per platform its state, each attempt and the trail. */
import type { Conversion } from '../../delivery/conversion.js';
import type { RowDetail } from '../deliveries/detail.js';
import { AttemptList } from './attempts.js';
import { titleOf } from './format.js';
import { CsrfField, Layout } from './layout.js';
import { text, utcMinute } from './text.js';

export interface DeliveryPageProps {
  base: string;
  csrf: string;
  eventId: string;
  conversion: Partial<Conversion>;
  rows: RowDetail[];
  notice?: string | undefined;
}

export function DeliveryPage(props: DeliveryPageProps) {
  const { base, csrf, conversion: c } = props;
  const ids = Object.entries(c.ids ?? {})
    .filter(([, v]) => Boolean(v))
    .map(([k]) => k);
  const user = Object.entries(c.user ?? {})
    .filter(([, v]) => Boolean(v))
    .map(([k]) => k);
  const title = c.orderId !== undefined ? `Order ${text(c.orderId)}` : `Event ${props.eventId}`;
  return (
    <Layout base={base} csrf={csrf} title={title} notice={props.notice}>
      <p>
        <a href={`${base}/deliveries`} data-testid="back">
          ← All deliveries
        </a>
      </p>
      <section aria-labelledby="conv-h" data-testid="conversion">
        <h2 id="conv-h">The conversion</h2>
        <dl class="facts">
          <dt>Order</dt>
          <dd>{text(c.orderId) || '—'}</dd>
          <dt>Event</dt>
          <dd>{`${text(c.shopEvent) || '—'} · ID ${props.eventId}`}</dd>
          <dt>When</dt>
          <dd>{typeof c.time === 'number' ? `${utcMinute(c.time)} UTC` : '—'}</dd>
          <dt>Value</dt>
          <dd>{c.value !== undefined ? `${text(c.currency)} ${text(c.value)}`.trim() : '—'}</dd>
          <dt>Visitor</dt>
          <dd>{text(c.visitorId) || 'none named by the order'}</dd>
          <dt>Click IDs</dt>
          <dd data-testid="click-ids">{ids.length ? ids.join(', ') : 'none'}</dd>
          <dt>Customer data</dt>
          <dd>{user.length ? `${user.join(', ')} (hashed)` : 'none'}</dd>
          <dt>Consent</dt>
          <dd data-testid="consent">
            {c.consent
              ? `ads ${c.consent.ads ? 'yes' : 'no'}${c.consent.gpc ? ', Global Privacy Control' : ''}`
              : '—'}
          </dd>
          <dt>Pixels</dt>
          <dd>
            {Object.entries(c.pixels ?? {})
              .map(([k, v]) => `${titleOf(k)}: ${text(v)}`)
              .join(', ') || 'no purchase beacon'}
          </dd>
        </dl>
      </section>
      {props.rows.map((d) => (
        <RowSection detail={d} base={base} csrf={csrf} />
      ))}
    </Layout>
  );
}

function RowSection(props: { detail: RowDetail; base: string; csrf: string }) {
  const { row, status, attempts, request, trail } = props.detail;
  const id = `row-${row.destination}`;
  return (
    <section aria-labelledby={id} data-destination={row.destination} data-status={status.kind}>
      <h2 id={id}>{titleOf(row.destination)}</h2>
      <p>
        <span class={`badge s-${status.kind}`}>{status.label}</span>
      </p>
      <h3>Decision trail</h3>
      <ol class="trail" data-testid="trail">
        {trail.map((step) => (
          <li>{step}</li>
        ))}
      </ol>
      <h3>Attempts</h3>
      <dl class="facts">
        <dt>Sends</dt>
        <dd data-testid="attempts">{row.attempts}</dd>
        <dt>Last answer</dt>
        <dd data-testid="response">
          {row.status === 'skipped'
            ? '—'
            : text(row.reason) || (row.status === 'delivered' ? 'accepted' : '—')}
        </dd>
        {row.deliveredAt !== undefined ? (
          <>
            <dt>Delivered</dt>
            <dd>{`${utcMinute(row.deliveredAt)} UTC`}</dd>
          </>
        ) : null}
      </dl>
      {attempts.length > 0 ? <AttemptList attempts={attempts} /> : null}
      {request && 'body' in request ? (
        <>
          <h3>Request body</h3>
          <p class="muted">
            {`${row.attempts > 0 || row.status === 'delivered' ? 'No attempt was recorded (sent before attempts were kept), so this is' : 'Not sent yet, so this is'} the request built now from the stored conversion: POST ${request.url}; hashed fields as sent, the token never shown.`}
          </p>
          <pre data-testid="request-body">{request.body}</pre>
        </>
      ) : request ? (
        <>
          <h3>Request body</h3>
          <p class="muted">{request.unavailable}</p>
        </>
      ) : null}
      {status.kind === 'uncertain' ? (
        <div class="row">
          <form method="post" action={`${props.base}/deliveries/replay`}>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="status" value="uncertain" />
            <input type="hidden" name="destination" value={row.destination} />
            <input type="hidden" name="event" value={row.eventId} />
            <button type="submit">Replay: not in the platform report</button>
          </form>
          <form method="post" action={`${props.base}/deliveries/checked`}>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="destination" value={row.destination} />
            <input type="hidden" name="event" value={row.eventId} />
            <button type="submit" class="secondary">
              Mark as checked: in the platform report
            </button>
          </form>
        </div>
      ) : null}
    </section>
  );
}
