import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ServiceRow } from '$lib/db/read-model';
import VisitorForm from './VisitorForm.svelte';
import type { VisitFormInput } from './form';

const etatCivil = {
  id: 'service:etat-civil',
  _id: 'service:etat-civil',
  type: 'service',
  v: 1,
  name: 'État civil',
  site: 'curial',
  location: 'Rez-de-chaussée, guichet 2',
  reasons: ['Acte de naissance', 'Mariage'],
  keywords: ['naissance'],
  searchText: 'etat civil acte de naissance mariage naissance',
  conflicted: 0
} as ServiceRow;

function setup(onsubmit = vi.fn(async (_: VisitFormInput) => {})) {
  const searchServices = vi.fn(async (q: string) => (q && 'etat civil'.includes(q.toLowerCase().normalize('NFD').replace(/\p{Diacritic}/gu, '')) ? [etatCivil] : []));
  render(VisitorForm, { props: { site: 'curial', vigipirateLevel: 'urgence-attentat', adviser: 'Agent A', searchServices, onsubmit } });
  return { onsubmit, searchServices, user: userEvent.setup() };
}

describe('VisitorForm', () => {
  it('shows the Vigipirate level', () => {
    setup();
    expect(screen.getByTestId('vigipirate-level')).toHaveTextContent('Urgence attentat');
  });

  it('refuses an empty form with French messages and submits nothing', async () => {
    const { onsubmit, user } = setup();
    await user.click(screen.getByRole('button', { name: "Enregistrer l'arrivée" }));
    expect(screen.getByText('Indiquez le nom du visiteur.')).toBeInTheDocument();
    expect(screen.getByText('Choisissez le service vers lequel orienter le visiteur.')).toBeInTheDocument();
    expect(screen.getByLabelText('Nom du visiteur')).toHaveAttribute('aria-invalid', 'true');
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('registers a visitor in a few taps: name, service search, reason, identity check', async () => {
    const { onsubmit, user } = setup();
    await user.type(screen.getByLabelText('Nom du visiteur'), 'Camille Martin');
    await user.type(screen.getByRole('searchbox', { name: 'Service' }), 'État');
    await user.click(await screen.findByRole('button', { name: /État civil/ }));
    await user.click(screen.getByRole('button', { name: 'Mariage' }));
    await user.click(screen.getByLabelText('Identité contrôlée'));
    await user.click(screen.getByRole('button', { name: "Enregistrer l'arrivée" }));
    await waitFor(() => expect(onsubmit).toHaveBeenCalledOnce());
    expect(onsubmit.mock.calls[0]![0]).toMatchObject({
      site: 'curial',
      visitorName: 'Camille Martin',
      serviceId: 'service:etat-civil',
      reason: 'Mariage',
      idChecked: true,
      doorOpenedBy: 'Agent A',
      refused: false
    });
    // Ready for the next visitor, same adviser at the door.
    await waitFor(() => expect(screen.getByLabelText('Nom du visiteur')).toHaveValue(''));
    expect(screen.getByLabelText('Porte ouverte par')).toHaveValue('Agent A');
  });

  it('requires the identity check unless access is refused, and a reason for a refusal', async () => {
    const { onsubmit, user } = setup();
    await user.type(screen.getByLabelText('Nom du visiteur'), 'X');
    await user.type(screen.getByRole('searchbox', { name: 'Service' }), 'etat');
    await user.click(await screen.findByRole('button', { name: /État civil/ }));
    await user.click(screen.getByRole('button', { name: "Enregistrer l'arrivée" }));
    expect(screen.getByText("Le contrôle d'identité Vigipirate doit être fait avant l'entrée.")).toBeInTheDocument();
    await user.click(screen.getByLabelText('Accès refusé'));
    await user.click(screen.getByRole('button', { name: 'Enregistrer le refus' }));
    expect(screen.getByText("Indiquez le motif du refus d'accès.")).toBeInTheDocument();
    await user.type(screen.getByLabelText('Motif du refus'), 'Refus de présenter une pièce');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le refus' }));
    await waitFor(() => expect(onsubmit).toHaveBeenCalledOnce());
    expect(onsubmit.mock.calls[0]![0]).toMatchObject({ refused: true, refusedReason: 'Refus de présenter une pièce' });
  });

  it('keeps what was typed when saving fails', async () => {
    const onsubmit = vi.fn(async () => {
      throw new Error('disk full');
    });
    const { user } = setup(onsubmit);
    await user.type(screen.getByLabelText('Nom du visiteur'), 'Camille');
    await user.type(screen.getByRole('searchbox', { name: 'Service' }), 'etat');
    await user.click(await screen.findByRole('button', { name: /État civil/ }));
    await user.click(screen.getByLabelText('Identité contrôlée'));
    await user.click(screen.getByRole('button', { name: "Enregistrer l'arrivée" })).catch(() => undefined);
    await waitFor(() => expect(onsubmit).toHaveBeenCalled());
    expect(screen.getByLabelText('Nom du visiteur')).toHaveValue('Camille');
  });

  it('form errors were not announced and focus stayed on the submit button: focus goes to the first invalid field, errors tied to it, a summary alerts', async () => {
    const user = userEvent.setup();
    render(VisitorForm, { props: { site: 'curial', searchServices: async () => [], onsubmit: vi.fn() } });
    await user.click(screen.getByRole('button', { name: "Enregistrer l'arrivée" }));
    const name = screen.getByLabelText('Nom du visiteur');
    await waitFor(() => expect(name).toHaveFocus());
    expect(screen.getByRole('alert')).toHaveTextContent('Le formulaire contient 5 erreurs');
    // The door and the Vigipirate messages are tied to their fields, not floating beside them.
    expect(screen.getByLabelText('Porte ouverte par')).toHaveAccessibleDescription('Indiquez qui a ouvert la porte.');
    expect(screen.getByLabelText('Identité contrôlée')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Identité contrôlée')).toHaveAccessibleDescription("Le contrôle d'identité Vigipirate doit être fait avant l'entrée.");
  });

  it('a service search without result showed nothing: it says « Aucun service ne correspond » and keeps the typed text as the reason', async () => {
    const { onsubmit, user } = setup();
    await user.type(screen.getByLabelText('Nom du visiteur'), 'Paul Durand');
    await user.type(screen.getByRole('searchbox', { name: 'Service' }), 'chien perdu');
    expect(await screen.findByRole('status')).toHaveTextContent('Aucun service ne correspond à « chien perdu ».');
    await user.click(screen.getByRole('button', { name: 'Orienter vers l’accueil général avec ce motif' }));
    expect(screen.getByLabelText('Motif')).toHaveValue('chien perdu');
    await user.click(screen.getByLabelText('Identité contrôlée'));
    await user.click(screen.getByRole('button', { name: "Enregistrer l'arrivée" }));
    await waitFor(() => expect(onsubmit).toHaveBeenCalledOnce());
    expect(onsubmit.mock.calls[0]![0]).toMatchObject({ serviceId: 'service:accueil', reason: 'chien perdu', visitorName: 'Paul Durand' });
  });
});
