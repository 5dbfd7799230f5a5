import type { System } from '@flow/launcher';
import { now } from './recorder.js';
import { table } from './report.js';
import { distribution, formatMs, type Distribution } from './stats.js';

type Connection = NonNullable<System['backend']['connection']>;

/**
 * The store's floor, like the raw amqplib one: the calls the execution store makes, with the
 * driver alone, on documents of the executions' measured size, in a scratch collection (with
 * the store's indexes) of growing size. It shows what the store costs per call and how that
 * grows with the number of documents in the collection.
 */
export interface StoreFloorRow {
  documents: number;
  findById: Distribution;
  replaceByRevision: Distribution;
  sweepOutbox: Distribution;
  sweepDeadline: Distribution;
}

interface ScratchDocument {
  _id: string;
  revision: number;
  status: string;
  outboxSize: number;
  writtenAt: string;
  nextDeadline: string | null;
  pad: string;
}

async function timeEach(times: number, call: (index: number) => Promise<unknown>): Promise<Distribution> {
  const samples: number[] = [];
  for (let index = 0; index < times; index += 1) {
    const started = now();
    await call(index);
    samples.push(now() - started);
  }
  return distribution(samples);
}

function scratchDocument(id: string, revision: number, bytes: number): ScratchDocument {
  return { _id: id, revision, status: 'RUNNING', outboxSize: 0, writtenAt: new Date().toISOString(), nextDeadline: new Date(Date.now() + 300_000).toISOString(), pad: 'x'.repeat(bytes) };
}

async function measureAt(connection: Connection, documents: number, bytes: number): Promise<StoreFloorRow> {
  const db = connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  const collection = db.collection<ScratchDocument>('bench_store_floor');
  await collection.drop().catch(() => undefined);
  await collection.createIndexes([{ key: { status: 1, nextDeadline: 1 } }, { key: { outboxSize: 1, writtenAt: 1 } }]);
  for (let start = 0; start < documents; start += 100) {
    await collection.insertMany(Array.from({ length: Math.min(100, documents - start) }, (_, i) => scratchDocument(`doc-${start + i}`, 1, bytes)));
  }
  const id = (index: number): string => `doc-${index % documents}`;
  const samples = Math.min(20, documents);
  const findById = await timeEach(20, (index) => collection.findOne({ _id: id(index) }));
  const replaceByRevision = await timeEach(samples, (index) => collection.replaceOne({ _id: id(index), revision: 1 }, scratchDocument(id(index), 2, bytes)));
  const past = new Date(Date.now() - 5_000).toISOString();
  const sweepOutbox = await timeEach(5, () => collection.find({ outboxSize: { $gt: 0 }, writtenAt: { $lte: past } }).limit(100).toArray());
  const sweepDeadline = await timeEach(5, () => collection.find({ status: 'RUNNING', nextDeadline: { $ne: null, $lte: new Date().toISOString() } }).limit(100).toArray());
  await collection.drop();
  return { documents, findById, replaceByRevision, sweepOutbox, sweepDeadline };
}

export async function measureStoreFloor(connection: Connection, sizes: readonly number[], bytes: number): Promise<StoreFloorRow[]> {
  const rows: StoreFloorRow[] = [];
  for (const documents of sizes) rows.push(await measureAt(connection, documents, bytes));
  return rows;
}

export function formatStoreFloor(rows: readonly StoreFloorRow[], bytes: number): string {
  const pair = (d: Distribution): string => `${formatMs(d.p50)} / ${formatMs(d.p99)}`;
  const measures: Array<[string, (row: StoreFloorRow) => Distribution]> = [
    ['findOne({_id}) (store.get)', (row) => row.findById],
    ['replaceOne({_id, revision}) (store.replace)', (row) => row.replaceByRevision],
    ['sweep: executions with a stale outbox', (row) => row.sweepOutbox],
    ['sweep: executions with a due deadline', (row) => row.sweepDeadline],
  ];
  return table(
    [`driver alone, ${(bytes / 1024).toFixed(1)} KiB documents, p50 / p99`, ...rows.map((row) => `${row.documents} documents`)],
    measures.map(([label, pick]) => [label, ...rows.map((row) => pair(pick(row)))]),
  );
}
