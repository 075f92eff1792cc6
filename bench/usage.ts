/**
 * prints the bench's usage and returns true when it was asked for (--help or -h); a bench
 * checks this before it starts anything, so asking for help never starts a run.
 */
export function helpRequested(usage: string): boolean {
  if (!process.argv.includes('--help') && !process.argv.includes('-h')) return false;
  console.log(usage);
  return true;
}
