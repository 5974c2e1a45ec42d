function (doc) {
  // Documents whose revision tree has more than one live leaf: the coordinator's review list.
  // The deterministic merge on the devices normally resolves them; what stays here is what it
  // could not, or has not yet, seen.
  if (doc._conflicts && doc._conflicts.length) {
    emit(doc._id, { type: doc.type, rev: doc._rev, conflicts: doc._conflicts });
  }
}
