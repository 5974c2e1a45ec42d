// The calendar worker's pure pieces: window, backoff, when a feed state is written.
import { describe, expect, it } from 'vitest';
import type { FeedDoc, RoomDoc } from '../../../src/lib/domain/planning';
import { backoffMs, calendarWindow, FEED_HEARTBEAT_MS, nextFeedState } from '../../../sync-server/src/workers/calendars-feed';

const ROOM: RoomDoc = { _id: 'room:hdv:salle-du-conseil', type: 'room', v: 1, site: 'hdv', name: 'Salle du conseil', floor: '', capacity: 80, equipment: [], directions: '' };
const NOW = new Date('2026-03-24T07:30:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('calendarWindow', () => {
  it('runs from Paris midnight today over the given days, across the spring DST change', () => {
    expect(calendarWindow(NOW, 14)).toEqual({ from: new Date('2026-03-23T23:00:00.000Z'), to: new Date('2026-04-06T22:00:00.000Z'), day: '2026-03-24' });
  });
  it('takes the Paris day, not the UTC one, just after midnight in summer', () => {
    expect(calendarWindow(new Date('2026-07-01T22:30:00.000Z'), 1)).toEqual({ from: new Date('2026-07-01T22:00:00.000Z'), to: new Date('2026-07-02T22:00:00.000Z'), day: '2026-07-02' });
  });
});

describe('backoffMs', () => {
  it('waits 1, 2, 4… poll intervals after failures, at most an hour', () => {
    const poll = 300_000;
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffMs(n, poll) / 60_000)).toEqual([0, 5, 10, 20, 40, 60, 60, 60]);
  });
  it('never waits less than one interval when the interval is over an hour', () => {
    expect(backoffMs(3, 2 * 3600_000)).toBe(2 * 3600_000);
  });
});

describe('nextFeedState', () => {
  const ok: FeedDoc & { _rev: string } = { _id: `feed:${ROOM._id}`, _rev: '1-a', type: 'feed', v: 1, site: 'hdv', roomId: ROOM._id, checkedAt: NOW.toISOString(), okAt: NOW.toISOString(), failures: 0, meetings: 5 };

  it('writes a first state, then only what advisers would see change', () => {
    expect(nextFeedState(null, ROOM, { kind: 'ok', meetings: 5 }, NOW)).toEqual({ ...ok, _rev: undefined });
    expect(nextFeedState(ok, ROOM, { kind: 'ok', meetings: 5 }, later(60_000))).toBeNull();
    expect(nextFeedState(ok, ROOM, { kind: 'unchanged' }, later(60_000))).toBeNull();
    expect(nextFeedState(ok, ROOM, { kind: 'ok', meetings: 6 }, later(60_000))).toMatchObject({ _rev: '1-a', meetings: 6 });
  });
  it('refreshes the times of a quiet feed every quarter of an hour', () => {
    expect(nextFeedState(ok, ROOM, { kind: 'unchanged' }, later(FEED_HEARTBEAT_MS - 1))).toBeNull();
    expect(nextFeedState(ok, ROOM, { kind: 'unchanged' }, later(FEED_HEARTBEAT_MS))).toMatchObject({ checkedAt: later(FEED_HEARTBEAT_MS).toISOString(), okAt: later(FEED_HEARTBEAT_MS).toISOString(), meetings: 5 });
  });
  it('counts failures, keeps the last success and the meeting count, cuts long errors', () => {
    const failed = nextFeedState(ok, ROOM, { kind: 'failed', error: `Flux d'agenda illisible : ${'mot '.repeat(200)}` }, later(60_000))!;
    expect(failed).toMatchObject({ failures: 1, okAt: NOW.toISOString(), meetings: 5, checkedAt: later(60_000).toISOString() });
    expect(failed.error!.length).toBeLessThanOrEqual(300);
    expect(failed.error).toMatch(/…$/);
    const again = nextFeedState({ ...failed, _rev: '2-b' }, ROOM, { kind: 'failed', error: 'Le serveur a répondu 503' }, later(120_000));
    expect(again).toMatchObject({ failures: 2, okAt: NOW.toISOString(), error: 'Le serveur a répondu 503' });
    const back = nextFeedState({ ...again!, _rev: '3-c' }, ROOM, { kind: 'unchanged' }, later(180_000))!;
    expect(back).toMatchObject({ failures: 0, okAt: later(180_000).toISOString() });
    expect(back.error).toBeUndefined();
  });
});
