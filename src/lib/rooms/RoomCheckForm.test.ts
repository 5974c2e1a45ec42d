import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomCheckRow } from '$lib/db/read-model';
import type { RoomCheckDoc } from '$lib/domain/rounds';
import { roomCheck } from '$lib/testing/building-fixtures';
import { memoryDevice, type TestDevice } from '$lib/testing/pouch';
import type { RoomCheckInput } from './form';
import { saveRoomCheck } from './repo';
import RoomCheckForm from './RoomCheckForm.svelte';

const ROOM = { id: 'room:hdv:salle-du-conseil', name: 'Salle du conseil', floor: '1er étage' };
const SAVE = /Enregistrer la salle/;

let device: TestDevice;
beforeEach(() => {
  device = memoryDevice();
});
afterEach(async () => {
  await device.close();
});

function setup(props: { existing?: RoomCheckRow; openItems?: string[]; onsave?: (i: RoomCheckInput) => Promise<void> } = {}) {
  // By default the form saves through the real repository, into the device's PouchDB.
  const onsave = vi.fn(props.onsave ?? (async (input: RoomCheckInput) => void (await saveRoomCheck(device.store, input, { device: 'desk-hdv', adviser: 'Anne Roux' }))));
  const onreport = vi.fn();
  render(RoomCheckForm, { props: { site: 'hdv', round: 'opening', room: ROOM, existing: props.existing, openItems: props.openItems, onsave, onreport } });
  return { onsave, onreport, user: userEvent.setup() };
}

const group = (name: string) => screen.getByRole('group', { name });

describe('RoomCheckForm', () => {
  it('shows one group of three big toggles per item, keyboard-usable radios', () => {
    setup();
    for (const name of ['Lumières', 'Fenêtres', 'Portes', 'Équipements', 'Propreté et rangement']) {
      const radios = within(group(name)).getAllByRole('radio');
      expect(radios.map((r) => r.closest('label')?.textContent?.trim())).toEqual(['OK', 'Problème', 'Sans objet']);
    }
    expect(screen.getByText('À vérifier')).toBeInTheDocument();
  });

  it('refuses a room with unanswered items, says which, focuses the first, and saves nothing', async () => {
    const { onsave, user } = setup();
    await user.click(within(group('Lumières')).getByLabelText('OK'));
    await user.click(screen.getByRole('button', { name: SAVE }));
    expect(screen.getByText('Choisissez OK, Problème ou Sans objet pour « Fenêtres ».')).toBeInTheDocument();
    expect(screen.getByText('Choisissez OK, Problème ou Sans objet pour « Propreté et rangement ».')).toBeInTheDocument();
    expect(screen.queryByText(/pour « Lumières »/)).not.toBeInTheDocument();
    expect(group('Fenêtres')).toHaveAccessibleDescription('Choisissez OK, Problème ou Sans objet pour « Fenêtres ».');
    expect(within(group('Fenêtres')).getByLabelText('OK')).toHaveFocus();
    expect(onsave).not.toHaveBeenCalled();
  });

  it('saves the answers and the note through the repository, and confirms it', async () => {
    const { onsave, onreport, user } = setup();
    await user.click(within(group('Lumières')).getByLabelText('OK'));
    await user.click(within(group('Fenêtres')).getByLabelText('OK'));
    await user.click(within(group('Portes')).getByLabelText('Problème'));
    // An item marked « Problème » invites reporting it.
    await user.click(screen.getByRole('button', { name: /Signaler ce problème/ }));
    expect(onreport).toHaveBeenCalledWith('doors');
    // Keyboard: arrows move within the radio group.
    within(group('Équipements')).getByLabelText('OK').focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(within(group('Équipements')).getByLabelText('Sans objet')).toBeChecked();
    await user.click(within(group('Propreté et rangement')).getByLabelText('OK'));
    await user.type(screen.getByLabelText('Note (facultative)'), 'Serrure de la porte côté cour');
    await user.click(screen.getByRole('button', { name: SAVE }));

    await waitFor(() => expect(onsave).toHaveBeenCalledOnce());
    expect(onsave.mock.calls[0]![0]).toEqual({
      site: 'hdv',
      round: 'opening',
      roomId: ROOM.id,
      items: { lights: 'ok', windows: 'ok', doors: 'issue', equipment: 'na', tidiness: 'ok' },
      note: 'Serrure de la porte côté cour'
    });
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(/Salle du conseil : vérification enregistrée sur la tablette à \d\d:\d\d\./));
    const docs = await device.dbs.accueil.allDocs({ include_docs: true });
    expect(docs.rows).toHaveLength(1);
    expect(docs.rows[0]!.doc as unknown as RoomCheckDoc).toMatchObject({ type: 'roomcheck', checkedBy: 'Anne Roux', items: { doors: 'issue', equipment: 'na' } });
  });

  it('keeps every answer when saving fails', async () => {
    const { user } = setup({ onsave: async () => Promise.reject(new Error('disque plein')) });
    for (const name of ['Lumières', 'Fenêtres', 'Portes', 'Équipements', 'Propreté et rangement']) await user.click(within(group(name)).getByLabelText('OK'));
    await user.type(screen.getByLabelText('Note (facultative)'), 'RAS');
    await user.click(screen.getByRole('button', { name: SAVE }));
    await waitFor(() => expect(screen.getByRole('button', { name: SAVE })).toBeEnabled());
    expect(within(group('Portes')).getByLabelText('OK')).toBeChecked();
    expect(screen.getByLabelText('Note (facultative)')).toHaveValue('RAS');
    expect(screen.getByRole('status')).toHaveTextContent('');
  });

  it('shows a room already checked, and notes a problem already open', () => {
    const existing = { ...roomCheck(), id: roomCheck()._id, conflicted: 0, note: 'Vitre fêlée' } as RoomCheckRow;
    setup({ existing, openItems: ['doors'] });
    expect(screen.getByTestId('room-checked')).toHaveTextContent('Vérifiée à 08:10 par desk-hdv-1');
    expect(within(group('Portes')).getByLabelText('Problème')).toBeChecked();
    expect(within(group('Équipements')).getByLabelText('Sans objet')).toBeChecked();
    expect(screen.getByLabelText('Note (facultative)')).toHaveValue('Vitre fêlée');
    expect(screen.getByText('Un problème est déjà en cours pour ce point.')).toBeInTheDocument();
  });
});
