// Every figure of `npm run bench` is printed, measured or « failed: <step>: <reason> »: a
// step that hangs (a browser waiting for a button that never comes) is cut off by its own
// timeout and named, and the run goes on to the next figure.

/** A failure that already names the step it happened in. */
export class StepError extends Error {}

/** The first line of an error: Playwright's errors go on with a call log that says nothing more here. */
export function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.trim();
}

/** Runs `work` as the step `name`, at most `timeoutMs`; its failure names the step. */
export async function step<T>(name: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (err) {
    throw err instanceof StepError ? err : new StepError(`${name}: ${reason(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one figure's measurement; on failure prints « <title> failed: <step>: <reason> » instead. */
export async function figure(title: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    console.log(`${title}\n    failed: ${err instanceof StepError ? err.message : `unnamed step: ${reason(err)}`}\n`);
  }
}
