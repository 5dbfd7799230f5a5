import { AppError, ErrorCode } from '@flow/platform';
import { Schema, type Connection, type FilterQuery, type Model } from 'mongoose';
import type { FieldSpecs } from './fields.js';
import { duplicateKeyMessage, type EntityRecord, type EntityRepository, type Filter } from './repository.js';

interface StoredRecord extends Omit<EntityRecord, 'id'> {
  _id: string;
}

function mongooseType(spec: FieldSpecs[string]): unknown {
  switch (spec.kind) {
    case 'ids':
      return [String];
    case 'boolean':
      return Boolean;
    case 'int':
      return Number;
    case 'keyValues':
      return [new Schema({ key: String, value: String }, { _id: false })];
    default:
      return String;
  }
}

function buildSchema(fields: FieldSpecs): Schema {
  const definition: Record<string, unknown> = {
    _id: String,
    key: String,
    createdAt: Date,
    updatedAt: Date,
    createdBy: String,
    updatedBy: String,
    refTypes: Schema.Types.Mixed,
  };
  for (const [field, spec] of Object.entries(fields)) definition[field] = mongooseType(spec);
  const schema = new Schema(definition as never, { versionKey: false, minimize: false, strict: true });
  schema.index({ key: 1 }, { unique: true });
  for (const [field, spec] of Object.entries(fields)) {
    if (spec.kind === 'id' || spec.kind === 'ids') schema.index({ [field]: 1 });
  }
  return schema;
}

function toRecord({ _id, ...rest }: StoredRecord): EntityRecord {
  return { id: _id, ...rest } as EntityRecord;
}

function toQuery(filter: Filter): FilterQuery<StoredRecord> {
  return Object.fromEntries(
    Object.entries(filter).map(([field, values]) => [field === 'id' ? '_id' : field, { $in: values }]),
  ) as FilterQuery<StoredRecord>;
}

/**
 * MongoDB answers 11000; FerretDB (SQLite) does too on insert, but answers code 1 with
 * "UNIQUE constraint failed" when an update creates the duplicate.
 */
export function isDuplicateKey(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 11000 || (code === 1 && typeof message === 'string' && message.includes('UNIQUE constraint failed'));
}

/**
 * The mongoose adapter. Uniqueness of the composite key rests on a unique index, so two
 * processes racing to create one key get one winner and CONFLICT for the other. No
 * transactions, TTL indexes or projections on findOneAndUpdate (FerretDB has none).
 */
export function createMongoRepository(
  connection: Connection,
  collection: string,
  typeName: string,
  fields: FieldSpecs,
): EntityRepository {
  const model = (connection.models[typeName] ?? connection.model(typeName, buildSchema(fields), collection)) as Model<StoredRecord>;
  const conflict = (key: string): AppError =>
    new AppError(ErrorCode.CONFLICT, duplicateKeyMessage(typeName, key), { details: { key } });

  return {
    async init() {
      await model.createCollection().catch((error: { codeName?: string }) => {
        if (error.codeName !== 'NamespaceExists') throw error;
      });
      await model.createIndexes();
    },
    async insert({ id, ...rest }) {
      try {
        await model.collection.insertOne({ _id: id, ...rest } as never);
      } catch (error) {
        if (isDuplicateKey(error)) throw conflict(rest.key);
        throw error;
      }
    },
    async update(id, changes) {
      const { id: _ignored, ...set } = changes;
      try {
        const result = await model.collection.updateOne({ _id: id } as never, { $set: set });
        if (result.matchedCount === 0) return null;
      } catch (error) {
        if (isDuplicateKey(error)) throw conflict(String(changes.key));
        throw error;
      }
      const updated = await model.collection.findOne({ _id: id } as never);
      return updated ? toRecord(updated as unknown as StoredRecord) : null;
    },
    async remove(id) {
      const result = await model.collection.deleteOne({ _id: id } as never);
      return result.deletedCount === 1;
    },
    async findByIds(ids) {
      if (ids.length === 0) return [];
      // At most ids.length rows: one round trip (a batch of exactly n would leave the cursor open).
      const rows = await model.find({ _id: { $in: ids } }).batchSize(ids.length + 1).lean<StoredRecord[]>();
      return rows.map(toRecord);
    },
    async findByKey(key) {
      const row = await model.findOne({ key }).lean<StoredRecord>();
      return row ? toRecord(row) : null;
    },
    async findAny(filters) {
      if (filters.length === 0) return [];
      const query = filters.length === 1 ? toQuery(filters[0] as Filter) : { $or: filters.map(toQuery) };
      const rows = await model.find(query).sort({ _id: 1 }).lean<StoredRecord[]>();
      return rows.map(toRecord);
    },
    async page({ filter, first, afterId, offset = 0 }) {
      const query = toQuery(filter);
      if (afterId !== undefined) query._id = { ...(query._id as object), $gt: afterId };
      const rows = await model.find(query).sort({ _id: 1 }).skip(offset).limit(first + 1).lean<StoredRecord[]>();
      return rows.map(toRecord);
    },
    async count(filter) {
      return model.countDocuments(toQuery(filter));
    },
  };
}
