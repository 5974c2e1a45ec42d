import { createContext, Script } from 'node:vm';

/** A compiled `validate_doc_update(newDoc, oldDoc, userCtx, secObj)`. */
export type ValidateFn = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;

/**
 * Compiles a design document function from its source, the way CouchDB's query server does:
 * the source is one function expression, evaluated in a fresh context with CouchDB's
 * helpers (`log`, `isArray`, `toJSON`, `sum`) and nothing else: no `require`, no Node globals.
 * Used by the embedded server and by the tests that check the ddocs against the schemas.
 */
export function compileDesignFunction<T extends (...args: never[]) => unknown>(source: string, label: string): T {
  const context = createContext({
    log: () => {},
    isArray: Array.isArray,
    toJSON: (v: unknown) => JSON.stringify(v),
    sum: (values: number[]) => values.reduce((a, b) => a + b, 0)
  });
  const fn: unknown = new Script(`(${source.trim().replace(/;\s*$/, '')})`, { filename: label }).runInContext(context, {
    timeout: 1000
  });
  if (typeof fn !== 'function') throw new Error(`${label} does not evaluate to a function`);
  return fn as T;
}
