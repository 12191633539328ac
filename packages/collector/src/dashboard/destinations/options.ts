/**
 * Reads a destination's option fields from a form into the whole options object, typed by the
 * field descriptors. A blank field becomes `null`: the stored value is removed, so its default
 * applies (or the optional setting is cleared). Range and format checks beyond types belong to the destination's schema, applied when
 * the settings service saves.
 */
import type { OptionField } from '../ports.js';

export type OptionsResult = { ok: true; options: Record<string, unknown> } | { ok: false; message: string };

export function readOptions(
  fieldsList: readonly OptionField[],
  form: (key: string) => string,
): OptionsResult {
  const options: Record<string, unknown> = {};
  for (const f of fieldsList) {
    const raw = form(f.key).trim();
    if (raw === '') {
      if (f.required) return { ok: false, message: `${f.label}: this field is required.` };
      options[f.key] = null;
      continue;
    }
    if (f.type === 'number') {
      const value = Number(raw);
      if (!Number.isFinite(value) || (f.integer && !Number.isInteger(value))) {
        return { ok: false, message: `${f.label}: enter a ${f.integer ? 'whole ' : ''}number.` };
      }
      if ((f.min !== undefined && value < f.min) || (f.max !== undefined && value > f.max)) {
        return { ok: false, message: `${f.label}: enter a number from ${f.min ?? '-∞'} to ${f.max ?? '∞'}.` };
      }
      options[f.key] = value;
    } else if (f.type === 'boolean') {
      if (raw !== 'true' && raw !== 'false') return { ok: false, message: `${f.label}: choose yes or no.` };
      options[f.key] = raw === 'true';
    } else if (f.type === 'select') {
      if (!f.choices?.some((choice) => choice.value === raw)) {
        return { ok: false, message: `${f.label}: choose one of the listed values.` };
      }
      options[f.key] = raw;
    } else {
      options[f.key] = raw;
    }
  }
  return { ok: true, options };
}
