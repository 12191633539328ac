/** @jsxImportSource hono/jsx */
import { Layout } from './layout.js';

export function LoginPage(props: { base: string; token: string; error?: string | undefined }) {
  return (
    <Layout base={props.base} title="Log in" error={props.error}>
      <section>
        <form method="post" action={`${props.base}/login`}>
          <input type="hidden" name="csrf" value={props.token} />
          <label for="secret">Admin secret</label>
          <div class="row">
            <input id="secret" name="secret" type="password" autocomplete="current-password" required />
            <button type="submit">Log in</button>
          </div>
          <p class="muted">The secret is set where the collector runs (see DASHBOARD.md).</p>
        </form>
      </section>
    </Layout>
  );
}
