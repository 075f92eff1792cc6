#!/usr/bin/env node
// Checks the dependency rule of docs/architecture.md (.dependency-cruiser.cjs) with
// dependency-cruiser; `npm run lint` runs it. Usage: scripts/check-deps.mjs [--help]
//
// why a JavaScript copy of the tree: dependency-cruiser reads TypeScript through the JS API of
// the `typescript` package, which the native typescript 7 does not have, so it would silently
// skip every .ts file. amaro (the type stripper inside Node, as a package: Node itself no longer
// transforms parameter properties) turns each source into JavaScript instead, with type-only
// imports kept as imports: a cycle of types ties modules together as much as any.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'amaro';
import { cruise } from 'dependency-cruiser';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** the folders checked by default: all source, tests and tools. */
export const SOURCE_FOLDERS = [
  'protocol',
  'instrumentation',
  'processors',
  'cli',
  'test',
  'bench',
  'examples',
];

/** `import type {...}`, `export type {...}` and `{ type X }` specifiers become plain ones. */
function keepTypeImports(source) {
  return source.replace(/^(import|export)\b[^;]*?\bfrom\s*['"][^'"\n]+['"]/gms, (statement) =>
    statement.replace(/^(import|export)\s+type\b/, '$1').replace(/([{,]\s*)type\s+(?=[\w$])/g, '$1'),
  );
}

function listSources(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') listSources(path, out);
    } else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

/** writes the JavaScript copy of `folders` under `dest`; .ts becomes .js, so rules match either. */
function writeJavaScriptTree(root, folders, dest) {
  for (const folder of folders) {
    for (const file of listSources(join(root, folder))) {
      const rel = relative(root, file);
      let text = readFileSync(file, 'utf8');
      if (/\.[mc]?ts$/.test(rel)) text = transformSync(keepTypeImports(text), { mode: 'transform' }).code;
      const target = join(dest, rel.replace(/\.([mc]?)ts$/, '.$1js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
}

/**
 * the rule violations of the tree at `root` (its `folders`), as `{ rule, from, to, cycle }` with
 * paths relative to root; empty when the tree keeps the rules.
 */
export async function checkDependencies({ root = ROOT, folders = SOURCE_FOLDERS } = {}) {
  const ruleSet = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs'));
  const copy = mkdtempSync(join(tmpdir(), 'agent-otel-deps-'));
  try {
    writeJavaScriptTree(root, folders, copy);
    const present = folders.filter((f) => readdirSync(copy).includes(f));
    const result = await cruise(present, { ...ruleSet.options, ruleSet, validate: true, baseDir: copy });
    const asSource = (p) => p.replace(/\.([mc]?)js$/, '.$1ts');
    return result.output.summary.violations.map((v) => ({
      rule: v.rule.name,
      from: asSource(v.from),
      to: asSource(v.to),
      cycle: v.cycle?.map((step) => asSource(step.name)),
    }));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--help')) {
    process.stdout.write(
      'usage: scripts/check-deps.mjs\nchecks import cycles and the folder rules of .dependency-cruiser.cjs; exits 1 naming each violation\n',
    );
    process.exit(0);
  }
  const violations = await checkDependencies();
  for (const v of violations) {
    const detail = v.cycle ? `cycle ${[v.from, ...v.cycle].join(' -> ')}` : `${v.from} -> ${v.to}`;
    process.stderr.write(`${v.rule}: ${detail}\n`);
  }
  if (violations.length > 0) process.exit(1);
  process.stdout.write(`dependency rules: ${SOURCE_FOLDERS.join(', ')} clean\n`);
}
