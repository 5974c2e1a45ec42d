import { tick } from 'svelte';

/**
 * After a refused submit: moves focus to the first field marked invalid, in the order the form
 * shows them, so a keyboard or screen-reader user lands on what to fix instead of the button.
 */
export async function focusFirstInvalid(root: ParentNode | null | undefined): Promise<void> {
  await tick();
  // `data-invalid`: a field whose role takes no aria-invalid (the signature pad's group).
  root?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid]')?.focus();
}
