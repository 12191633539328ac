/** @jsxImportSource hono/jsx */
/** A row's attempts, newest first: when, the platform's status, the body as sent, the answer. */
import type { Attempt } from '../../storage/types.js';
import { utcSecond } from './text.js';

export function AttemptList(props: { attempts: Attempt[] }) {
  return (
    <ol class="attempts" data-testid="attempt-list">
      {props.attempts.map((a) => (
        <AttemptItem attempt={a} />
      ))}
    </ol>
  );
}

function AttemptItem(props: { attempt: Attempt }) {
  const a = props.attempt;
  const ok = a.status !== undefined && a.status >= 200 && a.status < 300;
  const part = a.batchSize > 1 ? `; this event's part of a request that carried ${a.batchSize} events` : '';
  return (
    <li
      data-testid="attempt"
      data-n={String(a.n)}
      data-status={a.status === undefined ? 'none' : String(a.status)}
    >
      <h4>
        {`Attempt ${a.n} · ${utcSecond(a.at)} UTC · `}
        <span class={`badge ${ok ? 's-delivered' : 's-retrying'}`} data-testid="attempt-status">
          {a.status === undefined ? 'no answer' : `HTTP ${a.status}`}
        </span>
      </h4>
      <p class="muted">{`POST ${a.url}${part}; hashed fields as sent, the token never shown.`}</p>
      <pre data-testid="attempt-body" aria-label={`Request body of attempt ${a.n}`}>
        {a.body}
      </pre>
      <p class="muted">{a.error === undefined ? 'The answer:' : 'No answer:'}</p>
      <pre data-testid="attempt-response" aria-label={`Answer to attempt ${a.n}`}>
        {a.error ?? (a.response || '(empty)')}
      </pre>
    </li>
  );
}
