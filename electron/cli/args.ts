/**
 * Command-line argument rules shared by the terminal entry points (the CLI and `npm run web`):
 * where the command name is among global options, and what counts as a number.
 */

/**
 * The index of the command name in argv: the first argument that is neither an option nor the
 * value of a global option that takes one, so `--db FILE numbers` finds "numbers" as git and
 * npm would. -1 when there is none.
 */
export function commandIndex(argv: readonly string[], globalsTakingValues: ReadonlySet<string>): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (!arg.startsWith('-') || arg === '-') return i;
    if (!arg.includes('=') && globalsTakingValues.has(arg.replace(/^--?/, ''))) i++;
  }
  return -1;
}

/**
 * A whole number written in decimal digits, within [min, max]; null otherwise. Number() would
 * also take "0x10", "1e3", " 7 " and "" (as 0), none of which a user means as a count.
 */
export function parseDecimal(text: string, min: number, max: number): number | null {
  if (!/^-?\d{1,15}$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}
