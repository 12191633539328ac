/** A refusal the CLI prints as one message (what is wrong and the fix) and exits 2 on. */
export class CliError extends Error {
  override name = 'CliError';
}
