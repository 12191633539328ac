/**
 * Event properties as the collector's schema accepts them (`EventProps` in the protocol). The
 * collector refuses a whole batch over one bad field, so whatever the page passes is cut to fit
 * here: IDs that do not fit are dropped (a cut ID is a wrong ID), free text is shortened, and a
 * value of a type the schema has no place for is left out. At most 30 keys and 50 products, so
 * one event stays far below the 64 KiB a page may have in flight at unload.
 */
import type { EventProps } from '@tandem/protocol';
import { fit } from './fit.js';

/** A finite number >= 0; numeric strings such as "12.50" count. */
const amount = (v: unknown): number | undefined => {
  const n = typeof v == 'string' ? +v : v;
  return typeof n == 'number' && n >= 0 && n < 1e15 ? n : undefined;
};

export function cleanProps(raw: unknown): EventProps {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys((typeof raw == 'object' && raw) || 0).slice(0, 30)) {
    const v = (raw as Record<string, unknown>)[k];
    out[k] =
      k == 'value'
        ? amount(v)
        : k == 'currency'
          ? typeof v == 'string' && /^[a-z]{3}$/i.test(v)
            ? v.toUpperCase()
            : undefined
          : k == 'products'
            ? Array.isArray(v)
              ? v.slice(0, 50).flatMap((p: Record<string, unknown> | null) => {
                  const q = amount(p?.quantity)!;
                  const id = fit(p?.id);
                  return id
                    ? [
                        {
                          id,
                          price: amount(p!.price),
                          quantity: q % 1 || q > 1e5 ? undefined : q || undefined,
                          category: fit(p!.category),
                        },
                      ]
                    : [];
                })
              : undefined
            : k == 'order_id'
              ? fit(v)
              : k == 'event_id' || k.length > 64
                ? undefined
                : typeof v == 'string'
                  ? v.slice(0, 500)
                  : v === null || typeof v == 'boolean' || Number.isFinite(v)
                    ? v
                    : undefined;
  }
  // no undefined values: the pixels get these properties too
  return JSON.parse(JSON.stringify(out));
}
