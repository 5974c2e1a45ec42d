import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { VisitRow } from '$lib/db/read-model';
import PresentList from './PresentList.svelte';

const visit = (name: string, arrivedAt: string, extra: Partial<VisitRow> = {}): VisitRow =>
  ({
    id: `visit:curial:${arrivedAt}:${name}`,
    _id: `visit:curial:${arrivedAt}:${name}`,
    type: 'visit',
    v: 1,
    site: 'curial',
    visitorName: name,
    reason: 'Acte de naissance',
    serviceId: 'service:etat-civil',
    vigipirate: { idChecked: true, doorOpenedBy: 'A', doorOpenedAt: arrivedAt },
    arrivedAt,
    createdBy: 'd',
    updatedAt: arrivedAt,
    updatedBy: 'd',
    fieldGen: {},
    day: arrivedAt.slice(0, 10),
    status: 'present',
    conflicted: 0,
    ...extra
  }) as VisitRow;

const now = new Date('2026-11-30T10:00:00.000Z');

describe('PresentList', () => {
  it('says when nobody is present', () => {
    render(PresentList, { props: { visits: [], serviceNames: {}, now } });
    expect(screen.getByText("Personne n'est enregistré comme présent.")).toBeInTheDocument();
  });

  it('lists visitors with service, Paris arrival time and time since arrival', () => {
    render(PresentList, {
      props: {
        visits: [visit('Camille', '2026-11-30T08:15:00.000Z', { organisation: 'SNCF' }), visit('Jean', '2026-11-30T09:58:00.000Z')],
        serviceNames: { 'service:etat-civil': 'État civil' },
        now
      }
    });
    const rows = screen.getAllByTestId('present-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('Camille')).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('SNCF');
    expect(rows[0]).toHaveTextContent('État civil');
    expect(rows[0]).toHaveTextContent('09:15'); // 08:15 UTC is 09:15 in Paris in winter
    expect(rows[0]).toHaveTextContent('depuis 1 h 45');
    expect(rows[1]).toHaveTextContent('depuis 2 min');
  });

  it('checks a visitor out with an accessible button', async () => {
    const oncheckout = vi.fn();
    render(PresentList, { props: { visits: [visit('Camille', '2026-11-30T08:15:00.000Z')], serviceNames: {}, now, oncheckout } });
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer la sortie de Camille' }));
    expect(oncheckout).toHaveBeenCalledWith(expect.objectContaining({ visitorName: 'Camille' }));
  });

  it('flags a visit being merged after edits on two desks', () => {
    render(PresentList, { props: { visits: [visit('Camille', '2026-11-30T08:15:00.000Z', { conflicted: 1 })], serviceNames: {}, now } });
    expect(screen.getByText(/Modifié sur deux postes/)).toBeInTheDocument();
  });

  it('a kiosk check-in oriented to service:accueil shows « Accueil général », never the raw service id', () => {
    render(PresentList, {
      props: { visits: [visit('Zoé', '2026-11-30T08:15:00.000Z', { serviceId: 'service:accueil', source: 'kiosk' }), visit('Jean', '2026-11-30T08:20:00.000Z', { serviceId: 'service:pas-encore-synchronise' })], serviceNames: {}, now }
    });
    const rows = screen.getAllByTestId('present-row');
    expect(rows[0]).toHaveTextContent('Accueil général');
    expect(rows[1]).toHaveTextContent('Service non répertorié');
    expect(document.body.textContent).not.toContain('service:');
  });

  it('prints without action buttons', () => {
    render(PresentList, { props: { visits: [visit('Camille', '2026-11-30T08:15:00.000Z')], serviceNames: {}, now, printable: true } });
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('a kiosk visitor who could not sign, once admitted', () => {
  it('still shows the consent to record in the present list, and « Accord recueilli » records it (it was only in the queue)', async () => {
    const onconsent = vi.fn();
    render(PresentList, { visits: [visit('Sans Signature', '2026-11-30T09:00:00.000Z', { consentAtDesk: true, source: 'kiosk' })], serviceNames: {}, now, onconsent });
    expect(screen.getByTestId('present-consent-to-record')).toHaveTextContent('Accord à recueillir');
    await userEvent.click(screen.getByRole('button', { name: 'Accord recueilli : Sans Signature' }));
    expect(onconsent).toHaveBeenCalledOnce();
  });

  it('shows nothing once the consent is recorded, nor on the printed evacuation list', () => {
    const recorded = visit('Enregistré', '2026-11-30T09:00:00.000Z', { consentAtDesk: true, consentRecordedAt: '2026-11-30T09:05:00.000Z', consentRecordedBy: 'Chloé Martin' });
    const pending = visit('À Recueillir', '2026-11-30T09:01:00.000Z', { consentAtDesk: true });
    render(PresentList, { visits: [recorded, pending], serviceNames: {}, now, printable: true });
    expect(screen.queryByTestId('present-consent-to-record')).toBeNull();
  });
});
