import { describe, expect, it } from 'vitest';
import { formErrors } from '$lib/ui/form-errors';
import { defaultDue, equipmentForm, loanForm, type LoanFormInput } from './form';

// 09:05 UTC is 10:05 in Paris in March (UTC+1).
const NOW = new Date('2026-03-10T09:05:00.000Z');

const input = (o: Partial<LoanFormInput> = {}): LoanFormInput => ({
  equipmentId: 'equipment:curial:pc-portable-3',
  agent: 'Sophie Bernard',
  service: 'Urbanisme',
  dueDay: '2026-03-10',
  dueTime: '17:00',
  ...o
});

describe('loanForm', () => {
  it('reads the due date and time on the Paris clock', () => {
    expect(loanForm(NOW).parse(input()).dueAt).toBe('2026-03-10T16:00:00.000Z');
    // Summer time from 29 March 2026: 17:00 in Paris is 15:00 UTC.
    expect(loanForm(NOW).parse(input({ dueDay: '2026-04-02' })).dueAt).toBe('2026-04-02T15:00:00.000Z');
  });

  it('asks for the agent, the service and the due date, in French, beside each field', () => {
    const res = loanForm(NOW).safeParse(input({ agent: ' ', service: '', dueDay: '' }));
    expect(res.success).toBe(false);
    expect(formErrors(res.error!)).toEqual({
      agent: "Indiquez le nom de l'agent.",
      service: "Indiquez le service de l'agent.",
      dueDay: 'Indiquez la date de retour prévue.'
    });
  });

  it('refuses a due time already past, on the field to change', () => {
    const earlier = loanForm(NOW).safeParse(input({ dueTime: '10:00' }));
    expect(formErrors(earlier.error!)).toEqual({ dueTime: 'Le retour prévu doit être après maintenant.' });
    const yesterday = loanForm(NOW).safeParse(input({ dueDay: '2026-03-09' }));
    expect(formErrors(yesterday.error!)).toEqual({ dueDay: 'Le retour prévu doit être après maintenant.' });
  });

  it('refuses the hour skipped when clocks go forward', () => {
    const res = loanForm(NOW).safeParse(input({ dueDay: '2026-03-29', dueTime: '02:30' }));
    expect(formErrors(res.error!)).toEqual({ dueTime: "Cette heure n'existe pas ce jour-là (passage à l'heure d'été)." });
  });
});

describe('defaultDue', () => {
  it('brings keys and badges back today at 17:00, tomorrow once it is past', () => {
    expect(defaultDue('key', NOW)).toEqual({ dueDay: '2026-03-10', dueTime: '17:00' });
    expect(defaultDue('badge', new Date('2026-03-10T16:30:00.000Z'))).toEqual({ dueDay: '2026-03-11', dueTime: '17:00' });
    // 23:30 UTC on 10 March is already 11 March in Paris.
    expect(defaultDue('key', new Date('2026-03-10T23:30:00.000Z'))).toEqual({ dueDay: '2026-03-11', dueTime: '17:00' });
  });

  it('lets the adviser choose the date for other kinds', () => {
    expect(defaultDue('laptop', NOW)).toEqual({ dueDay: '', dueTime: '17:00' });
  });
});

describe('equipmentForm', () => {
  it('asks for a label', () => {
    const res = equipmentForm.safeParse({ site: 'curial', kind: 'laptop', label: '', reference: '' });
    expect(formErrors(res.error!)).toEqual({ label: "Indiquez le nom de l'équipement." });
  });
});
