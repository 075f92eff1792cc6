import { globSync } from 'node:fs';
import { matchesGlob, resolve } from 'node:path';

/** an include pattern with `{name}` placeholders compiled to a glob and a capture regex. */
export interface IncludePattern {
  source: string;
  glob: string;
  names: string[];
  regex: RegExp;
}

function escapeRegex(text: string): string {
  return text.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

/** `logs/{agent}/*.log` -> glob `logs/*\/*.log`, capturing `agent` from the matching segment. */
export function compileInclude(pattern: string): IncludePattern {
  const absolute = resolve(pattern);
  const names: string[] = [];
  let regex = '';
  const parts = absolute.split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/);
  for (const part of parts) {
    const placeholder = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(part);
    if (placeholder) {
      names.push(placeholder[1]);
      regex += '([^/]+)';
    } else {
      // `**` spans directories, `*` and `?` stay within one path segment.
      regex += escapeRegex(part)
        .split('**')
        .map((segment) => segment.replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
        .join('.*');
    }
  }
  const glob = absolute.replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, '*');
  return { source: pattern, glob, names, regex: new RegExp(`^${regex}$`) };
}

/** placeholder values of the first pattern that matches `path`. */
export function capturesOf(patterns: IncludePattern[], path: string): Record<string, string> {
  for (const pattern of patterns) {
    const match = pattern.regex.exec(path);
    if (!match) continue;
    const out: Record<string, string> = {};
    pattern.names.forEach((name, i) => {
      out[name] = match[i + 1];
    });
    return out;
  }
  return {};
}

/** absolute paths of all files matching the includes and none of the excludes, sorted. */
export function discoverFiles(patterns: IncludePattern[], exclude: string[]): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const path of globSync(pattern.glob)) found.add(resolve(path));
  }
  return [...found].filter((path) => !exclude.some((glob) => matchesGlob(path, glob))).sort();
}
