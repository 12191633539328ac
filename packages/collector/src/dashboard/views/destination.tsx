/** @jsxImportSource hono/jsx */
/** One destination: sharing, token, test connection, pause, event mapping and options. */
import { SHOP_EVENTS } from '../destinations/mapping.js';
import type { DestinationView, OptionField } from '../ports.js';
import { CsrfField, Layout } from './layout.js';

export interface DestinationPageProps {
  base: string;
  csrf: string;
  dest: DestinationView;
  notice?: string | undefined;
  error?: string | undefined;
  /** Blank mapping rows to show under the saved ones. */
  blankRows: number;
  /** Rows being edited (not saved yet), shown instead of the saved mapping. */
  editing?: Array<[string, string]> | undefined;
}

export function DestinationPage(props: DestinationPageProps) {
  const { base, csrf, dest } = props;
  const page = `${base}/destinations/${encodeURIComponent(dest.destination)}`;
  const action = (what: string) => `${page}/${what}`;
  /** Set in the config file: the forms that change settings are shown disabled. */
  const locked = dest.setInConfig === true;
  const rows = [
    ...(props.editing ?? Object.entries(dest.mapping)),
    ...Array.from({ length: props.blankRows }, () => ['', '']),
  ];
  return (
    <Layout base={base} csrf={csrf} title={dest.label} notice={props.notice} error={props.error}>
      {locked ? (
        <p class="notice" data-testid="set-in-config">
          These settings are set in the config file. Change them there and restart <code>tandem serve</code>;
          the forms below are read-only.
        </p>
      ) : null}
      {dest.problem ? (
        <p class="notice error" data-testid="problem">
          {`Not ready: ${dest.problem}`}
        </p>
      ) : null}
      {(dest.warnings ?? []).map((w) => (
        <p class="notice" data-testid="warning">
          {`Attention: ${w}`}
        </p>
      ))}
      {dest.pausedReason ? (
        <section class="notice error" aria-labelledby="paused-h">
          <h2 id="paused-h">Paused</h2>
          <p>
            Deliveries are paused: <span data-testid="paused-reason">{dest.pausedReason}</span>. Nothing is
            lost; they resume when you paste a new token or resume.
          </p>
          <form method="post" action={action('resume')}>
            <CsrfField token={csrf} />
            <button type="submit">Resume deliveries</button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="sharing-h">
        <h2 id="sharing-h">Data sharing</h2>
        <p>
          Data sharing is <strong data-testid="sharing-state">{dest.enabled ? 'on' : 'off'}</strong>.
        </p>
        <form method="post" action={action('sharing')}>
          <CsrfField token={csrf} />
          <fieldset disabled={locked}>
            <input type="hidden" name="enabled" value={dest.enabled ? 'off' : 'on'} />
            <button type="submit" class={dest.enabled ? 'danger' : ''}>
              {dest.enabled ? 'Turn sharing off' : 'Turn sharing on'}
            </button>
          </fieldset>
        </form>
      </section>
      <section aria-labelledby="token-h">
        <h2 id="token-h">Server token</h2>
        <p data-testid="token-state">
          {dest.tokenLast4
            ? `A token ending in ${dest.tokenLast4} is stored (encrypted).`
            : 'No token stored.'}
        </p>
        <form method="post" action={action('token')}>
          <CsrfField token={csrf} />
          <fieldset disabled={locked}>
            <label for="token">{dest.tokenLast4 ? 'Replace the token' : 'Paste the token'}</label>
            <div class="row">
              <input id="token" name="token" type="password" autocomplete="off" spellcheck={false} required />
              <button type="submit">Save token</button>
            </div>
            {dest.tokenHelp ? <p class="muted">{dest.tokenHelp}</p> : null}
          </fieldset>
        </form>
        <form method="post" action={action('test')}>
          <CsrfField token={csrf} />
          <p class="muted">
            Checks the stored token with the platform (its dry-run or test mode where it has one).
          </p>
          <button type="submit" class="secondary">
            Test connection
          </button>
        </form>
      </section>
      <section aria-labelledby="mapping-h">
        <h2 id="mapping-h">Event mapping</h2>
        <p class="muted">
          Tandem sends two shop events: purchase and refund, as your shop's backend confirms them. Unmapped
          events are not sent. Changes apply to conversions from now on.
        </p>
        <form method="post" action={action('mapping')}>
          <CsrfField token={csrf} />
          <fieldset disabled={locked}>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Shop event</th>
                    <th scope="col">Platform event</th>
                    <th scope="col">Remove</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(([from, to], i) => (
                    <MappingRow index={i} from={from ?? ''} to={to ?? ''} events={dest.platformEvents} />
                  ))}
                </tbody>
              </table>
            </div>
            <div class="row">
              <button type="submit">Save mapping</button>
              <button type="submit" name="more" value={String(props.blankRows + 3)} class="secondary">
                Add rows
              </button>
            </div>
          </fieldset>
        </form>
      </section>
      {dest.fields.length ? (
        <OptionsForm action={action('options')} csrf={csrf} dest={dest} locked={locked} />
      ) : null}
    </Layout>
  );
}

function MappingRow(props: { index: number; from: string; to: string; events: readonly string[] }) {
  const n = props.index + 1;
  return (
    <tr>
      <td>
        <select name="shop[]" aria-label={`Shop event, row ${n}`}>
          <option value="">—</option>
          {SHOP_EVENTS.map((e) => (
            <option value={e} selected={e === props.from}>
              {e}
            </option>
          ))}
          {/* A row saved before only these were offered stays visible, so it can be removed. */}
          {props.from && !(SHOP_EVENTS as readonly string[]).includes(props.from) ? (
            <option value={props.from} selected>
              {`${props.from} (never sent)`}
            </option>
          ) : null}
        </select>
      </td>
      <td>
        <select name="platform[]" aria-label={`Platform event, row ${n}`}>
          <option value="">—</option>
          {props.events.map((e) => (
            <option value={e} selected={e === props.to}>
              {e}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input type="checkbox" name="remove[]" value={String(props.index)} aria-label={`Remove row ${n}`} />
      </td>
    </tr>
  );
}

/** Engineering settings, folded so the marketer's own come first. */
const ADVANCED = new Set(['baseUrl', 'apiVersion', 'perMinute', 'concurrency']);

function OptionsForm(props: { action: string; csrf: string; dest: DestinationView; locked: boolean }) {
  return (
    <section aria-labelledby="options-h">
      <h2 id="options-h">Options</h2>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <fieldset disabled={props.locked}>
          {props.dest.fields
            .filter((f) => !ADVANCED.has(f.key))
            .map((f) => (
              <OptionInput field={f} value={props.dest.options[f.key]} />
            ))}
          {props.dest.fields.some((f) => ADVANCED.has(f.key)) ? (
            <details class="advanced">
              <summary>Advanced</summary>
              {props.dest.fields
                .filter((f) => ADVANCED.has(f.key))
                .map((f) => (
                  <OptionInput field={f} value={props.dest.options[f.key]} />
                ))}
            </details>
          ) : null}
          <button type="submit">Save options</button>
        </fieldset>
      </form>
    </section>
  );
}

function OptionInput(props: { field: OptionField; value: unknown }) {
  const { field: f } = props;
  const id = `opt-${f.key}`;
  const value = props.value === undefined || props.value === null ? '' : String(props.value);
  const choices =
    f.type === 'boolean'
      ? [
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]
      : (f.choices ?? []);
  const current = value || f.defaultValue || '';
  return (
    <div>
      <label for={id}>{f.label}</label>
      {f.type === 'select' || f.type === 'boolean' ? (
        <select id={id} name={f.key}>
          {choices.map((choice) => (
            <option value={choice.value} selected={choice.value === current}>
              {choice.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={f.key}
          type={f.type}
          value={value}
          min={f.min}
          max={f.max}
          step={f.type === 'number' && !f.integer ? 'any' : undefined}
          required={f.required}
          placeholder={f.defaultValue}
        />
      )}
      {f.help ? <p class="muted">{f.help}</p> : null}
    </div>
  );
}
