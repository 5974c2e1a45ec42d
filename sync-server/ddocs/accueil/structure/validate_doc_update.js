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
    var vigi = doc.vigipirate;
    if (!isObj(vigi)) fail('vigipirate', 'expected an object');
    for (var key in vigi) {
      if (!oneOf(key, ['idChecked', 'doorOpenedBy', 'doorOpenedAt', 'refusedReason'])) fail('vigipirate.' + key, 'unknown field');
    }
    if (typeof vigi.idChecked !== 'boolean') fail('vigipirate.idChecked', 'expected a boolean');
    text(vigi, 'doorOpenedBy', 80, 'vigipirate.doorOpenedBy');
    instant(vigi, 'doorOpenedAt', 'vigipirate.doorOpenedAt');
    if (!optional(vigi, 'refusedReason')) shortStr(vigi, 'refusedReason', 300, 'vigipirate.refusedReason');
    instant(doc, 'arrivedAt', 'arrivedAt');
    if (!optional(doc, 'checkedOutAt')) {
      instant(doc, 'checkedOutAt', 'checkedOutAt');
      if (Date.parse(doc.checkedOutAt) < Date.parse(doc.arrivedAt)) fail('checkedOutAt', 'must not precede arrivedAt');
    }
    if (!optional(doc, 'checkedOutBy')) shortStr(doc, 'checkedOutBy', 80, 'checkedOutBy');
    text(doc, 'createdBy', 80, 'createdBy');
    instant(doc, 'updatedAt', 'updatedAt');
    text(doc, 'updatedBy', 80, 'updatedBy');
    if (!isObj(doc.fieldGen)) fail('fieldGen', 'expected an object');
    var mutable = ['visitorName', 'organisation', 'reason', 'serviceId', 'vigipirate', 'checkedOutAt', 'checkedOutBy'];
    for (var field in doc.fieldGen) {
      if (!oneOf(field, mutable)) fail('fieldGen.' + field, 'not a mutable visit field');
      integer(doc.fieldGen, field, 1, null, 'fieldGen.' + field);
    }
  }
  // @include conflict-check

  checkBase(['visit', 'conflict']);
  if (newDoc.type === 'visit') checkVisit();
  if (newDoc.type === 'conflict') checkConflict();
}
