function (newDoc, oldDoc, userCtx, secObj) {
  // structure (accueil): the shape of every document of this database. Runs in Apache CouchDB
  // and in the embedded server, for every writer. It mirrors the zod schemas of
  // src/lib/domain/*.ts (a parity test feeds both the same samples) and adds the id prefixes
  // the schemas only document. Self-contained ES5: CouchDB design functions import nothing.
  var DB = 'accueil';
  if (newDoc._id.indexOf('_design/') === 0) return;
  // Tombstones carry no body; who may delete is the authority ddoc's business.
  if (newDoc._deleted === true) return;

  // --- shared helpers: begin (identical in every structure ddoc; a test compares them) ---
  var ISO_INSTANT = /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;
  var HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
  var SITES = ['curial', 'hdv'];

  function fail(path, message) {
    throw { forbidden: String(newDoc.type) + ': ' + path + ': ' + message };
  }
  function isArr(v) {
    return Object.prototype.toString.call(v) === '[object Array]';
  }
  function isObj(v) {
    return v !== null && typeof v === 'object' && !isArr(v);
  }
  function isInt(v) {
    return typeof v === 'number' && isFinite(v) && Math.floor(v) === v;
  }
  function oneOf(v, values) {
    for (var i = 0; i < values.length; i++) if (v === values[i]) return true;
    return false;
  }
  function str(obj, key, path) {
    if (typeof obj[key] !== 'string') fail(path, 'expected a string');
    return obj[key];
  }
  // zod's text(max): trimmed, non-empty, at most max characters once trimmed.
  function text(obj, key, max, path) {
    var n = str(obj, key, path).trim().length;
    if (n < 1) fail(path, 'must not be empty');
    if (n > max) fail(path, 'must be at most ' + max + ' characters');
  }
  // zod's z.string().trim().max(max): may be empty.
  function shortStr(obj, key, max, path) {
    if (str(obj, key, path).trim().length > max) fail(path, 'must be at most ' + max + ' characters');
  }
  function optional(obj, key) {
    return obj[key] === undefined;
  }
  function instant(obj, key, path) {
    if (!ISO_INSTANT.test(str(obj, key, path))) fail(path, 'expected an ISO 8601 instant with seconds and Z or an offset');
  }
  function hhmm(obj, key, path) {
    if (!HHMM.test(str(obj, key, path))) fail(path, 'expected a time as HH:MM');
  }
  function site(obj, key, path) {
    if (!oneOf(obj[key], SITES)) fail(path, 'expected one of ' + SITES.join(', '));
  }
  function integer(obj, key, min, max, path) {
    var v = obj[key];
    if (typeof v !== 'number') fail(path, 'expected a number');
    if (!isInt(v)) fail(path, 'expected an integer');
    if (v < min) fail(path, 'must be at least ' + min);
    if (max !== null && v > max) fail(path, 'must be at most ' + max);
  }
  function prefixed(obj, key, prefix, path) {
    if (str(obj, key, path).indexOf(prefix) !== 0) fail(path, 'must start with "' + prefix + '"');
  }
  function list(obj, key, max, path) {
    if (!isArr(obj[key])) fail(path, 'expected an array');
    if (obj[key].length > max) fail(path, 'must have at most ' + max + ' items');
    return obj[key];
  }
  function textList(obj, key, max, itemMax, path) {
    var items = list(obj, key, max, path);
    for (var i = 0; i < items.length; i++) text(items, i, itemMax, path + '.' + i);
  }
  function checkBase(types) {
    if (typeof newDoc._id !== 'string' || newDoc._id.length < 1 || newDoc._id.length > 200) fail('_id', 'expected 1 to 200 characters');
    if (newDoc._attachments !== undefined && !isObj(newDoc._attachments)) fail('_attachments', 'expected an object');
    if (typeof newDoc.type !== 'string' || !oneOf(newDoc.type, types)) {
      throw { forbidden: 'unknown type ' + JSON.stringify(newDoc.type) + ' in ' + DB };
    }
    if (newDoc.v !== 1) fail('v', 'expected 1 (the schema version)');
  }
  // --- shared helpers: end ---

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
  function checkConflict() {
    var doc = newDoc;
    prefixed(doc, '_id', 'conflict:', '_id');
    if (str(doc, 'docId', 'docId').length < 1) fail('docId', 'must not be empty');
    if (str(doc, 'docType', 'docType').length < 1) fail('docType', 'must not be empty');
    var fields = list(doc, 'fields', Infinity, 'fields');
    for (var i = 0; i < fields.length; i++) {
      if (!isObj(fields[i])) fail('fields.' + i, 'expected an object');
      str(fields[i], 'field', 'fields.' + i + '.field');
      if (!('kept' in fields[i])) fail('fields.' + i + '.kept', 'required');
      if (!('discarded' in fields[i])) fail('fields.' + i + '.discarded', 'required');
    }
    str(doc, 'keptRev', 'keptRev');
    str(doc, 'discardedRev', 'discardedRev');
    instant(doc, 'detectedAt', 'detectedAt');
    str(doc, 'detectedBy', 'detectedBy');
    if (!optional(doc, 'reviewedAt')) instant(doc, 'reviewedAt', 'reviewedAt');
    if (!optional(doc, 'reviewedBy')) str(doc, 'reviewedBy', 'reviewedBy');
  }

  checkBase(['visit', 'conflict']);
  if (newDoc.type === 'visit') checkVisit();
  if (newDoc.type === 'conflict') checkConflict();
}
