import { ZodError, type z } from 'zod';
import { formErrors } from './form-errors';

/**
 * What every desk form shares: the messages beside the fields and whether a save is under way.
 * `submit` validates first (on errors nothing is saved), then saves; when the save fails the
 * caller has told the adviser why, and what was typed stays for another try.
 */
export class FormState {
  errors = $state<Record<string, string>>({});
  saving = $state(false);
  /** Counts refused submits: the error summary is announced again on each (see ErrorSummary). */
  attempt = $state(0);

  /** `prefix` names the error paragraphs: `<prefix>-<field>-error`. */
  constructor(private readonly prefix: string) {}

  /** The id of a field's error paragraph, for `aria-describedby`, when it has one. */
  describedBy = (field: string): string | undefined => (this.errors[field] ? this.errorId(field) : undefined);
  errorId = (field: string): string => `${this.prefix}-${field}-error`;

  /**
   * Validates `input`, then runs `save`. A ZodError thrown by the save (a rule only the
   * repository knows) is shown beside the fields like the form's own.
   */
  async submit<I>(schema: z.ZodType, input: I, save: (input: I) => Promise<void>): Promise<SubmitResult> {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      this.errors = formErrors(parsed.error);
      this.attempt++;
      return { status: 'invalid' };
    }
    this.errors = {};
    this.saving = true;
    try {
      await save(input);
      return { status: 'saved' };
    } catch (error) {
      if (error instanceof ZodError) {
        this.errors = formErrors(error);
        this.attempt++;
        return { status: 'invalid' };
      }
      return { status: 'failed', error };
    } finally {
      this.saving = false;
    }
  }
}

export type SubmitResult = { status: 'saved' } | { status: 'invalid' } | { status: 'failed'; error: unknown };
