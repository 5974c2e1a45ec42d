import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ChecklistRow } from '$lib/db/read-model';
import { checklist } from '$lib/testing/fixtures';
import type { ReceiptFormInput } from './form';
import ReceiptForm from './ReceiptForm.svelte';
import { PNG_1PX } from './test-data';

// jsdom has no canvas: the signature pad is replaced by a button that "signs".
vi.mock('./SignatureField.svelte', async () => ({ default: (await import('./testing/SignatureStub.svelte')).default }));

const CNI = { ...checklist(), id: 'checklist:carte-identite', conflicted: 0 } as ChecklistRow;

function setup(onsubmit = vi.fn(async (_: ReceiptFormInput) => {})) {
  render(ReceiptForm, { props: { site: 'curial', checklists: [CNI], onsubmit } });
  return { onsubmit, user: userEvent.setup() };
}

describe('ReceiptForm', () => {
  it('refuses an empty dossier with French messages and submits nothing', async () => {
    const { onsubmit, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Enregistrer le récépissé' }));
    expect(screen.getByText('Indiquez le nom de la personne.')).toBeInTheDocument();
    expect(screen.getByText('Choisissez la démarche du dossier.')).toBeInTheDocument();
    expect(screen.getByText('Faites signer la personne sur la tablette.')).toBeInTheDocument();
    expect(screen.getByLabelText('Nom du déposant')).toHaveAttribute('aria-invalid', 'true');
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('takes in a dossier: ticking the checklist lists what is missing, and submits the snapshot', async () => {
    const { onsubmit, user } = setup();
    await user.type(screen.getByLabelText('Nom du déposant'), 'Élodie Martin');
    await user.click(screen.getByLabelText('Identité vérifiée'));
    await user.selectOptions(screen.getByLabelText('Pièce présentée'), 'Passeport');
    await user.selectOptions(screen.getByLabelText('Démarche'), 'checklist:carte-identite');
    expect(screen.getByTestId('missing-items')).toHaveTextContent('Pièces obligatoires manquantes (3)');
    await user.click(screen.getByLabelText('Pré-demande en ligne (numéro)'));
    await user.click(screen.getByLabelText('Justificatif de domicile'));
    const missing = screen.getByTestId('missing-items');
    expect(missing).toHaveTextContent('Pièces obligatoires manquantes (1)');
    expect(missing).toHaveTextContent("Photo d'identité de moins de 6 mois");
    expect(missing).toHaveTextContent('Ancienne carte (facultatif, non fourni)');
    await user.type(screen.getByLabelText('Autres documents reçus'), 'Courrier{Enter}');
    await user.click(screen.getByRole('button', { name: /Signature du déposant/ }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer le récépissé' }));
    await waitFor(() => expect(onsubmit).toHaveBeenCalledOnce());
    expect(onsubmit.mock.calls[0]![0]).toEqual({
      site: 'curial',
      kind: 'depot',
      personName: 'Élodie Martin',
      idChecked: true,
      idDocument: 'Passeport',
      documents: ['Courrier'],
      dossier: {
        checklistId: 'checklist:carte-identite',
        procedure: "Carte nationale d'identité",
        items: [
          { label: 'Pré-demande en ligne (numéro)', required: true, present: true },
          { label: "Photo d'identité de moins de 6 mois", required: true, present: false },
          { label: 'Justificatif de domicile', required: true, present: true },
          { label: 'Ancienne carte', required: false, present: false }
        ]
      },
      signaturePng: PNG_1PX
    });
    // Ready for the next person.
    await waitFor(() => expect(screen.getByLabelText('Nom du déposant')).toHaveValue(''));
  });

  it('a dossier missing only an optional piece is complete: the optional piece is listed as not supplied, not missing', async () => {
    const { user } = setup();
    await user.selectOptions(screen.getByLabelText('Démarche'), 'checklist:carte-identite');
    for (const label of ['Pré-demande en ligne (numéro)', "Photo d'identité de moins de 6 mois", 'Justificatif de domicile']) await user.click(screen.getByLabelText(label));
    const missing = screen.getByTestId('missing-items');
    expect(missing).toHaveTextContent('Dossier complet.');
    expect(missing).toHaveTextContent('Ancienne carte (facultatif, non fourni)');
    expect(missing).not.toHaveTextContent('manquantes');
  });

  it('hands over a document: no checklist, at least one document', async () => {
    const { onsubmit, user } = setup();
    await user.click(screen.getByLabelText('Remise de document'));
    expect(screen.queryByLabelText('Démarche')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Nom de la personne qui reçoit'), 'Paul Girard');
    await user.click(screen.getByRole('button', { name: /Signature de la personne qui reçoit/ }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer le récépissé' }));
    expect(screen.getByText('Indiquez au moins un document remis.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Documents remis'), 'Carte électorale');
    await user.click(screen.getByRole('button', { name: 'Ajouter' }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer le récépissé' }));
    await waitFor(() => expect(onsubmit).toHaveBeenCalledOnce());
    expect(onsubmit.mock.calls[0]![0]).toMatchObject({ kind: 'remise', personName: 'Paul Girard', idChecked: false, documents: ['Carte électorale'], dossier: undefined });
  });
});
