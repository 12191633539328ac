/**
 * A small Prometheus registry: counters and histograms with labels, rendered in the text
 * exposition format. Label values come only from fixed sets (see `labels.ts`), so a hostile
 * client cannot grow the number of series.
 */

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

type Labels = Record<string, string>;

interface Histogram {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}` : '';
};

export interface Metrics {
  inc(name: string, help: string, labels?: Labels, by?: number): void;
  observe(name: string, help: string, labels: Labels, seconds: number): void;
  /** The exposition text; `gauges` are read fresh at scrape time. */
  render(
    gauges?: Array<{ name: string; help: string; samples: Array<{ labels: Labels; value: number }> }>,
  ): string;
}

export function createMetrics(): Metrics {
  const counters = new Map<string, { help: string; series: Map<string, number> }>();
  const histograms = new Map<string, { help: string; series: Map<string, Histogram> }>();
  return {
    inc(name, help, labels = {}, by = 1) {
      const family = counters.get(name) ?? { help, series: new Map() };
      counters.set(name, family);
      const key = labelText(labels);
      family.series.set(key, (family.series.get(key) ?? 0) + by);
    },
    observe(name, help, labels, seconds) {
      const family = histograms.get(name) ?? { help, series: new Map() };
      histograms.set(name, family);
      const key = labelText(labels);
      const h = family.series.get(key) ?? { labels, counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      family.series.set(key, h);
      BUCKETS.forEach((le, i) => {
        if (seconds <= le) h.counts[i]!++;
      });
      h.sum += seconds;
      h.count++;
    },
    render(gauges = []) {
      const out: string[] = [];
      for (const [name, family] of counters) {
        out.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} counter`);
        for (const [key, value] of family.series) out.push(`${name}${key} ${value}`);
      }
      for (const [name, family] of histograms) {
        out.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} histogram`);
        for (const h of family.series.values()) {
          BUCKETS.forEach((le, i) =>
            out.push(`${name}_bucket${labelText({ ...h.labels, le: String(le) })} ${h.counts[i]}`),
          );
          out.push(`${name}_bucket${labelText({ ...h.labels, le: '+Inf' })} ${h.count}`);
          out.push(
            `${name}_sum${labelText(h.labels)} ${h.sum}`,
            `${name}_count${labelText(h.labels)} ${h.count}`,
          );
        }
      }
      for (const g of gauges) {
        out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
        for (const s of g.samples) out.push(`${g.name}${labelText(s.labels)} ${s.value}`);
      }
      return out.join('\n') + '\n';
    },
  };
}
