import { describe, expect, it } from 'vitest';
import { visitFormInput } from '$lib/testing/fixtures';
import { formErrors } from '$lib/ui/form-errors';
import { visitForm, type VisitFormInput } from './form';

/** Field → first message for an input, or {} when the form is valid. */
const errorsOf = (overrides: Partial<VisitFormInput> & Record<string, unknown>) => {
  const res = visitForm.safeParse({ ...visitFormInput(), ...overrides });
  return res.success ? {} : formErrors(res.error);
};

describe('visitForm', () => {
  it('accepts a complete form and fills the defaults', () => {
    const res = visitForm.parse(visitFormInput({ visitorName: '  Élodie Martin ' }));
    expect(res.refused).toBe(false);
    expect(res.visitorName).toBe('Élodie Martin');
  });

  it('accepts a form without organisation', () => {
    expect(errorsOf({ organisation: undefined })).toEqual({});
  });

  it.each([
    [{ visitorName: '' }, 'visitorName', 'Indiquez le nom du visiteur.'],
    [{ visitorName: '   ' }, 'visitorName', 'Indiquez le nom du visiteur.'],
    [{ visitorName: 'x'.repeat(121) }, 'visitorName', 'Nom trop long (120 caractères au plus).'],
    [{ organisation: 'x'.repeat(121) }, 'organisation', 'Organisme trop long (120 caractères au plus).'],
    [{ reason: '' }, 'reason', 'Choisissez ou saisissez le motif de la visite.'],
    [{ reason: 'x'.repeat(201) }, 'reason', 'Motif trop long.'],
    [{ serviceId: '' }, 'serviceId', 'Choisissez le service vers lequel orienter le visiteur.'],
    [{ serviceId: 'room:hdv:salle' }, 'serviceId', 'Choisissez le service vers lequel orienter le visiteur.'],
    [{ doorOpenedBy: ' ' }, 'doorOpenedBy', 'Indiquez qui a ouvert la porte.'],
    [{ doorOpenedBy: 'x'.repeat(81) }, 'doorOpenedBy', 'Nom trop long (80 caractères au plus).'],
    [{ refused: true, refusedReason: 'x'.repeat(301) }, 'refusedReason', 'Motif du refus trop long (300 caractères au plus).'],
    [{ site: 'annecy' as never }, 'site', 'Choisissez le bâtiment.']
  ])('%j → %s: %s', (overrides, field, message) => {
    expect(errorsOf(overrides)).toEqual({ [field]: message });
  });

  describe('refusal', () => {
    it('needs a reason', () => {
      expect(errorsOf({ refused: true })).toEqual({ refusedReason: "Indiquez le motif du refus d'accès." });
      expect(errorsOf({ refused: true, refusedReason: '   ' })).toEqual({ refusedReason: "Indiquez le motif du refus d'accès." });
    });
    it('with a reason, needs no identity check', () => {
      expect(errorsOf({ refused: true, refusedReason: 'Refus de présenter une pièce', idChecked: false })).toEqual({});
    });
    it('ignores a stray reason when the visitor was not refused', () => {
      expect(errorsOf({ refused: false, refusedReason: 'brouillon' })).toEqual({});
    });
  });

  describe('identity check', () => {
    it('is needed before letting a visitor in', () => {
      expect(errorsOf({ idChecked: false })).toEqual({ idChecked: "Le contrôle d'identité Vigipirate doit être fait avant l'entrée." });
      expect(errorsOf({ idChecked: false, refused: false })).toEqual({
        idChecked: "Le contrôle d'identité Vigipirate doit être fait avant l'entrée."
      });
    });
    it('is reported together with the other field errors', () => {
      expect(errorsOf({ idChecked: false, visitorName: '' })).toEqual({
        visitorName: 'Indiquez le nom du visiteur.',
        idChecked: "Le contrôle d'identité Vigipirate doit être fait avant l'entrée."
      });
    });
  });

  it('speaks French for every string rule an adviser can break', () => {
    const worst = {
      site: 'annecy',
      visitorName: 'x'.repeat(121),
      organisation: 'x'.repeat(121),
      reason: 'x'.repeat(201),
      serviceId: 'x',
      idChecked: true,
      doorOpenedBy: 'x'.repeat(81),
      refused: true,
      refusedReason: 'x'.repeat(301)
    };
    const res = visitForm.safeParse(worst);
    expect(res.success).toBe(false);
    for (const issue of res.error?.issues ?? []) {
      expect(issue.message, issue.path.join('.')).not.toMatch(/expected|Too big|Too small|Invalid/);
    }
  });
});

describe('formErrors', () => {
  it('keeps the first message of each field, keyed by top-level field', () => {
    const res = visitForm.safeParse({ ...visitFormInput(), visitorName: '', reason: '', refused: true });
    expect(res.success).toBe(false);
    if (!res.success) {
      expect(formErrors(res.error)).toEqual({
        visitorName: 'Indiquez le nom du visiteur.',
        reason: 'Choisissez ou saisissez le motif de la visite.',
        refusedReason: "Indiquez le motif du refus d'accès."
      });
    }
  });
});
