function (newDoc, oldDoc, userCtx, secObj) {
  // authority (accueil): who may write what in this database. Runs in Apache CouchDB and in the
  // embedded server only: a device's own PouchDB has no user to judge. The device role comes
  // from the user's roles (desk, coordinator, kiosk, display; 'revoked' writes nothing).
  var DB = 'accueil';
  // @include authority-prelude
  if (role === 'coordinator' || role === 'desk') return;
  throw { forbidden: 'A ' + role + ' device may not write to ' + DB + '.' };
}
