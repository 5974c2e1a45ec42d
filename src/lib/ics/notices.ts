/**
 * An event the parse could not read the way its file says, for the person importing it. The
 * English `warnings` of IcsResult go to logs; these carry what the UI needs to say it in French.
 * - rule-empty: an RRULE with no FREQ (`RRULE:` alone): the event is read as DTSTART only.
 * - rule-unreadable: an RRULE the expansion rejects: DTSTART (and RDATEs) only.
 * - rule-too-long: the expansion ran out of steps: later occurrences may be missing.
 */
export interface IcsNotice {
  kind: 'rule-empty' | 'rule-unreadable' | 'rule-too-long';
  uid: string;
  /** SUMMARY of the master event, as occurrences show it. */
  title: string;
  /** ISO instant of the master's DTSTART. */
  start: string;
}
