import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EquipmentRow } from '$lib/db/read-model';
import { equipment } from '$lib/testing/building-fixtures';
import type { LoanFormInput } from './form';
import LoanForm from './LoanForm.svelte';
import { EquipmentError } from './repo';

const row = (o = {}) => ({ ...equipment(o), id: 'equipment:curial:pc-portable-3', conflicted: 0 }) as EquipmentRow;

function setup(item: EquipmentRow, onsubmit = vi.fn(async (_: LoanFormInput) => {})) {
  render(LoanForm, { props: { item, onsubmit, oncancel: vi.fn() } });
  return { onsubmit, user: userEvent.setup() };
}

// Only Date is faked: timers stay real for user-event. 09:05 UTC is 10:05 in Paris in March.
beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-10T09:05:00.000Z') }));
afterEach(() => vi.useRealTimers());

describe('LoanForm', () => {
  it('starts a key loan at 17:00 today, and a laptop loan without a date', () => {
    setup(row({ kind: 'key', label: 'Clé salle du Forum' }));
    expect(screen.getByLabelText('Date')).toHaveValue('2026-03-10');
    expect(screen.getByLabelText('Heure')).toHaveValue('17:00');
    expect(screen.getByLabelText("Nom de l'agent")).toHaveFocus();
  });

  it('says what is missing beside each field and submits nothing', async () => {
    const { onsubmit, user } = setup(row());
    expect(screen.getByLabelText('Date')).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le prêt' }));
    expect(screen.getByText("Indiquez le nom de l'agent.")).toBeInTheDocument();
    expect(screen.getByText("Indiquez le service de l'agent.")).toBeInTheDocument();
    expect(screen.getByText('Indiquez la date de retour prévue.')).toBeInTheDocument();
    expect(screen.getByLabelText("Nom de l'agent")).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText("Nom de l'agent")).toHaveAccessibleDescription("Indiquez le nom de l'agent.");
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('submits the loan, and keeps what was typed when it is refused', async () => {
    const onsubmit = vi.fn(async (_: LoanFormInput) => {
      throw new EquipmentError('out', "Cet équipement est déjà prêté à Marc Blanc : enregistrez d'abord son retour.");
    });
    const { user } = setup(row(), onsubmit);
    await user.type(screen.getByLabelText("Nom de l'agent"), 'Sophie Bernard');
    await user.type(screen.getByLabelText('Service'), 'Urbanisme');
    await user.type(screen.getByLabelText('Date'), '2026-03-12');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le prêt' }));
    await waitFor(() => expect(onsubmit).toHaveBeenCalledOnce());
    expect(onsubmit.mock.calls[0]![0]).toEqual({
      equipmentId: 'equipment:curial:pc-portable-3',
      agent: 'Sophie Bernard',
      service: 'Urbanisme',
      dueDay: '2026-03-12',
      dueTime: '17:00',
      note: undefined
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('déjà prêté à Marc Blanc');
    expect(screen.getByLabelText("Nom de l'agent")).toHaveValue('Sophie Bernard');
  });
});
