import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CheckoutUndo from './CheckoutUndo.svelte';

afterEach(() => vi.useRealTimers());

describe('checkout without undo: the undo offer after « Sortie »', () => {
  it('is announced, takes the focus and undoes by keyboard', async () => {
    const onundo = vi.fn();
    render(CheckoutUndo, { props: { visitorName: 'Camille', onundo, ondismiss: vi.fn() } });
    expect(screen.getByRole('status')).toHaveTextContent('Sortie de Camille enregistrée.');
    const button = screen.getByRole('button', { name: 'Annuler la sortie de Camille' });
    expect(button).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(onundo).toHaveBeenCalledOnce();
  });

  it('ends by itself after about 8 seconds', () => {
    vi.useFakeTimers();
    const ondismiss = vi.fn();
    render(CheckoutUndo, { props: { visitorName: 'Camille', onundo: vi.fn(), ondismiss } });
    vi.advanceTimersByTime(7_900);
    expect(ondismiss).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(ondismiss).toHaveBeenCalledOnce();
  });
});
