/**
 * The slice of PouchDB's API the server and its tests use. Not @types/pouchdb-core: it
 * declares a global `Buffer` interface that breaks Node's own Buffer type under TypeScript 6.
 */
declare namespace PouchDB {
  interface Doc {
    _id: string;
    _rev?: string;
    _deleted?: boolean;
    [key: string]: unknown;
  }
  interface ExistingDoc extends Doc {
    _rev: string;
  }
  interface AllDocsResponse {
    total_rows: number;
    rows: { id: string; key: string; value: { rev: string; deleted?: boolean }; doc?: ExistingDoc }[];
  }
  interface Result {
    ok?: boolean;
    id?: string;
    rev?: string;
    error?: string | boolean;
    reason?: string;
    status?: number;
    name?: string;
    message?: string;
  }
  interface ReplicationResult {
    ok: boolean;
    docs_written: number;
    docs_read: number;
    doc_write_failures: number;
    errors: unknown[];
    status: string;
  }
  interface Replication extends PromiseLike<ReplicationResult> {
    on(event: string, listener: (arg?: unknown) => void): Replication;
    cancel(): void;
  }
  interface Database {
    name: string;
    get(id: string, options?: Record<string, unknown>): Promise<ExistingDoc>;
    put(doc: Doc, options?: Record<string, unknown>): Promise<Result>;
    post(doc: Omit<Doc, '_id'> & { _id?: string }, options?: Record<string, unknown>): Promise<Result>;
    remove(doc: ExistingDoc): Promise<Result>;
    bulkDocs(docs: Doc[], options?: Record<string, unknown>): Promise<Result[]>;
    allDocs(options?: Record<string, unknown>): Promise<AllDocsResponse>;
    info(): Promise<{ db_name: string; doc_count: number; update_seq: number | string }>;
    query(view: string, options?: Record<string, unknown>): Promise<{ rows: { id: string; key: unknown; value: unknown }[] }>;
    close(): Promise<void>;
    compact(): Promise<unknown>;
    destroy(): Promise<void>;
    replicate: {
      to(target: Database | string, options?: Record<string, unknown>): Replication;
      from(source: Database | string, options?: Record<string, unknown>): Replication;
    };
    sync(remote: Database | string, options?: Record<string, unknown>): Replication;
  }
  interface Static {
    new (name: string, options?: Record<string, unknown>): Database;
    defaults(options: Record<string, unknown>): Static;
    plugin(plugin: unknown): Static;
  }
}
