/** @jsxImportSource hono/jsx */
/** The page frame: navigation, notices, and a form to log out. No script anywhere. */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { styles } from './styles.js';

export interface PageFrame {
  base: string;
  title: string;
  /** The session's CSRF token; absent on the login page. */
  csrf?: string;
  notice?: string;
  error?: string;
  /** Seconds between automatic reloads (the live deliveries list). */
  refreshSeconds?: number;
}

export function Layout(props: PageFrame & { children?: Child }) {
  const { base, title, csrf } = props;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {props.refreshSeconds ? <meta http-equiv="refresh" content={String(props.refreshSeconds)} /> : null}
          <title>{`${title} · Tandem`}</title>
          <style>{raw(styles)}</style>
        </head>
        <body>
          <header>
            <strong>Tandem</strong>
            {csrf ? (
              <>
                <nav aria-label="Dashboard">
                  <a href={base}>Overview</a>
                  <a href={`${base}/destinations`}>Destinations</a>
                  <a href={`${base}/deliveries`}>Deliveries</a>
                </nav>
                <form method="post" action={`${base}/logout`}>
                  <CsrfField token={csrf} />
                  <button type="submit" class="secondary">
                    Log out
                  </button>
                </form>
              </>
            ) : null}
          </header>
          <main>
            <h1>{title}</h1>
            {props.notice ? (
              <p class="notice" role="status">
                {props.notice}
              </p>
            ) : null}
            {props.error ? (
              <p class="notice error" role="alert">
                {props.error}
              </p>
            ) : null}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="csrf" value={props.token} />;
}
