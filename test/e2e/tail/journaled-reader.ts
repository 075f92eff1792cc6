// a child process that follows `<dir>/c.jsonl` and `c.jsonl.*` with the tail reader and
// journals every poll as one line: the ids of the lines it handed over and the positions after
// them. One append per poll makes the journal its own checkpoint: a record cut short by SIGKILL
// is ignored, so the ids of a poll count exactly when its positions were kept.
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type FilePosition, TailReader } from '../../../processors/tail';

export interface JournalRecord {
  ids: number[];
  /** lines that were not one of the writer's lines: must stay empty. */
  strange: string[];
  positions: FilePosition[];
}

export function readJournal(path: string): JournalRecord[] {
  if (!existsSync(path)) return [];
  const records: JournalRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      // empty, or cut short by a kill
    }
  }
  return records;
}

function main(dir: string): void {
  const file = join(dir, 'c.jsonl');
  const journal = join(dir, 'journal.ndjson');
  const reader = new TailReader({ include: [file, `${file}.*`] });
  const last = readJournal(journal).at(-1);
  if (last) reader.restore(last.positions);
  const fd = openSync(journal, 'a');
  writeSync(fd, '\n'); // ends a record cut short by the previous kill
  let first = true;
  const poll = () => {
    const record: JournalRecord = { ids: [], strange: [], positions: [] };
    reader.poll(
      (line) => {
        const text = line.bytes.toString('utf8');
        const id = /^\{"id":(\d+),/.exec(text)?.[1];
        if (id === undefined) record.strange.push(`${line.path}:${line.lineNo}: ${text.slice(0, 80)}`);
        else record.ids.push(Number(id));
      },
      (r) => record.strange.push(`${r.path}:${r.lineNo}: rejected ${r.reason}`),
    );
    // a poll that handed nothing over need not be kept: restarting from an older record is a
    // restart from an older checkpoint, which the reader must handle anyway.
    if (first || record.ids.length > 0 || record.strange.length > 0) {
      record.positions = reader.snapshot();
      writeSync(fd, `${JSON.stringify(record)}\n`);
    }
    if (first) process.send?.('ready');
    first = false;
    // polling without pause keeps a poll under way whenever the writer rotates: the races to catch
    setImmediate(poll);
  };
  process.on('SIGTERM', () => {
    closeSync(fd);
    process.exit(0);
  });
  poll();
}

if (require.main === module) main(process.argv[2]!);
