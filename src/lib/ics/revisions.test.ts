import { describe, expect, it } from 'vitest';
import { parseIcs } from './parse';

// Several VEVENTs with one UID and no RECURRENCE-ID are revisions of one event (RFC 5546
// §2.1.5): only the latest is read. Paris is UTC+1 in January 2026.

const calendar = (...body: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...body, 'END:VCALENDAR'].join('\r\n') + '\r\n';
const event = (...props: string[]) => ['BEGIN:VEVENT', 'UID:comite', ...props, 'END:VEVENT'].join('\r\n');
/** A weekly Monday series with 4 instances from 5 January 2026 at `time` Paris. */
const weekly = (sequence: number, time: string, summary: string, ...more: string[]) =>
  event(`SEQUENCE:${sequence}`, 'DTSTAMP:20251201T080000Z', `DTSTART;TZID=Europe/Paris:20260105T${time}`, 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=4', `SUMMARY:${summary}`, ...more);

function read(text: string) {
  const r = parseIcs(text, { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') });
  if (!r.ok) throw new Error(r.error);
  return r;
}
const shown = (text: string) => read(text).occurrences.map((o) => `${o.start.slice(0, 16)} ${o.title}`);

describe('several revisions of one UID', () => {
  it('three masters with SEQUENCE 0, 1 and 2 no longer show the meeting three times', () => {
    const text = calendar(weekly(0, '090000', 'v0'), weekly(2, '110000', 'v2'), weekly(1, '100000', 'v1'));
    expect(shown(text)).toEqual(['2026-01-05T10:00 v2', '2026-01-12T10:00 v2', '2026-01-19T10:00 v2', '2026-01-26T10:00 v2']);
    expect(read(text).warnings).toContain('event "comite": 3 revisions in the file, only the latest (SEQUENCE 2) is read');
  });

  it('an instance deleted (EXDATE) in the latest revision does not come back from the older one', () => {
    const text = calendar(weekly(0, '100000', 'Comité'), weekly(1, '100000', 'Comité', 'EXDATE;TZID=Europe/Paris:20260112T100000'));
    expect(shown(text)).toEqual(['2026-01-05T09:00 Comité', '2026-01-19T09:00 Comité', '2026-01-26T09:00 Comité']);
  });

  it('an instance moved in the latest revision is not shown at its old time as well', () => {
    const moved = event('SEQUENCE:1', 'RECURRENCE-ID;TZID=Europe/Paris:20260112T100000', 'DTSTART;TZID=Europe/Paris:20260113T150000', 'DURATION:PT1H', 'SUMMARY:Déplacé');
    const text = calendar(weekly(0, '100000', 'Comité'), weekly(1, '100000', 'Comité'), moved);
    expect(shown(text)).toEqual(['2026-01-05T09:00 Comité', '2026-01-13T14:00 Déplacé', '2026-01-19T09:00 Comité', '2026-01-26T09:00 Comité']);
  });

  it('an override of an older revision (lower SEQUENCE) no longer moves an instance of the latest', () => {
    const stale = event('SEQUENCE:0', 'RECURRENCE-ID;TZID=Europe/Paris:20260112T100000', 'DTSTART;TZID=Europe/Paris:20260113T150000', 'SUMMARY:Ancien');
    const r = read(calendar(weekly(0, '100000', 'Comité'), stale, weekly(1, '100000', 'Comité')));
    expect(r.occurrences.map((o) => o.title)).toEqual(['Comité', 'Comité', 'Comité', 'Comité']);
    expect(r.warnings).toContain('event "comite": 1 override(s) of an older revision ignored (SEQUENCE below 1)');
  });

  it('at equal SEQUENCE the later DTSTAMP wins, wherever it is in the file', () => {
    const late = weekly(3, '140000', 'tard').replace('DTSTAMP:20251201T080000Z', 'DTSTAMP:20251215T080000Z');
    const early = weekly(3, '090000', 'tôt');
    expect(shown(calendar(late, early))[0]).toBe('2026-01-05T13:00 tard');
    expect(shown(calendar(early, late))[0]).toBe('2026-01-05T13:00 tard');
  });

  it('one master keeps its overrides even with a lower SEQUENCE (producers do not always raise it)', () => {
    const moved = event('SEQUENCE:0', 'RECURRENCE-ID;TZID=Europe/Paris:20260112T100000', 'DTSTART;TZID=Europe/Paris:20260113T150000', 'SUMMARY:Déplacé');
    expect(shown(calendar(weekly(4, '100000', 'Comité'), moved))[1]).toBe('2026-01-13T14:00 Déplacé');
  });

  it('single events sharing a UID are revisions too: only the latest shows', () => {
    const single = (sequence: number, day: string) => event(`SEQUENCE:${sequence}`, `DTSTART;TZID=Europe/Paris:202601${day}T100000`, 'DURATION:PT1H', 'SUMMARY:Réunion');
    expect(shown(calendar(single(1, '20'), single(0, '15')))).toEqual(['2026-01-20T09:00 Réunion']);
  });
});
