function (newDoc, oldDoc, userCtx, secObj) {
  // structure (referentiel): the shape of every document of this database. Runs in Apache CouchDB
  // and in the embedded server, for every writer. It mirrors the zod schemas of
  // src/lib/domain/*.ts (a parity test feeds both the same samples) and adds the id prefixes
  // the schemas only document. Self-contained ES5: CouchDB design functions import nothing.
  var DB = 'referentiel';
  // @include structure-prelude

  function checkSite() {
    var doc = newDoc;
    site(doc, 'code', 'code');
    if (doc._id !== 'site:' + doc.code) fail('_id', 'must be "site:' + doc.code + '"');
    text(doc, 'name', 80, 'name');
    text(doc, 'address', 200, 'address');
    if (doc.timeZone !== 'Europe/Paris') fail('timeZone', 'expected Europe/Paris');
    var ranges = list(doc, 'openingHours', 14, 'openingHours');
    for (var i = 0; i < ranges.length; i++) {
      var r = ranges[i];
      var p = 'openingHours.' + i;
      if (!isObj(r)) fail(p, 'expected an object');
      integer(r, 'weekday', 1, 7, p + '.weekday');
      hhmm(r, 'open', p + '.open');
      hhmm(r, 'close', p + '.close');
      if (!optional(r, 'breakStart')) hhmm(r, 'breakStart', p + '.breakStart');
      if (!optional(r, 'breakEnd')) hhmm(r, 'breakEnd', p + '.breakEnd');
      if (!(r.open < r.close)) fail(p, 'open must precede close');
      if (optional(r, 'breakStart') !== optional(r, 'breakEnd')) fail(p, 'a break needs both a start and an end');
    }
    if (!oneOf(doc.vigipirateLevel, ['vigilance', 'risque-attentat', 'urgence-attentat'])) {
      fail('vigipirateLevel', 'expected vigilance, risque-attentat or urgence-attentat');
    }
  }
  function checkService() {
    var doc = newDoc;
    prefixed(doc, '_id', 'service:', '_id');
    text(doc, 'name', 120, 'name');
    site(doc, 'site', 'site');
    text(doc, 'location', 200, 'location');
    if (!optional(doc, 'phone')) shortStr(doc, 'phone', 30, 'phone');
    textList(doc, 'reasons', 50, 120, 'reasons');
    if (!optional(doc, 'reasonsEn')) {
      textList(doc, 'reasonsEn', 50, 120, 'reasonsEn');
      if (doc.reasonsEn.length > doc.reasons.length) fail('reasonsEn', 'more English reasons than reasons');
    }
    if (!optional(doc, 'keywords')) textList(doc, 'keywords', 50, 60, 'keywords');
    if (!optional(doc, 'appointments')) checkAppointmentSettings(doc.appointments, 'appointments');
  }
  // Mirrors appointmentSettings in src/lib/domain/appointment.ts.
  function checkAppointmentSettings(s, p) {
    if (!isObj(s)) fail(p, 'expected an object');
    integer(s, 'slotMinutes', 5, 240, p + '.slotMinutes');
    integer(s, 'capacity', 1, 20, p + '.capacity');
    var hours = list(s, 'hours', 28, p + '.hours');
    if (hours.length < 1) fail(p + '.hours', 'must have at least 1 item');
    for (var i = 0; i < hours.length; i++) {
      var h = hours[i];
      var hp = p + '.hours.' + i;
      if (!isObj(h)) fail(hp, 'expected an object');
      integer(h, 'weekday', 1, 7, hp + '.weekday');
      hhmm(h, 'start', hp + '.start');
      hhmm(h, 'end', hp + '.end');
      if (!(h.start < h.end)) fail(hp + '.end', 'start must precede end');
    }
    if (!optional(s, 'closedDays')) {
      var days = list(s, 'closedDays', 400, p + '.closedDays');
      for (var j = 0; j < days.length; j++) {
        var d = days[j];
        if (typeof d !== 'string' || !ISO_DAY.test(d)) fail(p + '.closedDays.' + j, 'expected a calendar day YYYY-MM-DD that exists');
      }
    }
    integer(s, 'horizonDays', 1, 365, p + '.horizonDays');
    if (!optional(s, 'bring')) textList(s, 'bring', 20, 200, p + '.bring');
  }

  function checkChecklist() {
    var doc = newDoc;
    prefixed(doc, '_id', 'checklist:', '_id');
    text(doc, 'name', 120, 'name');
    var items = list(doc, 'items', 60, 'items');
    if (items.length < 1) fail('items', 'must have at least 1 item');
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      var p = 'items.' + i;
      if (!isObj(it)) fail(p, 'expected an object');
      for (var key in it) {
        if (!oneOf(key, ['label', 'required'])) fail(p + '.' + key, 'unknown field');
      }
      text(it, 'label', 200, p + '.label');
      if (typeof it.required !== 'boolean') fail(p + '.required', 'expected a boolean');
    }
    if (!optional(doc, 'notes')) shortStr(doc, 'notes', 1000, 'notes');
    instant(doc, 'updatedAt', 'updatedAt');
    text(doc, 'updatedBy', 80, 'updatedBy');
  }

  checkBase(['site', 'service', 'checklist']);
  if (newDoc.type === 'site') checkSite();
  if (newDoc.type === 'service') checkService();
  if (newDoc.type === 'checklist') checkChecklist();
}
