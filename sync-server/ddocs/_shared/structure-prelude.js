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
