function (newDoc, oldDoc, userCtx, secObj) {
  // structure (planning): the shape of every document of this database. Runs in Apache CouchDB
  // and in the embedded server, for every writer. It mirrors the zod schemas of
  // src/lib/domain/*.ts (a parity test feeds both the same samples) and adds the id prefixes
  // the schemas only document. Self-contained ES5: CouchDB design functions import nothing.
  var DB = 'planning';
  // @include structure-prelude

  function checkRoom() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    prefixed(doc, '_id', 'room:' + doc.site + ':', '_id');
    text(doc, 'name', 80, 'name');
    shortStr(doc, 'floor', 40, 'floor');
    integer(doc, 'capacity', 1, 2000, 'capacity');
    textList(doc, 'equipment', 30, 60, 'equipment');
    shortStr(doc, 'directions', 300, 'directions');
    if (!optional(doc, 'calendarUrl')) {
      var url = str(doc, 'calendarUrl', 'calendarUrl').trim();
      var ok;
      // CouchDB's JavaScript has no URL parser; the embedded server (Node) has the one zod uses.
      if (typeof URL === 'function') {
        try {
          new URL(url);
          ok = true;
        } catch (e) {
          ok = false;
        }
      } else {
        ok = /^[a-zA-Z][a-zA-Z0-9+.\-]*:[^\s]+$/.test(url) && !/^(https?|wss?|ftp):\/*$/i.test(url);
      }
      if (!ok) fail('calendarUrl', 'expected a URL');
    }
  }
  function checkMeeting() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    prefixed(doc, '_id', 'meeting:' + doc.site + ':', '_id');
    prefixed(doc, 'roomId', 'room:', 'roomId');
    text(doc, 'title', 200, 'title');
    shortStr(doc, 'organiser', 120, 'organiser');
    instant(doc, 'start', 'start');
    instant(doc, 'end', 'end');
    if (!optional(doc, 'expectedAttendees')) integer(doc, 'expectedAttendees', 0, 5000, 'expectedAttendees');
    if (!oneOf(doc.source, ['manual', 'ics', 'zimbra'])) fail('source', 'expected manual, ics or zimbra');
    if (!optional(doc, 'icsUid')) text(doc, 'icsUid', 500, 'icsUid');
    if (!optional(doc, 'recurrenceId')) instant(doc, 'recurrenceId', 'recurrenceId');
    if (!optional(doc, 'allDay') && typeof doc.allDay !== 'boolean') fail('allDay', 'expected a boolean');
    if (!optional(doc, 'cancelled') && typeof doc.cancelled !== 'boolean') fail('cancelled', 'expected a boolean');
    if (!optional(doc, 'updatedAt')) instant(doc, 'updatedAt', 'updatedAt');
    if (!optional(doc, 'updatedBy')) shortStr(doc, 'updatedBy', 80, 'updatedBy');
    if (!(Date.parse(doc.start) < Date.parse(doc.end))) fail('end', 'must follow start');
  }
  // Mirrors feedDoc in src/lib/domain/planning.ts: a Zimbra feed's state, by the server's worker.
  function checkFeed() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    prefixed(doc, 'roomId', 'room:', 'roomId');
    if (doc._id !== 'feed:' + doc.roomId) fail('_id', 'must be "feed:<roomId>"');
    instant(doc, 'checkedAt', 'checkedAt');
    if (!optional(doc, 'okAt')) instant(doc, 'okAt', 'okAt');
    if (!optional(doc, 'error')) shortStr(doc, 'error', 300, 'error');
    integer(doc, 'failures', 0, null, 'failures');
    integer(doc, 'meetings', 0, null, 'meetings');
  }
  // Mirrors boardPrintDoc in src/lib/domain/planning.ts: the board as it was last printed.
  function checkBoardPrint() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    day(doc, 'day', 'day');
    if (doc._id !== 'boardprint:' + doc.site + ':' + doc.day) fail('_id', 'must be "boardprint:<site>:<day>"');
    instant(doc, 'printedAt', 'printedAt');
    text(doc, 'printedBy', 80, 'printedBy');
    var entries = list(doc, 'entries', 500, 'entries');
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      var p = 'entries.' + i;
      if (!isObj(e)) fail(p, 'expected an object');
      prefixed(e, 'id', 'meeting:', p + '.id');
      if (e.id.length > 200) fail(p + '.id', 'must be at most 200 characters');
      instant(e, 'start', p + '.start');
      instant(e, 'end', p + '.end');
      text(e, 'title', 200, p + '.title');
      prefixed(e, 'roomId', 'room:', p + '.roomId');
      if (typeof e.cancelled !== 'boolean') fail(p + '.cancelled', 'expected a boolean');
    }
  }
  // Mirrors callDoc in src/lib/domain/ticket.ts: a called ticket for the hallway display.
  function checkCall() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    day(doc, 'day', 'day');
    if (!/^[A-HJ-NP-Z][1-9]\d{0,2}$/.test(str(doc, 'number', 'number'))) fail('number', 'expected a series letter and a sequence');
    integer(doc, 'guichet', 1, 20, 'guichet');
    instant(doc, 'calledAt', 'calledAt');
    instant(doc, 'issuedAt', 'issuedAt');
    text(doc, 'device', 80, 'device');
    if (doc._id !== 'call:' + doc.site + ':' + doc.day + ':' + doc.number + ':' + doc.device) fail('_id', 'must be "call:<site>:<day>:<number>:<device>"');
  }
  // @include conflict-check

  checkBase(['room', 'meeting', 'conflict', 'call', 'feed', 'boardprint']);
  if (newDoc.type === 'feed') checkFeed();
  if (newDoc.type === 'boardprint') checkBoardPrint();
  if (newDoc.type === 'call') checkCall();
  if (newDoc.type === 'room') checkRoom();
  if (newDoc.type === 'meeting') checkMeeting();
  if (newDoc.type === 'conflict') checkConflict();
}
