// The writing thread of a two-thread bulk import (`import-thread.ts`): opens its own connection to the file
// and answers the calling thread's messages with the block writer of `import-writer-core.mjs`. Plain
// JavaScript, so that it starts in a few milliseconds both from the sources and from the built package.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createBlockWriter } from './import-writer-core.mjs';

const { filename, synchronous, busyTimeoutMs, cacheSizeKiB } = workerData;
const db = new Database(filename);
db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
db.exec(`PRAGMA synchronous = ${synchronous}`);
db.exec(`PRAGMA cache_size = -${cacheSizeKiB}`);
const handle = createBlockWriter(db);
parentPort.on('message', (message) => {
  const answer = handle(message);
  if (answer?.[0] === 'closed') parentPort.close();
  else if (answer) parentPort.postMessage(answer);
});
parentPort.postMessage(['ready']);
