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
