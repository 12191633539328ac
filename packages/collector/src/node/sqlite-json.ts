/** SQL spellings of JavaScript readings of outbox payloads, shared by the read model's queries. */

/** A row's conversion time; the same expression as the `outbox_conversion_time` index. */
export const ROW_TIME = `(CASE WHEN json_type(payload, '$.time') IN ('integer', 'real')
  THEN json_extract(payload, '$.time') ELSE created_at END)`;

/** SQL for "the value at `path` of the JSON in `column` is truthy in JavaScript". */
export function truthy(column: string, path: string): string {
  const value = `json_extract(${column}, ${path})`;
  return `(CASE json_type(${column}, ${path})
    WHEN 'true' THEN 1 WHEN 'object' THEN 1 WHEN 'array' THEN 1
    WHEN 'integer' THEN ${value} <> 0 WHEN 'real' THEN ${value} <> 0
    WHEN 'text' THEN ${value} <> '' ELSE 0 END)`;
}
