import type ICAL from 'ical.js';
import { textOf } from './event-values';

/** What an occurrence shows, read from the VEVENT that produced it (master or override). */
export interface EventFields {
  title: string;
  location: string;
  description: string;
  organiser: string;
  cancelled: boolean;
  attendees: number;
  /** CLASS:PRIVATE or CONFIDENTIAL: the owner shares only that the time is taken. */
  confidential: boolean;
}

/** Shown for events without SUMMARY; the only user-facing text the parser writes. */
export const UNTITLED = '(sans titre)';
export const DESCRIPTION_MAX = 1000;

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never cut between the two halves of a surrogate pair (emoji in a Teams invitation).
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

function organiserOf(event: ICAL.Component): string {
  const prop = event.getFirstProperty('organizer');
  if (!prop) return '';
  const cnParam = prop.getParameter('cn');
  const cn = Array.isArray(cnParam) ? cnParam[0] : cnParam;
  if (typeof cn === 'string' && cn.trim()) return cn.trim();
  const address = prop.jCal[3];
  return typeof address === 'string' ? address.replace(/^mailto:/i, '').trim() : '';
}

export function readFields(event: ICAL.Component): EventFields {
  return {
    title: textOf(event, 'summary') || UNTITLED,
    location: textOf(event, 'location'),
    description: truncate(textOf(event, 'description'), DESCRIPTION_MAX),
    organiser: organiserOf(event),
    cancelled: textOf(event, 'status').toUpperCase() === 'CANCELLED',
    attendees: event.getAllProperties('attendee').length,
    confidential: ['PRIVATE', 'CONFIDENTIAL'].includes(textOf(event, 'class').toUpperCase())
  };
}
