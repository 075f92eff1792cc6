import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { FileSnapshot } from '../../../processors/tail/file-snapshot';
import { TAIL_CHECK_BYTES } from '../../../processors/tail/fingerprint';
import { matchFiles } from '../../../processors/tail/matcher';
import { RotatedNames } from '../../../processors/tail/rotated-names';
import { DEFAULT_ROTATED_SUFFIXES, type FilePosition } from '../../../processors/tail/types';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const FINGERPRINT_BYTES = 32;

/** a file held in memory: path, inode number and content. */
function file(path: string, ino: number, text: string): FileSnapshot {
  const content = Buffer.from(text);
  return {
    path,
    dev: 1,
    ino,
    size: content.length,
    sourceSize: content.length,
    head: content.subarray(0, FINGERPRINT_BYTES),
    bytesAt: (offset, length) => content.subarray(offset, offset + length),
    hashBefore: (offset) => sha(content.subarray(Math.max(0, offset - TAIL_CHECK_BYTES), offset)),
  };
}

/** the position of a reader that consumed `offset` bytes of `text`, read from `path` on inode `ino`. */
function position(id: string, path: string, ino: number, text: string, offset = text.length): FilePosition {
  const content = Buffer.from(text);
  const head = content.subarray(0, Math.min(FINGERPRINT_BYTES, content.length));
  return {
    id,
    path,
    fingerprint: sha(head),
    fingerprintSize: head.length,
    offset,
    lineNo: 0,
    tailHash: sha(content.subarray(Math.max(0, offset - TAIL_CHECK_BYTES), offset)),
    skipping: false,
    dev: 1,
    ino,
    seenAt: 0,
  };
}

let ids = 0;
const context = (startAt: 'beginning' | 'end' = 'beginning') => ({
  fingerprintBytes: FINGERPRINT_BYTES,
  startAt,
  rotatedNames: new RotatedNames(DEFAULT_ROTATED_SUFFIXES),
  newId: () => `new${ids++}`,
  now: 0,
});

const A = 'agent started\nline one\n';
const LONG = `${'agent started, a first line longer than the fingerprint\n'}more\n`;

interface Row {
  name: string;
  files: FileSnapshot[];
  positions: FilePosition[];
  startAt?: 'beginning' | 'end';
  /** per file: the id of the position it continues, where its new position starts, or 'none'. */
  expect: (string | { at: number; copyOf?: string })[];
}

// which file is which, decided from snapshots and positions alone.
const rows: Row[] = [
  {
    name: 'a file never seen starts at 0',
    files: [file('/l/a/x.log', 1, A)],
    positions: [],
    expect: [{ at: 0 }],
  },
  {
    name: 'a first start at the end starts past the end',
    files: [file('/l/a/x.log', 1, A)],
    positions: [],
    startAt: 'end',
    expect: [{ at: A.length }],
  },
  {
    name: 'same inode, content continuing: the same file, even renamed',
    files: [file('/l/a/x.log.1', 1, `${A}more\n`)],
    positions: [position('p', '/l/a/x.log', 1, A)],
    expect: ['p'],
  },
  {
    name: 'same inode, content not continuing (truncated and rewritten): a new file',
    files: [file('/l/a/x.log', 1, 'other\n')],
    positions: [position('p', '/l/a/x.log', 1, A)],
    expect: [{ at: 0 }],
  },
  {
    name: 'the same bytes in another agent directory: another file, read whole',
    files: [file('/l/a/x.log', 1, A), file('/l/b/x.log', 2, A)],
    positions: [position('p', '/l/a/x.log', 1, A)],
    expect: ['p', { at: 0 }],
  },
  {
    name: 'the same bytes after the first agent file is gone: still another file',
    files: [file('/l/b/x.log', 2, A)],
    positions: [position('p', '/l/a/x.log', 1, A)],
    expect: [{ at: 0 }],
  },
  {
    name: 'the same bytes under an unrelated name in the same directory: another file',
    files: [file('/l/a/x.log', 1, A), file('/l/a/y.log', 2, A)],
    positions: [position('p', '/l/a/x.log', 1, A)],
    expect: ['p', { at: 0 }],
  },
  {
    name: 'copytruncate copy under a rotated name, source still there: a copy, past its end',
    files: [file('/l/a/x.log', 1, A), file('/l/a/x.log.1', 2, A)],
    positions: [position('p', '/l/a/x.log', 1, A)],
    expect: ['p', { at: A.length, copyOf: 'p' }],
  },
  {
    name: 'a dated rotated name counts too',
    files: [file('/l/a/x.log', 1, A), file('/l/a/x.log-20261201', 2, A)],
    positions: [position('p', '/l/a/x.log', 1, A)],
    expect: ['p', { at: A.length, copyOf: 'p' }],
  },
  {
    name: 'copytruncate while down: the copy continues the position, the truncated file is new',
    files: [file('/l/a/x.log', 1, 'new\n'), file('/l/a/x.log.1', 2, `${LONG}unread\n`)],
    positions: [position('p', '/l/a/x.log', 1, LONG)],
    expect: [{ at: 0 }, 'p'],
  },
  {
    name: 'a new file under the path of a truncated file, with the same first line: new',
    files: [file('/l/a/x.log', 3, A), file('/l/a/x.log.1', 1, '')],
    positions: [position('p', '/l/a/x.log', 1, A)],
    // an empty file gets no position until it has bytes
    expect: [{ at: 0 }, 'none'],
  },
  {
    name: 'same path, other inode, the old inode gone: continues (a restore after the device changed)',
    files: [file('/l/a/x.log', 7, `${LONG}next\n`)],
    positions: [position('p', '/l/a/x.log', 1, LONG)],
    expect: ['p'],
  },
  {
    name: 'move/create: the new file under the old name is new even with the same first bytes',
    files: [file('/l/a/x.log', 2, A), file('/l/a/x.log.1', 1, `${A}tail\n`)],
    positions: [position('p', '/l/a/x.log', 1, A)],
    expect: [{ at: 0 }, 'p'],
  },
];

describe('matchFiles', () => {
  for (const row of rows) {
    it(row.name, () => {
      const claims = matchFiles(row.files, row.positions, context(row.startAt));
      const got = row.files.map((f) => {
        const claim = claims.find((c) => c.file === f);
        if (!claim) return 'none';
        if (!claim.created) return claim.position.id;
        return claim.position.copyOf
          ? { at: claim.position.offset, copyOf: claim.position.copyOf }
          : { at: claim.position.offset };
      });
      assert.deepEqual(got, row.expect);
    });
  }

  it('changes none of the positions it is given', () => {
    const positions = [position('p', '/l/a/x.log', 1, A)];
    const before = structuredClone(positions);
    matchFiles([file('/l/a/x.log.1', 1, `${A}more\n`), file('/l/a/x.log', 2, 'n\n')], positions, context());
    assert.deepEqual(positions, before);
  });
});

describe('RotatedNames', () => {
  const names = new RotatedNames(DEFAULT_ROTATED_SUFFIXES);
  const table: [string, string, boolean][] = [
    ['/l/a/x.log.1', '/l/a/x.log', true],
    ['/l/a/x.log.12', '/l/a/x.log', true],
    ['/l/a/x.log-20261201', '/l/a/x.log', true],
    ['/l/a/x.log', '/l/a/x.log', false],
    ['/l/a/x.log', '/l/a/x.log.1', false],
    ['/l/b/x.log.1', '/l/a/x.log', false],
    ['/l/a/y.log', '/l/a/x.log', false],
    ['/l/a/x.log.old', '/l/a/x.log', false],
    ['/l/a/worker-2.log', '/l/a/worker-1.log', false],
  ];
  for (const [candidate, source, expected] of table) {
    it(`${candidate} ${expected ? 'is' : 'is not'} a rotation of ${source}`, () => {
      assert.equal(names.isRotationOf(candidate, source), expected);
    });
  }
});
