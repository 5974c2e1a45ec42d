function (newDoc, oldDoc, userCtx, secObj) {
  // structure (accueil): the shape of every document of this database. Runs in Apache CouchDB
  // and in the embedded server, for every writer. It mirrors the zod schemas of
  // src/lib/domain/*.ts (a parity test feeds both the same samples) and adds the id prefixes
  // the schemas only document. Self-contained ES5: CouchDB design functions import nothing.
  var DB = 'accueil';
  // @include structure-prelude

  function checkVisit() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    prefixed(doc, '_id', 'visit:' + doc.site + ':', '_id');
    text(doc, 'visitorName', 120, 'visitorName');
    if (!optional(doc, 'organisation')) shortStr(doc, 'organisation', 120, 'organisation');
    text(doc, 'reason', 200, 'reason');
    prefixed(doc, 'serviceId', 'service:', 'serviceId');
    if (!optional(doc, 'source') && !oneOf(doc.source, ['desk', 'kiosk'])) fail('source', 'expected desk or kiosk');
    // A kiosk arrival has no filtering facts until an adviser admits it at the door.
    if (optional(doc, 'vigipirate') && doc.source !== 'kiosk') fail('vigipirate', 'required');
    var vigi = optional(doc, 'vigipirate') ? {} : doc.vigipirate;
    if (!isObj(vigi)) fail('vigipirate', 'expected an object');
    for (var key in vigi) {
      if (!oneOf(key, ['idChecked', 'doorOpenedBy', 'doorOpenedAt', 'refusedReason'])) fail('vigipirate.' + key, 'unknown field');
    }
    if (!optional(doc, 'vigipirate')) {
      if (typeof vigi.idChecked !== 'boolean') fail('vigipirate.idChecked', 'expected a boolean');
      text(vigi, 'doorOpenedBy', 80, 'vigipirate.doorOpenedBy');
      instant(vigi, 'doorOpenedAt', 'vigipirate.doorOpenedAt');
      if (!optional(vigi, 'refusedReason')) shortStr(vigi, 'refusedReason', 300, 'vigipirate.refusedReason');
    }
    instant(doc, 'arrivedAt', 'arrivedAt');
    if (!optional(doc, 'checkedOutAt')) {
      instant(doc, 'checkedOutAt', 'checkedOutAt');
      if (Date.parse(doc.checkedOutAt) < Date.parse(doc.arrivedAt)) fail('checkedOutAt', 'must not precede arrivedAt');
    }
    if (!optional(doc, 'checkedOutBy')) shortStr(doc, 'checkedOutBy', 80, 'checkedOutBy');
    if (!optional(doc, 'sentTo')) {
      site(doc, 'sentTo', 'sentTo');
      if (doc.sentTo === doc.site) fail('sentTo', 'must be the other building');
    }
    if (!optional(doc, 'receivedAt')) {
      instant(doc, 'receivedAt', 'receivedAt');
      if (optional(doc, 'sentTo')) fail('receivedAt', 'only a visitor sent to the other building is received there');
    }
    if (!optional(doc, 'receivedBy')) shortStr(doc, 'receivedBy', 80, 'receivedBy');
    if (!optional(doc, 'consentAtDesk') && doc.consentAtDesk !== true) fail('consentAtDesk', 'expected true');
    if (!optional(doc, 'consentRecordedAt')) instant(doc, 'consentRecordedAt', 'consentRecordedAt');
    if (!optional(doc, 'consentRecordedBy')) shortStr(doc, 'consentRecordedBy', 80, 'consentRecordedBy');
    if (!optional(doc, 'history')) {
      var events = list(doc, 'history', 50, 'history');
      for (var e = 0; e < events.length; e++) {
        var ev = events[e];
        var ep = 'history.' + e;
        if (!isObj(ev)) fail(ep, 'expected an object');
        for (var evKey in ev) {
          if (!oneOf(evKey, ['event', 'at', 'by'])) fail(ep + '.' + evKey, 'unknown field');
        }
        if (!oneOf(ev.event, ['checkout', 'checkout-undone'])) fail(ep + '.event', 'expected checkout or checkout-undone');
        instant(ev, 'at', ep + '.at');
        text(ev, 'by', 80, ep + '.by');
      }
    }
    text(doc, 'createdBy', 80, 'createdBy');
    instant(doc, 'updatedAt', 'updatedAt');
    text(doc, 'updatedBy', 80, 'updatedBy');
    if (!isObj(doc.fieldGen)) fail('fieldGen', 'expected an object');
    var mutable = ['visitorName', 'organisation', 'reason', 'serviceId', 'vigipirate', 'checkedOutAt', 'checkedOutBy', 'sentTo', 'receivedAt', 'receivedBy', 'consentRecordedAt', 'consentRecordedBy', 'history'];
    for (var field in doc.fieldGen) {
      if (!oneOf(field, mutable)) fail('fieldGen.' + field, 'not a mutable visit field');
      integer(doc.fieldGen, field, 1, null, 'fieldGen.' + field);
    }
  }
  function checkReceipt() {
    var doc = newDoc;
    if (!oneOf(doc.kind, ['remise', 'depot'])) fail('kind', 'expected remise or depot');
    site(doc, 'site', 'site');
    if (!/^[CH]-\d{4}-[A-Z2-9]{4}-\d{4,6}$/.test(str(doc, 'number', 'number'))) fail('number', 'expected <site letter>-<year>-<device code>-<sequence>');
    if (doc._id !== 'receipt:' + doc.site + ':' + doc.number) fail('_id', 'must be "receipt:' + doc.site + ':' + doc.number + '"');
    var person = doc.person;
    if (!isObj(person)) fail('person', 'expected an object');
    for (var key in person) {
      if (!oneOf(key, ['name', 'idChecked', 'idDocument'])) fail('person.' + key, 'unknown field');
    }
    text(person, 'name', 120, 'person.name');
    if (typeof person.idChecked !== 'boolean') fail('person.idChecked', 'expected a boolean');
    if (!optional(person, 'idDocument')) shortStr(person, 'idDocument', 80, 'person.idDocument');
    textList(doc, 'documents', 30, 200, 'documents');
    if (doc.documents.length < 1) fail('documents', 'must have at least 1 item');
    if (!optional(doc, 'dossier')) {
      var d = doc.dossier;
      if (!isObj(d)) fail('dossier', 'expected an object');
      for (var dk in d) {
        if (!oneOf(dk, ['checklistId', 'procedure', 'items'])) fail('dossier.' + dk, 'unknown field');
      }
      prefixed(d, 'checklistId', 'checklist:', 'dossier.checklistId');
      text(d, 'procedure', 120, 'dossier.procedure');
      var items = list(d, 'items', 60, 'dossier.items');
      for (var i = 0; i < items.length; i++) {
        var it = items[i];
        var p = 'dossier.items.' + i;
        if (!isObj(it)) fail(p, 'expected an object');
        for (var ik in it) {
          if (!oneOf(ik, ['label', 'required', 'present'])) fail(p + '.' + ik, 'unknown field');
        }
        text(it, 'label', 200, p + '.label');
        if (typeof it.required !== 'boolean') fail(p + '.required', 'expected a boolean');
        if (typeof it.present !== 'boolean') fail(p + '.present', 'expected a boolean');
      }
    }
    if ((doc.kind === 'depot') !== !optional(doc, 'dossier')) fail('dossier', 'a dossier deposit, and only it, carries its checklist');
    instant(doc, 'createdAt', 'createdAt');
    text(doc, 'adviser', 80, 'adviser');
    text(doc, 'createdBy', 80, 'createdBy');
  }
  // Mirrors appointmentDoc in src/lib/domain/appointment.ts. The id is the seat's: two
  // bookings of one seat are one document, so they meet as a replication conflict.
  function checkAppointment() {
    var doc = newDoc;
    var statuses = ['booked', 'cancelled', 'arrived', 'no-show'];
    prefixed(doc, 'serviceId', 'service:', 'serviceId');
    site(doc, 'site', 'site');
    instant(doc, 'start', 'start');
    instant(doc, 'end', 'end');
    integer(doc, 'seat', 1, 20, 'seat');
    if (doc._id !== 'appointment:' + doc.serviceId.slice(8) + ':' + doc.start + ':' + doc.seat) {
      fail('_id', 'must be "appointment:<service>:<start>:<seat>"');
    }
    if (!(Date.parse(doc.end) > Date.parse(doc.start))) fail('end', 'must follow start');
    var person = doc.person;
    if (!isObj(person)) fail('person', 'expected an object');
    text(person, 'name', 120, 'person.name');
    if (!optional(person, 'phone')) shortStr(person, 'phone', 30, 'person.phone');
    if (!optional(person, 'email')) {
      shortStr(person, 'email', 254, 'person.email');
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(person.email)) fail('person.email', 'expected an e-mail address');
    }
    text(doc, 'reason', 200, 'reason');
    if (!optional(doc, 'notes')) shortStr(doc, 'notes', 500, 'notes');
    if (!oneOf(doc.status, statuses)) fail('status', 'expected one of ' + statuses.join(', '));
    if (!/^[A-HJ-NP-Z2-9]{6,7}$/.test(str(doc, 'code', 'code'))) fail('code', 'expected 6 or 7 letters or digits');
    if (!optional(doc, 'visitId')) prefixed(doc, 'visitId', 'visit:', 'visitId');
    if (!optional(doc, 'history')) {
      var history = list(doc, 'history', 50, 'history');
      for (var i = 0; i < history.length; i++) {
        var h = history[i];
        var hp = 'history.' + i;
        if (!isObj(h)) fail(hp, 'expected an object');
        if (!/^[A-HJ-NP-Z2-9]{6,7}$/.test(str(h, 'code', hp + '.code'))) fail(hp + '.code', 'expected 6 or 7 letters or digits');
        if (!oneOf(h.status, statuses)) fail(hp + '.status', 'expected one of ' + statuses.join(', '));
        instant(h, 'at', hp + '.at');
        text(h, 'by', 80, hp + '.by');
      }
    }
    text(doc, 'createdBy', 80, 'createdBy');
    instant(doc, 'updatedAt', 'updatedAt');
    text(doc, 'updatedBy', 80, 'updatedBy');
    if (!isObj(doc.fieldGen)) fail('fieldGen', 'expected an object');
    var mutable = ['person', 'reason', 'notes', 'status', 'visitId', 'history'];
    for (var field in doc.fieldGen) {
      if (!oneOf(field, mutable)) fail('fieldGen.' + field, 'not a mutable appointment field');
      integer(doc.fieldGen, field, 1, null, 'fieldGen.' + field);
    }
  }
  // Mirrors ticketDoc in src/lib/domain/ticket.ts: a place in the queue, no personal data.
  function checkTicket() {
    var doc = newDoc;
    var statuses = ['waiting', 'called', 'served', 'closed'];
    site(doc, 'site', 'site');
    day(doc, 'day', 'day');
    prefixed(doc, '_id', 'ticket:' + doc.site + ':' + doc.day + ':', '_id');
    if (!/^[A-HJ-NP-Z][1-9]\d{0,2}$/.test(str(doc, 'number', 'number'))) fail('number', 'expected a series letter and a sequence');
    if (doc.category !== 'general') prefixed(doc, 'category', 'service:', 'category');
    if (!oneOf(doc.source, ['desk', 'kiosk'])) fail('source', 'expected desk or kiosk');
    instant(doc, 'issuedAt', 'issuedAt');
    if (!optional(doc, 'visitId')) prefixed(doc, 'visitId', 'visit:', 'visitId');
    if (!optional(doc, 'appointmentId')) prefixed(doc, 'appointmentId', 'appointment:', 'appointmentId');
    if (!oneOf(doc.status, statuses)) fail('status', 'expected one of ' + statuses.join(', '));
    if (!optional(doc, 'calledAt')) instant(doc, 'calledAt', 'calledAt');
    if (!optional(doc, 'calledBy')) shortStr(doc, 'calledBy', 80, 'calledBy');
    if (!optional(doc, 'guichet')) integer(doc, 'guichet', 1, 20, 'guichet');
    if (!optional(doc, 'servedAt')) instant(doc, 'servedAt', 'servedAt');
    if (!optional(doc, 'closedAt')) instant(doc, 'closedAt', 'closedAt');
    if (!optional(doc, 'closedReason')) shortStr(doc, 'closedReason', 200, 'closedReason');
    text(doc, 'createdBy', 80, 'createdBy');
    instant(doc, 'updatedAt', 'updatedAt');
    text(doc, 'updatedBy', 80, 'updatedBy');
    if (!isObj(doc.fieldGen)) fail('fieldGen', 'expected an object');
    var mutable = ['status', 'calledAt', 'calledBy', 'guichet', 'servedAt', 'closedAt', 'closedReason'];
    for (var field in doc.fieldGen) {
      if (!oneOf(field, mutable)) fail('fieldGen.' + field, 'not a mutable ticket field');
      integer(doc.fieldGen, field, 1, null, 'fieldGen.' + field);
    }
    if ((doc.status === 'called' || doc.status === 'served') && (optional(doc, 'calledAt') || optional(doc, 'guichet'))) {
      fail('guichet', 'a called ticket says when and at which guichet');
    }
  }
  // @include conflict-check

  // Mirrors roomCheckDoc in src/lib/domain/rounds.ts: one room on an opening or closing round.
  function checkRoomCheck() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    day(doc, 'day', 'day');
    if (!oneOf(doc.round, ['opening', 'closing'])) fail('round', 'expected opening or closing');
    prefixed(doc, 'roomId', 'room:', 'roomId');
    if (doc._id !== 'roomcheck:' + doc.site + ':' + doc.day + ':' + doc.round + ':' + doc.roomId) fail('_id', 'must be "roomcheck:<site>:<day>:<round>:<roomId>"');
    if (!isObj(doc.items)) fail('items', 'expected an object');
    var items = ['lights', 'windows', 'doors', 'equipment', 'tidiness'];
    for (var key in doc.items) if (!oneOf(key, items)) fail('items.' + key, 'unknown item');
    for (var i = 0; i < items.length; i++) {
      if (!oneOf(doc.items[items[i]], ['ok', 'issue', 'na'])) fail('items.' + items[i], 'expected ok, issue or na');
    }
    if (!optional(doc, 'note')) shortStr(doc, 'note', 300, 'note');
    instant(doc, 'checkedAt', 'checkedAt');
    text(doc, 'checkedBy', 80, 'checkedBy');
  }
  // Mirrors roomIssueDoc in src/lib/domain/rounds.ts: a problem in a room, followed until fixed.
  function checkRoomIssue() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    prefixed(doc, '_id', 'roomissue:' + doc.site + ':', '_id');
    prefixed(doc, 'roomId', 'room:', 'roomId');
    if (!oneOf(doc.item, ['lights', 'windows', 'doors', 'equipment', 'tidiness', 'other'])) fail('item', 'expected a round item or other');
    text(doc, 'description', 500, 'description');
    instant(doc, 'reportedAt', 'reportedAt');
    text(doc, 'reportedBy', 80, 'reportedBy');
    if (!oneOf(doc.status, ['open', 'fixed'])) fail('status', 'expected open or fixed');
    if (!optional(doc, 'fixedAt')) instant(doc, 'fixedAt', 'fixedAt');
    if (doc.status === 'fixed' && optional(doc, 'fixedAt')) fail('fixedAt', 'required once fixed');
    if (!optional(doc, 'fixedBy')) shortStr(doc, 'fixedBy', 80, 'fixedBy');
    if (!optional(doc, 'fixNote')) shortStr(doc, 'fixNote', 300, 'fixNote');
  }
  // Mirrors equipmentDoc in src/lib/domain/equipment.ts: an item the desk lends.
  function checkEquipment() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    prefixed(doc, '_id', 'equipment:' + doc.site + ':', '_id');
    if (!oneOf(doc.kind, ['laptop', 'projector', 'badge', 'key', 'phone', 'other'])) fail('kind', 'expected an equipment kind');
    text(doc, 'label', 120, 'label');
    shortStr(doc, 'reference', 80, 'reference');
    if (!optional(doc, 'notes')) shortStr(doc, 'notes', 300, 'notes');
    if (!optional(doc, 'retired') && typeof doc.retired !== 'boolean') fail('retired', 'expected a boolean');
  }
  // Mirrors loanDoc in src/lib/domain/equipment.ts: equipment lent to an agent.
  function checkLoan() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    prefixed(doc, '_id', 'loan:' + doc.site + ':', '_id');
    prefixed(doc, 'equipmentId', 'equipment:', 'equipmentId');
    text(doc, 'agent', 120, 'agent');
    shortStr(doc, 'service', 120, 'service');
    instant(doc, 'lentAt', 'lentAt');
    instant(doc, 'dueAt', 'dueAt');
    if (!(Date.parse(doc.dueAt) > Date.parse(doc.lentAt))) fail('dueAt', 'must follow lentAt');
    text(doc, 'lentBy', 80, 'lentBy');
    if (!optional(doc, 'returnedAt')) {
      instant(doc, 'returnedAt', 'returnedAt');
      if (Date.parse(doc.returnedAt) < Date.parse(doc.lentAt)) fail('returnedAt', 'must not precede lentAt');
    }
    if (!optional(doc, 'returnedTo')) shortStr(doc, 'returnedTo', 80, 'returnedTo');
    if (!optional(doc, 'note')) shortStr(doc, 'note', 300, 'note');
  }

  // Mirrors adviserDoc in src/lib/domain/adviser.ts: an adviser of the unit and their PIN hash.
  function checkAdviser() {
    var doc = newDoc;
    if (!/^adviser:[a-z0-9-]{1,60}$/.test(doc._id)) fail('_id', 'expected adviser:<slug>');
    text(doc, 'name', 80, 'name');
    if (typeof doc.active !== 'boolean') fail('active', 'expected a boolean');
    var pin = doc.pin;
    if (!isObj(pin)) fail('pin', 'expected an object');
    for (var key in pin) {
      if (!oneOf(key, ['algo', 'iterations', 'salt', 'hash'])) fail('pin.' + key, 'unknown field');
    }
    if (pin.algo !== 'PBKDF2-SHA256') fail('pin.algo', 'expected PBKDF2-SHA256');
    integer(pin, 'iterations', 100000, 5000000, 'pin.iterations');
    if (typeof pin.salt !== 'string' || !/^[A-Za-z0-9+\/]{22}==$/.test(pin.salt)) fail('pin.salt', 'expected 16 bytes in base64');
    if (typeof pin.hash !== 'string' || !/^[A-Za-z0-9+\/]{43}=$/.test(pin.hash)) fail('pin.hash', 'expected 32 bytes in base64');
    instant(doc, 'updatedAt', 'updatedAt');
    text(doc, 'updatedBy', 80, 'updatedBy');
  }
  // Mirrors shiftDoc in src/lib/domain/adviser.ts: one adviser's time on one tablet.
  function checkShift() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    text(doc, 'device', 80, 'device');
    if (typeof doc.adviserId !== 'string' || !/^adviser:[a-z0-9-]{1,60}$/.test(doc.adviserId)) fail('adviserId', 'expected adviser:<slug>');
    text(doc, 'adviserName', 80, 'adviserName');
    instant(doc, 'startedAt', 'startedAt');
    if (doc._id !== 'shift:' + doc.site + ':' + doc.device + ':' + Date.parse(doc.startedAt)) fail('_id', 'expected shift:<site>:<device>:<start in ms>');
    if (optional(doc, 'endedAt') !== optional(doc, 'endReason')) fail('endReason', 'an ended shift has a reason, and only it');
    if (!optional(doc, 'endedAt')) {
      instant(doc, 'endedAt', 'endedAt');
      if (Date.parse(doc.endedAt) < Date.parse(doc.startedAt)) fail('endedAt', 'must not precede startedAt');
      if (!oneOf(doc.endReason, ['sign-out', 'idle', 'takeover'])) fail('endReason', 'expected sign-out, idle or takeover');
    }
  }

  checkBase(['visit', 'conflict', 'receipt', 'appointment', 'ticket', 'roomcheck', 'roomissue', 'equipment', 'loan', 'adviser', 'shift']);
  if (newDoc.type === 'adviser') checkAdviser();
  if (newDoc.type === 'shift') checkShift();
  if (newDoc.type === 'roomcheck') checkRoomCheck();
  if (newDoc.type === 'roomissue') checkRoomIssue();
  if (newDoc.type === 'equipment') checkEquipment();
  if (newDoc.type === 'loan') checkLoan();
  if (newDoc.type === 'ticket') checkTicket();
  if (newDoc.type === 'appointment') checkAppointment();
  if (newDoc.type === 'receipt') checkReceipt();
  if (newDoc.type === 'visit') checkVisit();
  if (newDoc.type === 'conflict') checkConflict();
}
