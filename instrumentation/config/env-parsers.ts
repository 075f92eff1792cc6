import { diag } from '@opentelemetry/api';
import { COUNTER_NAMESPACE } from '../../protocol/counter-naming';

// small validators for environment values: each returns undefined for unset or invalid input,
// and an invalid one gets exactly one warning naming the variable, the value, what is allowed
// and the fallback.

export type Env = Record<string, string | undefined>;

export function warnInvalid(name: string, value: string, allowed: string, fallback: string): void {
  diag.warn(`agent-otel: ${name}="${value}" is invalid; allowed: ${allowed}; using ${fallback}`);
}

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

export function str(env: Env, name: string): string | undefined {
  return raw(env, name);
}

export function bool(env: Env, name: string, fallback: string): boolean | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  warnInvalid(name, value, 'true, false', fallback);
  return undefined;
}

export function positiveInt(env: Env, name: string, fallback: string): number | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n > 0) return n;
  warnInvalid(name, value, 'a positive integer', fallback);
  return undefined;
}

export function ratio(env: Env, name: string, fallback: string): number | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0 && n <= 1) return n;
  warnInvalid(name, value, 'a number from 0 to 1', fallback);
  return undefined;
}

export function oneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: string,
): T | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if ((allowed as readonly string[]).includes(lower)) return lower as T;
  warnInvalid(name, value, allowed.join(', '), fallback);
  return undefined;
}

/** a comma-separated list of allowed names; each unknown one is warned about and skipped. */
export function namesOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T[] | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const out: T[] = [];
  for (const part of value.split(',')) {
    const item = part.trim().toLowerCase();
    if (item === '') continue;
    if ((allowed as readonly string[]).includes(item)) out.push(item as T);
    else warnInvalid(name, part.trim(), allowed.join(', '), 'skipping that name');
  }
  return out;
}

export function httpUrl(env: Env, name: string, fallback: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // falls through to the warning
  }
  warnInvalid(name, value, 'an http:// or https:// url', fallback);
  return undefined;
}

export function identifier(env: Env, name: string, fallback: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  if (COUNTER_NAMESPACE.test(value)) return value;
  warnInvalid(name, value, 'letters, digits and _ (not starting with a digit)', fallback);
  return undefined;
}

/** `OTEL_RESOURCE_ATTRIBUTES`: `key=value` pairs, comma separated, values percent-encoded. */
export function keyValueList(env: Env, name: string): Record<string, string> | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const part of value.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    let decoded: string | undefined;
    try {
      decoded = eq > 0 ? decodeURIComponent(part.slice(eq + 1).trim()) : undefined;
    } catch {
      decoded = undefined;
    }
    if (key === '' || decoded === undefined) {
      warnInvalid(
        name,
        part,
        'comma-separated key=value pairs (values percent-encoded)',
        'skipping that pair',
      );
      continue;
    }
    out[key] = decoded;
  }
  return out;
}

/**
 * `OTEL_{TRACES,METRICS,LOGS}_EXPORTER`: a comma-separated list of exporters. `none` on its own
 * turns the signal off (an empty list); next to other names it is warned about and skipped, as is
 * each unknown name. undefined when nothing valid is left, so the default applies.
 */
export function exporterList<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: string,
): Exclude<T, 'none'>[] | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 1 && parts[0]?.toLowerCase() === 'none') return [];
  const known = parts.filter((part) => (allowed as readonly string[]).includes(part.toLowerCase()));
  const out = known.map((part) => part.toLowerCase()).filter((part) => part !== 'none') as Exclude<
    T,
    'none'
  >[];
  for (const part of parts) {
    if (part.toLowerCase() === 'none') {
      diag.warn(`agent-otel: ${name}="none" only works on its own; skipping it in "${value}"`);
    } else if (!known.includes(part)) {
      warnInvalid(name, part, allowed.join(', '), out.length > 0 ? 'skipping that value' : fallback);
    }
  }
  return out.length > 0 ? [...new Set(out)] : undefined;
}
