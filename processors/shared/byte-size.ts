// the body limits of the config files are express-style sizes ('1mb', '4kb'); a listener that
// reads its body without body-parser needs the same number. The `bytes` package that
// body-parser uses is not a dependency of ours, and the grammar we accept is this small.
const SIZE = /^(\d+(?:\.\d+)?) *(b|kb|mb|gb)?$/i;
const UNIT: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** bytes in an express-style size (`512`, `512b`, `4kb`, `1.5mb`; 1 kb = 1024 b), or undefined. */
export function parseByteSize(size: string): number | undefined {
  const m = SIZE.exec(size.trim());
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * UNIT[(m[2] ?? 'b').toLowerCase()]);
}
