import { describe, expect, it } from 'vitest';
import { parseIcs } from './parse';

const calendar = (...props: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:cse', 'SUMMARY:CSE', 'DTSTART:20260105T090000Z', 'DURATION:PT1H', ...props, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n') + '\r\n';

function read(text: string) {
  const r = parseIcs(text, { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('notices for the person importing', () => {
  it('an empty RRULE: line no longer warns of an internal TypeError: a precise warning, a notice, one occurrence', () => {
    const r = read(calendar('RRULE:'));
    expect(r.occurrences.map((o) => o.start)).toEqual(['2026-01-05T09:00:00.000Z']);
    expect(r.warnings).toEqual(['event "cse": RRULE {} has no FREQ: ignored, the event is read at its DTSTART (and RDATEs) only']);
    expect(r.warnings.join()).not.toMatch(/TypeError|Cannot read/);
    expect(r.notices).toEqual([{ kind: 'rule-empty', uid: 'cse', title: 'CSE', start: '2026-01-05T09:00:00.000Z' }]);
  });

  it('an RRULE with parts but no FREQ is reported the same way, and its RDATEs are kept', () => {
    const r = read(calendar('RRULE:COUNT=3', 'RDATE:20260112T090000Z'));
    expect(r.occurrences.map((o) => o.start)).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-12T09:00:00.000Z']);
    expect(r.notices.map((n) => n.kind)).toEqual(['rule-empty']);
  });

  it('a rule the expansion rejects is a notice too', () => {
    const r = read(calendar('RRULE:FREQ=WEEKLY;BYYEARDAY=1'));
    expect(r.occurrences).toHaveLength(1);
    expect(r.notices.map((n) => n.kind)).toEqual(['rule-unreadable']);
  });

  it('a valid file gives no notice', () => {
    expect(read(calendar('RRULE:FREQ=WEEKLY;COUNT=2')).notices).toEqual([]);
  });
});
