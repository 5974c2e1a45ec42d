/**
 * Minimal typings for the untyped CommonJS packages the embedded server uses.
 * Only what our code touches is declared; everything else stays `unknown`.
 */

declare module 'pouchdb' {
  const PouchDB: PouchDB.Static;
  export default PouchDB;
}

declare module 'express-pouchdb' {
  import type { Express } from 'express';

  export interface ExpressPouchOptions {
    mode?: 'minimumForPouchDB' | 'fullCouchDB' | 'custom';
    overrideMode?: { include?: string[]; exclude?: string[] };
    inMemoryConfig?: boolean;
    configPath?: string;
    logPath?: string;
  }

  /** The express app, plus the hooks express-pouchdb gives its parts. */
  export interface ExpressPouchApp extends Express {
    dbWrapper: {
      registerWrapper(wrapper: (name: string, db: PouchDB.Database, next: () => unknown) => unknown): void;
    };
    setPouchDB(pouch: PouchDB.Static): Promise<void>;
    includes: Record<string, boolean>;
  }

  function expressPouchDB(opts?: ExpressPouchOptions): ExpressPouchApp;
  export default expressPouchDB;
}

declare module 'pouchdb-wrappers' {
  /** A handler receives the wrapped call (`orig`) and its parsed arguments. */
  export type WrapperHandler = (orig: () => Promise<unknown>, args: WrapperArgs) => Promise<unknown>;
  export interface WrapperArgs {
    base: PouchDB.Database;
    options: Record<string, unknown> & { userCtx?: UserCtx; secObj?: SecurityObject; new_edits?: boolean };
    doc?: Record<string, unknown>;
    docs?: Record<string, unknown>[];
    docId?: string;
    attachmentId?: string;
    rev?: string;
    type?: string;
  }
  export interface UserCtx {
    name: string | null;
    roles: string[];
    db?: string;
  }
  export interface SecurityObject {
    members?: { names?: string[]; roles?: string[] };
    admins?: { names?: string[]; roles?: string[] };
  }
  export function installWrapperMethods(db: PouchDB.Database, handlers: Record<string, WrapperHandler>): void;
}

declare module 'leveldown' {
  /** The LevelDB store under one folder, as pouchdb-adapter-leveldb opens it. */
  export interface LevelDown {
    status: 'new' | 'opening' | 'open' | 'closing' | 'closed';
    location: string;
    compactRange(start: Buffer, end: Buffer, callback: (err?: Error) => void): void;
  }
  interface LevelDownFactory {
    (location: string): LevelDown;
    destroy(location: string, callback: (err?: Error) => void): void;
  }
  const leveldown: LevelDownFactory;
  export default leveldown;
}
