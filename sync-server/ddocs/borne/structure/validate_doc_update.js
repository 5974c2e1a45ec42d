function (newDoc, oldDoc, userCtx, secObj) {
  // structure (borne): the shape of every document of this database. Runs in Apache CouchDB
  // and in the embedded server, for every writer. It mirrors the zod schemas of
  // src/lib/domain/*.ts (a parity test feeds both the same samples) and adds the id prefixes
  // the schemas only document. Self-contained ES5: CouchDB design functions import nothing.
  var DB = 'borne';
  // @include structure-prelude

  function checkCheckin() {
    var doc = newDoc;
    site(doc, 'site', 'site');
    prefixed(doc, '_id', 'checkin:' + doc.site + ':', '_id');
    text(doc, 'visitorName', 120, 'visitorName');
    text(doc, 'reason', 200, 'reason');
    instant(doc, 'createdAt', 'createdAt');
    text(doc, 'kiosk', 80, 'kiosk');
    if (!optional(doc, 'serviceId')) prefixed(doc, 'serviceId', 'service:', 'serviceId');
    if (!optional(doc, 'language') && !oneOf(doc.language, ['fr', 'en'])) fail('language', 'expected fr or en');
    if (!optional(doc, 'consentAt')) instant(doc, 'consentAt', 'consentAt');
    if (!optional(doc, 'consent') && !oneOf(doc.consent, ['signed', 'at-desk'])) fail('consent', 'expected signed or at-desk');
    if (doc.consent === 'at-desk') {
      if (!optional(doc, 'consentAt')) fail('consentAt', 'no consent time without a signature');
      if (isObj(doc._attachments) && doc._attachments['signature.png']) fail('_attachments', 'no signature when consent is given at the desk');
    }
    if (!optional(doc, 'withAppointment') && typeof doc.withAppointment !== 'boolean') fail('withAppointment', 'expected a boolean');
    if (!optional(doc, 'ticketNumber') && !/^K[1-9]\d{0,2}$/.test(str(doc, 'ticketNumber', 'ticketNumber'))) fail('ticketNumber', 'expected K and 1 to 3 digits');
    if (!optional(doc, 'appointmentCode') && !/^[A-HJ-NP-Z2-9]{6,7}$/.test(str(doc, 'appointmentCode', 'appointmentCode'))) fail('appointmentCode', 'expected 6 or 7 letters or digits');
  }

  checkBase(['checkin']);
  if (newDoc.type === 'checkin') checkCheckin();
}
