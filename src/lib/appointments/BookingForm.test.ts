import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import BookingForm from './BookingForm.svelte';
import type { BookingFormInput } from './form';

function setup(onsubmit = vi.fn(async (_: BookingFormInput) => {})) {
  const oncancel = vi.fn();
  render(BookingForm, {
    props: { serviceId: 'service:etat-civil', start: '2025-03-10T08:00:00.000Z', slotLabel: 'lundi 10 mars 2025 à 09:00', reasons: ['Passeport', "Carte d'identité"], onsubmit, oncancel }
  });
  return { onsubmit, oncancel, user: userEvent.setup() };
}

describe('BookingForm', () => {
  it('shows the slot and focuses the name', () => {
    setup();
    expect(screen.getByTestId('booking-slot')).toHaveTextContent('lundi 10 mars 2025 à 09:00');
    expect(screen.getByLabelText('Nom de la personne')).toHaveFocus();
  });

  it('refuses a missing name and reason and a bad e-mail with French messages', async () => {
    const { onsubmit, user } = setup();
    await user.type(screen.getByLabelText(/E-mail/), 'pas-un-courriel');
    await user.click(screen.getByRole('button', { name: 'Réserver' }));
    expect(screen.getByText('Indiquez le nom de la personne.')).toBeInTheDocument();
    expect(screen.getByText('Indiquez le motif du rendez-vous.')).toBeInTheDocument();
    expect(screen.getByText('Adresse e-mail invalide.')).toBeInTheDocument();
    expect(screen.getByLabelText('Nom de la personne')).toHaveAttribute('aria-invalid', 'true');
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('submits what was typed, a frequent reason picked with one tap', async () => {
    const { onsubmit, user } = setup();
    await user.type(screen.getByLabelText('Nom de la personne'), 'Élodie Martin');
    await user.type(screen.getByLabelText(/Téléphone/), '06 12 34 56 78');
    await user.click(screen.getByRole('button', { name: 'Passeport' }));
    await user.type(screen.getByLabelText(/Notes/), 'Mineur accompagné');
    await user.click(screen.getByRole('button', { name: 'Réserver' }));
    expect(onsubmit).toHaveBeenCalledWith({
      serviceId: 'service:etat-civil', start: '2025-03-10T08:00:00.000Z', name: 'Élodie Martin', phone: '06 12 34 56 78', email: '', reason: 'Passeport', notes: 'Mineur accompagné'
    });
  });

  it('closes without booking', async () => {
    const { oncancel, onsubmit, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Fermer' }));
    expect(oncancel).toHaveBeenCalled();
    expect(onsubmit).not.toHaveBeenCalled();
  });
});
