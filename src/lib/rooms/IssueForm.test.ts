import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IssueInput, IssuePrefill } from './form';
import IssueForm from './IssueForm.svelte';
import { PHOTO_MAX_BYTES } from './photo';

const ROOMS = [
  { id: 'room:hdv:salle-du-conseil', name: 'Salle du conseil' },
  { id: 'room:hdv:salle-des-mariages', name: 'Salle des mariages' }
];

// jsdom has neither object URLs nor image decoding: the photo is kept as taken.
beforeEach(() => {
  URL.createObjectURL = vi.fn(() => 'blob:preview');
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

function setup(prefill: IssuePrefill | null = null, onsubmit = vi.fn(async (_: IssueInput & { photo?: Blob }) => {})) {
  const view = render(IssueForm, { props: { site: 'hdv', rooms: ROOMS, prefill, onsubmit } });
  return { onsubmit, view, user: userEvent.setup() };
}

const SAVE = { name: 'Enregistrer le problème' };

describe('IssueForm', () => {
  it('asks for the room, the item and a description, in French, beside each field', async () => {
    const { onsubmit, user } = setup();
    await user.click(screen.getByRole('button', SAVE));
    expect(screen.getByText('Choisissez la salle.')).toBeInTheDocument();
    expect(screen.getByText('Choisissez ce qui pose problème.')).toBeInTheDocument();
    expect(screen.getByText('Décrivez le problème.')).toBeInTheDocument();
    expect(screen.getByLabelText('Salle')).toHaveFocus();
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('opens the tablet camera, previews the photo and sends it with the problem', async () => {
    const { onsubmit, user } = setup();
    const input = screen.getByLabelText('Photo (facultative)');
    expect(input).toHaveAttribute('accept', 'image/*');
    expect(input).toHaveAttribute('capture', 'environment');
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], 'IMG_0001.jpg', { type: 'image/jpeg' });
    await user.upload(input, photo);
    expect(await screen.findByTestId('issue-photo-preview')).toHaveAttribute('src', 'blob:preview');
    await user.selectOptions(screen.getByLabelText('Salle'), 'Salle des mariages');
    await user.selectOptions(screen.getByLabelText('Ce qui pose problème'), 'Fenêtres');
    await user.type(screen.getByLabelText('Description'), 'Vitre fêlée');
    await user.click(screen.getByRole('button', SAVE));
    await waitFor(() => expect(onsubmit).toHaveBeenCalledOnce());
    expect(onsubmit.mock.calls[0]![0]).toEqual({ site: 'hdv', roomId: 'room:hdv:salle-des-mariages', item: 'windows', description: 'Vitre fêlée', photo });
    await waitFor(() => expect(screen.getByText(/Problème signalé pour Salle des mariages, avec sa photo/)).toBeInTheDocument());
    // Ready for the next problem of the same room.
    expect(screen.getByLabelText('Description')).toHaveValue('');
    expect(screen.queryByTestId('issue-photo-preview')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Salle')).toHaveValue('room:hdv:salle-des-mariages');
  });

  it('refuses a photo too heavy to keep, and a file that is not an image', async () => {
    const { user } = setup();
    const input = screen.getByLabelText('Photo (facultative)');
    await user.upload(input, new File([new Uint8Array(PHOTO_MAX_BYTES + 1)], 'huge.heic', { type: 'image/heic' }));
    expect(await screen.findByText(/Photo trop lourde \(8 Mo\) : 8 Mo au plus/)).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('issue-photo-preview')).not.toBeInTheDocument();
    // Some systems let any file through the chooser despite `accept`.
    await userEvent.setup({ applyAccept: false }).upload(input, new File(['%PDF'], 'doc.pdf', { type: 'application/pdf' }));
    expect(await screen.findByText(/Ce fichier n'est pas une image/)).toBeInTheDocument();
  });

  it('keeps the description and photo when saving fails', async () => {
    const { user } = setup({ roomId: 'room:hdv:salle-du-conseil', item: 'doors' }, vi.fn(async () => Promise.reject(new Error('quota'))));
    expect(screen.getByLabelText('Salle')).toHaveValue('room:hdv:salle-du-conseil');
    expect(screen.getByLabelText('Ce qui pose problème')).toHaveValue('doors');
    await waitFor(() => expect(screen.getByLabelText('Description')).toHaveFocus());
    await user.upload(screen.getByLabelText('Photo (facultative)'), new File([new Uint8Array([1, 2])], 'p.jpg', { type: 'image/jpeg' }));
    await user.type(screen.getByLabelText('Description'), 'Porte bloquée');
    await user.click(screen.getByRole('button', SAVE));
    await waitFor(() => expect(screen.getByRole('button', SAVE)).toBeEnabled());
    expect(screen.getByLabelText('Description')).toHaveValue('Porte bloquée');
    expect(screen.getByTestId('issue-photo-preview')).toBeInTheDocument();
  });

  it('fills in the room and item asked for from the round, each time it is asked', async () => {
    const { view } = setup();
    await view.rerender({ prefill: { roomId: 'room:hdv:salle-du-conseil', item: 'lights' } });
    expect(screen.getByLabelText('Ce qui pose problème')).toHaveValue('lights');
    await view.rerender({ prefill: { roomId: 'room:hdv:salle-des-mariages', item: 'lights' } });
    expect(screen.getByLabelText('Salle')).toHaveValue('room:hdv:salle-des-mariages');
  });
});
