function (newDoc, oldDoc, userCtx, secObj) {
  // authority (planning): who may write what in this database. Runs in Apache CouchDB and in the
  // embedded server only: a device's own PouchDB has no user to judge. The device role comes
  // from the user's roles (desk, coordinator, kiosk, display; 'revoked' writes nothing).
  var DB = 'planning';
  // @include authority-prelude
  // Feed states and meetings polled from Zimbra belong to the server's calendar worker: the next
  // poll would undo a desk's edit, so a desk may neither write nor delete them.
  var serverOwned = function (d) {
    return !!d && (d.type === 'feed' || (d.type === 'meeting' && d.source === 'zimbra'));
  };
  if (serverOwned(newDoc) || serverOwned(oldDoc)) throw { forbidden: 'Only the server writes Zimbra meetings and feed states.' };
  // Rooms are reference data (and name the Zimbra feed the server polls): coordinators only.
  var isRoom = newDoc.type === 'room' || (!!oldDoc && oldDoc.type === 'room');
  if (isRoom && role === 'desk') throw { forbidden: 'Only a coordinator may change rooms.' };
  if (role === 'coordinator' || role === 'desk') return;
  throw { forbidden: 'A ' + role + ' device may not write to ' + DB + '.' };
}
