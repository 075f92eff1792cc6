export { freePort, type HttpAnswer, request, waitForPort } from './http';
export { eventually, never } from './poll';
export { CLI, type Exit, ROOT, type ServiceProcess, spawnService } from './process';
export { tempDirUntilExit, useTempDirs } from './temp-dir';
