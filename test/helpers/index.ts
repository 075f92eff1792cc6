export { type HttpAnswer, request, waitForPort } from './http';
export { eventually, never } from './poll';
export { CLI, type Exit, ROOT, type ServiceProcess, spawnService } from './process';
export { useTempDirs } from './temp-dir';
