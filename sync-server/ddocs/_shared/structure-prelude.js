if (newDoc._id.indexOf('_design/') === 0) return;
// Tombstones carry no body; who may delete is the authority ddoc's business.
if (newDoc._deleted === true) return;

// --- shared helpers: begin (identical in every structure ddoc; a test compares them) ---
// Days and instants that exist: month 01-12, day within its month, 29 February of leap years
// only, years 0001-9999. The same patterns as ISO_DAY and isoInstant in src/lib/domain/common.ts
// (zod): a shape check alone would admit 2025-02-30, which every view and the app then misread.
var ISO_DAY = /^(?!0000)(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8])))$/;
var ISO_INSTANT = /^(?!0000)(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;
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
function day(obj, key, path) {
  if (!ISO_DAY.test(str(obj, key, path))) fail(path, 'expected a calendar day YYYY-MM-DD that exists');
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
// Which files a document may carry, by type: an HTML page or an SVG served from the app's
// origin would run script there, and a huge file fills every tablet. Only what the app makes is
// allowed; types not listed carry none. Mirrors ATTACHMENT_RULES in src/lib/domain/attachments.ts.
var KIB = 1024;
var MIB = 1024 * KIB;
var SIGNATURE_RULE = { types: ['image/png'], max: 512 * KIB };
var ATTACHMENTS = {
  checkin: { 'signature.png': SIGNATURE_RULE },
  visit: { 'signature.png': SIGNATURE_RULE },
  receipt: { 'signature.png': SIGNATURE_RULE, 'recepisse.pdf': { types: ['application/pdf'], max: 5 * MIB } },
  // A photo the browser could not re-encode as JPEG keeps the camera's raster type (HEIC...).
  roomissue: { 'photo.jpg': { types: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'], max: 8 * MIB } }
};
function own(obj, key) {
  return Object.prototype.hasOwnProperty.call(obj, key);
}
// The decoded size: from inline base64 data (the embedded server sees it), else from the length
// of a stub (what Apache CouchDB passes) or of a multipart part that follows; null if unknown.
function attachmentSize(att) {
  if (att.data !== undefined) {
    var data = att.data;
    if (typeof data !== 'string' || data.length % 4 !== 0 || !/^[A-Za-z0-9+\/]*={0,2}$/.test(data)) return null;
    var padding = data.slice(-2) === '==' ? 2 : data.slice(-1) === '=' ? 1 : 0;
    return Math.ceil(data.length * 3 / 4) - padding;
  }
  if ((att.stub === true || att.follows === true) && isInt(att.length) && att.length >= 0) return att.length;
  return null;
}
function checkAttachments() {
  var atts = newDoc._attachments;
  if (atts === undefined) return;
  if (!isObj(atts)) fail('_attachments', 'expected an object');
  var rules = own(ATTACHMENTS, newDoc.type) ? ATTACHMENTS[newDoc.type] : {};
  for (var name in atts) {
    if (!own(atts, name)) continue;
    var p = '_attachments.' + name;
    if (!own(rules, name)) {
      var names = [];
      for (var allowed in rules) if (own(rules, allowed)) names.push(allowed);
      fail(p, names.length ? 'attachment not allowed (only ' + names.join(', ') + ')' : 'this document type carries no attachment');
    }
    var rule = rules[name];
    var att = atts[name];
    if (!isObj(att)) fail(p, 'expected an object');
    if (typeof att.content_type !== 'string' || !oneOf(att.content_type, rule.types)) fail(p + '.content_type', 'expected ' + rule.types.join(', '));
    var size = attachmentSize(att);
    if (size === null) fail(p, 'expected base64 data or a stub with its length');
    if (size > rule.max) fail(p, 'must be at most ' + rule.max + ' bytes');
  }
}
function checkBase(types) {
  if (typeof newDoc._id !== 'string' || newDoc._id.length < 1 || newDoc._id.length > 200) fail('_id', 'expected 1 to 200 characters');
  if (newDoc._attachments !== undefined && !isObj(newDoc._attachments)) fail('_attachments', 'expected an object');
  if (typeof newDoc.type !== 'string' || !oneOf(newDoc.type, types)) {
    throw { forbidden: 'unknown type ' + JSON.stringify(newDoc.type) + ' in ' + DB };
  }
  if (newDoc.v !== 1) fail('v', 'expected 1 (the schema version)');
  checkAttachments();
}
// --- shared helpers: end ---
