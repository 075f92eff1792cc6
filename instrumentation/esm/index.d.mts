export * from '../instrumentation/index.js';
