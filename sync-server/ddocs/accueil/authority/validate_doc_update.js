function (newDoc, oldDoc, userCtx, secObj) {
  // authority (accueil): who may write what in this database. Runs in Apache CouchDB and in the
  // embedded server only: a device's own PouchDB has no user to judge. The device role comes
  // from the user's roles (desk, coordinator, kiosk, display; 'revoked' writes nothing).
  var DB = 'accueil';
  // @include authority-prelude
  // The advisers and their PINs are the coordinators' reference data.
  var isAdviser = newDoc.type === 'adviser' || (oldDoc && oldDoc.type === 'adviser');
  if (isAdviser && role !== 'coordinator') throw { forbidden: 'Only a coordinator may change the advisers.' };
  // A shift is written by the tablet it happened on, and by no other.
  if (newDoc.type === 'shift' && newDoc.device !== userCtx.name) throw { forbidden: 'A shift is written by its own device (' + newDoc.device + ').' };
  if (oldDoc && oldDoc.type === 'shift' && oldDoc.device !== userCtx.name) throw { forbidden: 'A shift is written by its own device (' + oldDoc.device + ').' };
  if (role === 'coordinator' || role === 'desk') return;
  throw { forbidden: 'A ' + role + ' device may not write to ' + DB + '.' };
}
