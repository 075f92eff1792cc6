export { type ServiceLogger, silentLogger } from '../shared/logger';
export { type CheckpointDocument, CheckpointError, CheckpointStore } from './checkpoint';
export { type PollResult, TailReader } from './tail-reader';
export {
  DEFAULT_EXCLUDE,
  type FilePosition,
  type TailLine,
  type TailReaderOptions,
  type TailRejection,
} from './types';
