import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** How often the worker folds the write-ahead log back into the database. */
const CHECKPOINT_EVERY_MS = 250;
/** Quick rounds after one that the station's new commits kept from the log's end. */
const TAIL_RETRIES = 20;
/**
 * SQLite's own checkpoint (on the committing thread) stays as a safety net, at a size the worker
 * keeps the log well below; SQLite's default is 1000 pages.
 */
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

// CommonJS evaluated in the worker: no transpiler or bundle entry needed in any of the station's
// runtimes (tsx, the CLI bundle, Electron). The driver is resolved by the station and passed in.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
let timer = null;
let retries = 0;
let lastLog = 0;
const checkpoint = () => {
  try {
    return db.pragma('wal_checkpoint(PASSIVE)')[0];
  } catch {
    return null; // busy or the database is going away: the next round retries
  }
};
const round = () => {
  const r = checkpoint();
  // The log starts over (stays small) at the station's next commit only if the log is checkpointed
  // to its end; a round covers the frames there were when it began, and the station may commit
  // during it. So go again at once until a round finds no new frame (each one's tail is shorter).
  const moved = r !== null && r.log !== lastLog && retries++ < workerData.retries;
  if (r !== null) lastLog = r.log;
  if (!moved) retries = 0;
  timer = setTimeout(round, moved ? 1 : workerData.everyMs);
};
timer = setTimeout(round, workerData.everyMs);
parentPort.once('message', () => {
  clearTimeout(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  /** Ends the worker after a last checkpoint; resolves when it has closed its connection. */
  stop(): Promise<void>;
}

/**
 * Runs the write-ahead log's checkpoints on a worker thread with its own connection. In WAL mode
 * with synchronous = NORMAL a commit does not fsync, but the checkpoint SQLite runs on the
 * committing connection every 1000 pages does, twice: at 100 devices that came every few hundred
 * milliseconds and held the event loop 20–75 ms each time, the largest single stalls of a batch.
 * A PASSIVE checkpoint from another connection never blocks this one's writes, and durability is
 * what it was: the same commits, the same fsyncs, on another thread.
 */
export function startWalCheckpointer(db: Database.Database): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: db.name, everyMs: CHECKPOINT_EVERY_MS, retries: TAIL_RETRIES } });
  worker.unref();
  const restoreOwnCheckpoints = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // A worker that cannot open the file (or dies) leaves checkpoints to SQLite, as before.
  worker.once('error', restoreOwnCheckpoints);
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  let stopping: Promise<void> | null = null;
  return {
    stop: () =>
      (stopping ??= (async () => {
        restoreOwnCheckpoints();
        // Unreferenced, it would not keep the process up while this waits for it.
        worker.ref();
        worker.postMessage('stop');
        await exited;
      })()),
  };
}
