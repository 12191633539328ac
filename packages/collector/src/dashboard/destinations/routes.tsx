/** @jsxImportSource hono/jsx */
/** Destination pages and their forms. Every change goes through the settings service in one save. */
import { Hono, type Context } from 'hono';
import { field, fields, type DashboardContext, type DashboardEnv } from '../context.js';
import type { DestinationView, SettingsPatch } from '../ports.js';
import { DestinationPage } from '../views/destination.js';
import { DestinationsPage } from '../views/destinations.js';
import { readMapping } from './mapping.js';
import { readOptions } from './options.js';

const DONE: Record<string, string> = {
  'sharing-on': 'Data sharing is on.',
  'sharing-off': 'Data sharing is off.',
  token: 'Token saved. It is stored encrypted and will not be shown again.',
  mapping: 'Mapping saved. It applies to conversions from now on.',
  options: 'Options saved.',
  resumed: 'Deliveries resumed.',
};

export function destinationRoutes(ctx: DashboardContext) {
  const { settings } = ctx.deps;
  const find = async (name: string) => (await settings.describe()).find((d) => d.destination === name);
  const render = (
    c: Context<DashboardEnv>,
    dest: DestinationView,
    extra: {
      notice?: string;
      error?: string;
      editing?: Array<[string, string]>;
      blankRows?: number;
      status?: 400 | 409;
    },
  ) =>
    c.html(
      <DestinationPage
        base={ctx.base}
        csrf={c.get('session').csrf}
        dest={dest}
        notice={extra.notice}
        error={extra.error}
        editing={extra.editing}
        blankRows={Math.min(50, Math.max(2, extra.blankRows ?? 2))}
      />,
      extra.error ? (extra.status ?? 400) : 200,
    );
  const notFound = (c: Context<DashboardEnv>) => c.html(<p>No destination with that name.</p>, 404);
  /** Saves one patch: on success back to the page with a notice, on refusal the page with the reason. */
  const save = async (
    c: Context<DashboardEnv>,
    dest: DestinationView,
    patch: SettingsPatch,
    done: string,
  ) => {
    const result = await settings.save(dest.destination, patch);
    if (!result.ok) {
      return render(c, dest, {
        error: result.where ? `${result.message} (at ${result.where})` : result.message,
        ...(result.status && { status: result.status }),
      });
    }
    return c.redirect(`${ctx.base}/destinations/${encodeURIComponent(dest.destination)}?done=${done}`, 303);
  };

  return new Hono<DashboardEnv>()
    .get('/destinations', async (c) =>
      c.html(
        <DestinationsPage base={ctx.base} csrf={c.get('session').csrf} list={await settings.describe()} />,
      ),
    )
    .get('/destinations/:name', async (c) => {
      const dest = await find(c.req.param('name'));
      if (!dest) return notFound(c);
      return render(c, dest, { notice: DONE[c.req.query('done') ?? ''] });
    })
    .post('/destinations/:name/:action', async (c) => {
      const dest = await find(c.req.param('name'));
      if (!dest) return notFound(c);
      const form = c.get('form');
      const action = c.req.param('action');
      // Set in the config file: the settings service refuses every change (409), whatever the form says.
      if (dest.setInConfig && action !== 'test' && action !== 'resume') return save(c, dest, {}, action);
      switch (action) {
        case 'sharing': {
          const on = field(form, 'enabled') === 'on';
          return save(c, dest, { enabled: on }, on ? 'sharing-on' : 'sharing-off');
        }
        case 'token': {
          const token = field(form, 'token').trim();
          if (!token) return render(c, dest, { error: 'Paste the token first.' });
          return save(c, dest, { token }, 'token');
        }
        case 'test': {
          // The sample event claims the shop's home page: the dashboard is served on the shop's domain.
          const result = await settings.testConnection(dest.destination, {
            pageUrl: new URL('/', c.req.url).href,
          });
          const text = `Test connection (${result.mode}): ${result.message}`;
          return render(
            c,
            (await find(dest.destination)) ?? dest,
            result.ok ? { notice: text } : { error: text },
          );
        }
        case 'mapping': {
          const [shop, platform, remove] = [
            fields(form, 'shop'),
            fields(form, 'platform'),
            fields(form, 'remove'),
          ];
          const more = Number(field(form, 'more'));
          if (more) {
            // "Add rows" re-shows the form with what was typed, unsaved, and more blank rows: no script needed.
            const editing = shop
              .map((from, i): [string, string] => [from, platform[i] ?? ''])
              .filter(([from, to], i) => (from || to) && !remove.includes(String(i)));
            return render(c, dest, { editing, blankRows: more });
          }
          const parsed = readMapping(shop, platform, remove, dest.platformEvents);
          if (!parsed.ok) return render(c, dest, { error: parsed.message });
          return save(c, dest, { mapping: parsed.mapping }, 'mapping');
        }
        case 'options': {
          const parsed = readOptions(dest.fields, (key) => field(form, key));
          if (!parsed.ok) return render(c, dest, { error: parsed.message });
          return save(c, dest, { options: parsed.options }, 'options');
        }
        case 'resume':
          return save(c, dest, { resume: true }, 'resumed');
        default:
          return notFound(c);
      }
    });
}
