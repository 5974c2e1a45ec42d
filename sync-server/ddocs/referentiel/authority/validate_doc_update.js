function (newDoc, oldDoc, userCtx, secObj) {
  // authority (referentiel): who may write what in this database. Runs in Apache CouchDB and in the
  // embedded server only: a device's own PouchDB has no user to judge. The device role comes
  // from the user's roles (desk, coordinator, kiosk, display; 'revoked' writes nothing).
  var DB = 'referentiel';
  // @include authority-prelude
  // The directory and the sites are the coordinators' to maintain; desks only read them.
  if (role === 'coordinator') return;
  throw { forbidden: 'A ' + role + ' device may not write to ' + DB + ': only coordinators maintain it.' };
}
