/** @jsxImportSource hono/jsx */
/** Match quality per platform: a 0-10 score, its trend over the window, and the top two hints. */
import { matchScore, mergeCounts } from '../charts/match-score.js';
import type { Recovery } from '../charts/recovery.js';
import { titleOf } from './format.js';

const score = (s: number | undefined) => (s === undefined ? '—' : s.toFixed(1));

export function MatchSection(props: { recovery: Recovery; days: number }) {
  const half = Math.floor(props.days / 2);
  return (
    <section aria-labelledby="c-match" data-testid="match">
      <h2 id="c-match">Match quality</h2>
      {props.recovery.destinations.map((d) => {
        const now = matchScore(d.destination, mergeCounts(d.identifiers));
        if (now.score === undefined) return null;
        const earlier = matchScore(d.destination, d.identifiers[0]).score;
        const later = matchScore(d.destination, d.identifiers[1]).score;
        return (
          <div class="card" data-destination={d.destination}>
            <p>
              <strong>{titleOf(d.destination)}</strong>
              {': '}
              <span class="score" data-testid="score">{`${score(now.score)} / 10`}</span>
            </p>
            <p class="muted" data-testid="trend">
              {`Earlier ${half} days: ${score(earlier)}; latest ${props.days - half} days: ${score(later)}.`}
            </p>
            <ul>
              {now.hints.map((h) => (
                <li data-hint={h.identifier}>{h.text}</li>
              ))}
            </ul>
          </div>
        );
      })}
      <p class="muted">
        From the identifiers each conversion sent to the platform carried, weighted as the platform ranks
        them; 10 means every conversion carried every one.
      </p>
    </section>
  );
}
