/** @jsxImportSource hono/jsx */
/**
 * Two small SVG charts drawn on the server: stacked bars per day and labelled share bars. Each
 * draws its numbers as text too, and carries them in `data-*` attributes, so people, screen
 * readers (through the table beside each chart) and tests all read the same figures.
 */
import { percent, type DayPaths, type Share } from './stats.js';

const PATHS = [
  { key: 'both', label: 'Both paths', color: '#0b5fff' },
  { key: 'pixel', label: 'Pixel only', color: '#7aa7ff' },
  { key: 'server', label: 'Server only', color: '#2e7d4f' },
  { key: 'none', label: 'Not delivered', color: '#c4c9d0' },
] as const;

export function DailyPathsChart(props: { days: DayPaths[] }) {
  const width = 640;
  const height = 150;
  const top = 20;
  const max = Math.max(1, ...props.days.map((d) => d.both + d.pixel + d.server + d.none));
  const step = width / Math.max(1, props.days.length);
  const barWidth = Math.max(1, step * 0.8);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height + 84}`} role="img" aria-labelledby="paths-title">
        <title id="paths-title">Conversions per day by delivery path</title>
        <text x="0" y="12">{`max ${max} per day`}</text>
        {props.days.map((d, i) => {
          let y = top + height;
          return (
            <g
              data-day={d.day}
              data-both={d.both}
              data-pixel={d.pixel}
              data-server={d.server}
              data-none={d.none}
            >
              {PATHS.map((p) => {
                const h = (d[p.key] / max) * height;
                y -= h;
                return h > 0 ? (
                  <rect x={i * step} y={y} width={barWidth} height={h} fill={p.color}>
                    <title>{`${d.day}: ${d[p.key]} ${p.label.toLowerCase()}`}</title>
                  </rect>
                ) : null;
              })}
            </g>
          );
        })}
        <text x="0" y={top + height + 16}>
          {props.days[0]?.day ?? ''}
        </text>
        <text x={width} y={top + height + 16} text-anchor="end">
          {props.days.at(-1)?.day ?? ''}
        </text>
        {PATHS.map((p, i) => (
          <g>
            <rect
              x={(i % 2) * 200}
              y={height + 46 + Math.floor(i / 2) * 20}
              width="12"
              height="12"
              fill={p.color}
            />
            <text x={(i % 2) * 200 + 16} y={height + 57 + Math.floor(i / 2) * 20}>
              {p.label}
            </text>
          </g>
        ))}
      </svg>
      <details>
        <summary>Numbers</summary>
        <div class="scroll">
          <table data-testid="paths-table">
            <thead>
              <tr>
                <th scope="col">Day</th>
                {PATHS.map((p) => (
                  <th scope="col">{p.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.days
                .filter((d) => d.both + d.pixel + d.server + d.none > 0)
                .map((d) => (
                  <tr>
                    <th scope="row">{d.day}</th>
                    {PATHS.map((p) => (
                      <td>{d[p.key]}</td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export interface ShareBar {
  key: string;
  label: string;
  share: Share;
}

/** Horizontal bars, one per share, each labelled "label: 42% (21 of 50)". */
export function ShareBars(props: { title: string; id: string; bars: ShareBar[] }) {
  const width = 300;
  const rowHeight = 38;
  const height = Math.max(1, props.bars.length) * rowHeight;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${props.id}-title`}
      data-chart={props.id}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      {props.bars.map((bar, i) => {
        const fraction = bar.share.total === 0 ? 0 : bar.share.count / bar.share.total;
        const text = `${bar.label}: ${percent(bar.share)} (${bar.share.count} of ${bar.share.total})`;
        return (
          <g data-key={bar.key} data-count={bar.share.count} data-total={bar.share.total}>
            <rect x="0" y={i * rowHeight + 16} width={width} height="12" fill="#e9ecef" />
            <rect x="0" y={i * rowHeight + 16} width={fraction * width} height="12" fill="#0b5fff" />
            <text x="0" y={i * rowHeight + 12}>
              {text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
