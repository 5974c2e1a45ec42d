function (newDoc, oldDoc, userCtx, secObj) {
  // authority (borne): who may write what in this database. Runs in Apache CouchDB and in the
  // embedded server only: a device's own PouchDB has no user to judge. The device role comes
  // from the user's roles (desk, coordinator, kiosk, display; 'revoked' writes nothing).
  var DB = 'borne';
  // @include authority-prelude
  // The coordinator (and the server's intake worker, as admin) moves check-ins out of the inbox.
  if (role === 'coordinator') return;
  if (role !== 'kiosk') throw { forbidden: 'A ' + role + ' device may not write to ' + DB + '.' };
  // A kiosk pushes new check-ins and nothing else: it never changes or deletes one.
  if (oldDoc) throw { forbidden: 'A kiosk may only create check-ins: ' + newDoc._id + ' already exists.' };
  if (newDoc._deleted) throw { forbidden: 'A kiosk may not delete documents.' };
  if (newDoc.type !== 'checkin') throw { forbidden: 'A kiosk may only write checkin documents, not ' + JSON.stringify(newDoc.type) + '.' };
  if (newDoc.kiosk !== userCtx.name) {
    throw { forbidden: 'checkin: kiosk: must be the kiosk\'s own name (' + userCtx.name + '), not ' + JSON.stringify(newDoc.kiosk) + '.' };
  }
  if (!has('site:' + newDoc.site)) {
    throw { forbidden: 'checkin: site: kiosk ' + userCtx.name + ' may only check visitors in at its own site.' };
  }
}
