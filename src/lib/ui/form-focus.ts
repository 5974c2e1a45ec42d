import { tick } from 'svelte';

/**
 * After a refused submit: moves focus to the first field marked invalid, in the order the form
 * shows them, so a keyboard or screen-reader user lands on what to fix instead of the button.
 */
export async function focusFirstInvalid(root: ParentNode | null | undefined): Promise<void> {
  await tick();
  root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
