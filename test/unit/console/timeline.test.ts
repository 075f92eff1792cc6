import assert from 'node:assert/strict';
import { type Segment, stateSegments, stateSetSegments } from '../../../processors/console/timeline';

const seg = (value: string, fromMs: number, toMs: number, reason?: string): Segment =>
  reason === undefined ? { value, fromMs, toMs } : { value, fromMs, toMs, reason };
const t = (from: string, to: string, atMs: number, reason = 'r') => ({ from, to, atMs, reason });

describe('console timeline', () => {
  const cases: [string, Parameters<typeof stateSegments>, Segment[]][] = [
    [
      'no history: the current state since it began',
      [[], { state: 'up', sinceMs: 50 }, 0, 100],
      [seg('up', 50, 100)],
    ],
    [
      'no history, state older than the window',
      [[], { state: 'down', sinceMs: -500 }, 0, 100],
      [seg('down', 0, 100)],
    ],
    [
      'transitions inside the window',
      [
        [
          t('new', 'up', 10, 'first_heartbeat'),
          t('up', 'late', 60, 'missed_heartbeat'),
          t('late', 'down', 80, 'no_heartbeat'),
        ],
        { state: 'down', sinceMs: 80 },
        0,
        100,
      ],
      [
        seg('new', 0, 10),
        seg('up', 10, 60, 'first_heartbeat'),
        seg('late', 60, 80, 'missed_heartbeat'),
        seg('down', 80, 100, 'no_heartbeat'),
      ],
    ],
    [
      'transitions before the window only set its first state',
      [
        [t('new', 'up', -50), t('up', 'late', -20), t('late', 'up', 30)],
        { state: 'up', sinceMs: 30 },
        0,
        100,
      ],
      [seg('late', 0, 30, 'r'), seg('up', 30, 100, 'r')],
    ],
    [
      'an agent first seen by its heartbeat was never new before it',
      [[t('new', 'up', 40, 'first_heartbeat')], { state: 'up', sinceMs: 40 }, 0, 100, 40],
      [seg('up', 40, 100, 'first_heartbeat')],
    ],
    [
      'the current state wins over a history that missed the last change',
      [[t('new', 'up', 10)], { state: 'paused', sinceMs: 70 }, 0, 100],
      [seg('new', 0, 10), seg('up', 10, 70, 'r'), seg('paused', 70, 100)],
    ],
    [
      'unsorted input and future transitions',
      [
        [t('up', 'down', 50), t('new', 'up', 20), t('down', 'up', 150)],
        { state: 'down', sinceMs: 50 },
        0,
        100,
      ],
      [seg('new', 0, 20), seg('up', 20, 50, 'r'), seg('down', 50, 100, 'r')],
    ],
  ];
  for (const [name, args, want] of cases) {
    it(`state segments: ${name}`, () => {
      assert.deepEqual(stateSegments(...args), want);
    });
  }

  const setCases: [string, Parameters<typeof stateSetSegments>, Segment[]][] = [
    [
      'one value per sample, runs merged',
      [
        [
          {
            value: 'on_track',
            points: [
              [0, 1],
              [10, 1],
              [20, 0],
              [30, 0],
            ],
          },
          {
            value: 'drifting',
            points: [
              [0, 0],
              [10, 0],
              [20, 1],
              [30, 1],
            ],
          },
        ],
        10,
      ],
      [seg('on_track', 0, 20), seg('drifting', 20, 40)],
    ],
    [
      'a sample with no series at 1 is a gap',
      [
        [
          {
            value: 'blocked',
            points: [
              [0, 1],
              [20, 1],
            ],
          },
        ],
        10,
      ],
      [seg('blocked', 0, 10), seg('blocked', 20, 30)],
    ],
    ['no series', [[], 10], []],
  ];
  for (const [name, args, want] of setCases) {
    it(`state-set segments: ${name}`, () => {
      assert.deepEqual(stateSetSegments(...args), want);
    });
  }
});
