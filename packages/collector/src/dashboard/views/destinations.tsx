/** @jsxImportSource hono/jsx */
/** The list of destinations with their state at a glance. */
import type { DestinationView } from '../ports.js';
import { Layout } from './layout.js';

export function DestinationsPage(props: { base: string; csrf: string; list: DestinationView[] }) {
  return (
    <Layout base={props.base} csrf={props.csrf} title="Destinations">
      {props.list.map((d) => (
        <section aria-labelledby={`d-${d.destination}`}>
          <h2 id={`d-${d.destination}`}>
            <a href={`${props.base}/destinations/${encodeURIComponent(d.destination)}`}>{d.label}</a>
          </h2>
          <p>
            <span class="badge">Sharing {d.enabled ? 'on' : 'off'}</span>{' '}
            {d.setInConfig ? <span class="badge">Set in the config file</span> : null}{' '}
            <span class="badge">{d.tokenLast4 ? `Token …${d.tokenLast4}` : 'No token'}</span>{' '}
            <span class="badge">{Object.keys(d.mapping).length} mapped events</span>{' '}
            {d.pausedReason ? <span class="badge s-dead">Paused: {d.pausedReason}</span> : null}{' '}
            {d.problem ? <span class="badge s-retrying">Not ready: {d.problem}</span> : null}{' '}
            {(d.warnings ?? []).map((w) => (
              <span class="badge s-retrying">Attention: {w}</span>
            ))}
          </p>
        </section>
      ))}
    </Layout>
  );
}
