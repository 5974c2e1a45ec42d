function (newDoc, oldDoc, userCtx, secObj) {
  // authority (planning): who may write what in this database. Runs in Apache CouchDB and in the
  // embedded server only: a device's own PouchDB has no user to judge. The device role comes
  // from the user's roles (desk, coordinator, kiosk, display; 'revoked' writes nothing).
  var DB = 'planning';
  var roles = (userCtx && userCtx.roles) || [];
  function has(role) {
    return roles.indexOf(role) !== -1;
  }
  if (has('_admin')) return;
  if (!userCtx || !userCtx.name) throw { unauthorized: 'You must be logged in to write to ' + DB + '.' };
  if (has('revoked')) throw { unauthorized: 'Device ' + userCtx.name + ' has been revoked.' };
  var role = has('coordinator') ? 'coordinator' : has('desk') ? 'desk' : has('kiosk') ? 'kiosk' : has('display') ? 'display' : null;
  if (!role) throw { forbidden: 'User ' + userCtx.name + ' has no device role and may not write to ' + DB + '.' };
  if (newDoc._id.indexOf('_design/') === 0) throw { forbidden: 'Only server admins may write design documents.' };
  if (role === 'coordinator' || role === 'desk') return;
  throw { forbidden: 'A ' + role + ' device may not write to ' + DB + '.' };
}
