import assert from 'node:assert/strict';
import { parseByteSize } from '../../../processors/shared/byte-size';

describe('parseByteSize (express-style body limits)', () => {
  const table: [string, number | undefined][] = [
    ['512', 512],
    ['512b', 512],
    ['4kb', 4096],
    ['1mb', 1024 * 1024],
    ['1.5MB', 1.5 * 1024 * 1024],
    ['2 gb', 2 * 1024 ** 3],
    ['', undefined],
    ['1 megabyte', undefined],
    ['-1kb', undefined],
    ['kb', undefined],
  ];
  for (const [size, bytes] of table) {
    it(`'${size}' -> ${bytes}`, () => assert.equal(parseByteSize(size), bytes));
  }
});
