import { ConfigError } from '../../protocol/config-file';

// config files use snake_case keys everywhere. camelCase keys from before are still read, for
// now, each with one warning naming the key and its snake_case form.

/** user data, kept as it is: resource attributes, webhook headers and bodies, alert labels. */
const OPAQUE = new Set(['resource', 'headers', 'body', 'labels']);
/** maps keyed by names the user chose (roles, agent ids) whose values are config again. */
const NAMED_MAPS = new Set(['roles', 'agents']);

/** `exportIntervalMs` -> `export_interval_ms`; a snake_case key is returned as it is. */
export function snakeCaseKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

const warned = new Set<string>();

/**
 * A copy of a parsed config document with every camelCase key renamed to snake_case. Each
 * renamed key is warned about once per process; a key given in both forms is a ConfigError.
 */
export function normalizeConfigKeys(
  value: unknown,
  source: string,
  warn: (message: string) => void,
): unknown {
  const walk = (v: unknown, path: string): unknown => {
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${path}${i}.`));
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(v)) {
      const snake = snakeCaseKey(key);
      if (snake !== key) {
        if (Object.hasOwn(v, snake)) {
          throw new ConfigError(
            `invalid configuration in ${source}:\n  ${path}${key}: given twice, as '${path}${key}' and '${path}${snake}'; keep '${path}${snake}'`,
          );
        }
        const id = `${source}\u0000${path}${key}`;
        if (!warned.has(id)) {
          warned.add(id);
          warn(`${source}: config key '${path}${key}' is deprecated, use '${path}${snake}'`);
        }
      }
      out[snake] = OPAQUE.has(snake)
        ? child
        : NAMED_MAPS.has(snake)
          ? namedMap(child, `${path}${snake}.`)
          : walk(child, `${path}${snake}.`);
    }
    return out;
  };
  const namedMap = (v: unknown, path: string): unknown =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).map(([name, child]) => [name, walk(child, `${path}${name}.`)]))
      : v;
  return walk(value, '');
}
