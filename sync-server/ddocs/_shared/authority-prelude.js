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
