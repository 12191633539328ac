/** @jsxImportSource hono/jsx */
/** The overview: how conversions travel, what the pixels alone would lose, and match quality. */
import { DailyPathsChart, ShareBars } from '../charts/svg.js';
import type { Recovery } from '../charts/recovery.js';
import type { DayPaths, MatchQuality, Share } from '../charts/stats.js';
import { titleOf } from './format.js';
import { Layout } from './layout.js';
import { MatchSection } from './match.js';
import { RecoveredSection, RevenueSection, StatesSection } from './overview-recovery.js';

export interface OverviewProps {
  base: string;
  csrf: string;
  days: number;
  paths: DayPaths[];
  blocked: Share;
  recovery: Recovery;
  quality: MatchQuality;
  /** Set when the scan hit its bound: the charts cover the latest this many conversions. */
  truncatedAt?: number | undefined;
  /** Set when the events read hit their bound: the blocked share covers this many latest events. */
  blockedCutAt?: number | undefined;
}

export function OverviewPage(props: OverviewProps) {
  const { base, quality } = props;
  const of = (count: number): Share => ({ count, total: quality.total });
  return (
    <Layout base={base} csrf={props.csrf} title="Overview">
      <nav aria-label="Time window" class="row">
        {[7, 30, 90].map((d) => (
          <a
            href={`${base}?days=${d}`}
            class={d === props.days ? 'chip selected' : 'chip'}
            aria-current={d === props.days ? 'page' : undefined}
          >
            {`Last ${d} days`}
          </a>
        ))}
      </nav>
      <RecoveredSection recovery={props.recovery} days={props.days} />
      <StatesSection recovery={props.recovery} />
      <RevenueSection recovery={props.recovery} />
      <MatchSection recovery={props.recovery} days={props.days} />
      {props.truncatedAt ? (
        <p class="muted">{`Charts cover the latest ${props.truncatedAt} conversions in this window.`}</p>
      ) : null}
      <div class="charts">
        <section aria-labelledby="c-paths" class="wide">
          <h2 id="c-paths">Conversions per day by path</h2>
          <DailyPathsChart days={props.paths} />
        </section>
        <section aria-labelledby="c-blocked">
          <h2 id="c-blocked">Visitors with blocked pixels</h2>
          <ShareBars
            id="blocked"
            title="Share of visitors whose pixels were blocked"
            bars={[{ key: 'blocked', label: 'Pixels blocked', share: props.blocked }]}
          />
          <p class="muted">
            Among visitors of this window whose pages reported a pixel; the server path covers them.
          </p>
          {props.blockedCutAt !== undefined ? (
            <p class="muted">{`Covers the latest ${props.blockedCutAt} events in this window.`}</p>
          ) : null}
        </section>
        <section aria-labelledby="c-success">
          <h2 id="c-success">Delivery success per platform</h2>
          <ShareBars
            id="success"
            title="Delivered among delivered and failed conversions, per platform"
            bars={props.recovery.destinations.map((d) => ({
              key: d.destination,
              label: titleOf(d.destination),
              share: { count: d.delivered + d.byPixel, total: d.delivered + d.byPixel + d.failed },
            }))}
          />
          <p class="muted">This window; waiting, uncertain and skipped conversions are not counted.</p>
        </section>
        <section aria-labelledby="c-quality">
          <h2 id="c-quality">Identifiers carried</h2>
          <ShareBars
            id="quality"
            title="Share of conversions carrying each identifier"
            bars={[
              { key: 'adct', label: 'AdRoll click (adct)', share: of(quality.adct) },
              { key: 'fbc-fbp', label: 'Meta fbc / fbp', share: of(quality.fbcOrFbp) },
              { key: 'email', label: 'Hashed email', share: of(quality.email) },
              { key: 'searchLogId', label: 'Neuroon searchLogId', share: of(quality.searchLogId) },
            ]}
          />
        </section>
      </div>
    </Layout>
  );
}
