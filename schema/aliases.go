package schema

// ResolveAliases folds the keys that upstream Pretendo keeps under a
// second name into the ones the server reads, so that each setting has
// one place: options.dbPath into options.database.dbPath,
// options.database.strictValidation into options.strictValidation, and
// options.logMaxEntries into options.journal.size. A key that is already
// set wins over its alias. It returns a note on each alias that was set to
// something else and lost, for a warning; nil when none was.
//
// The server resolves the aliases of its own copy of a spec; call this
// only to read a spec as the server will.
func (s *Spec) ResolveAliases() (lost []string) {
	o := &s.Options
	switch {
	case o.DBPath == "":
	case o.Database.DBPath == "":
		o.Database.DBPath = o.DBPath
	case o.Database.DBPath != o.DBPath:
		lost = append(lost, "options.dbPath is ignored: options.database.dbPath is set")
	}
	if o.Database.StrictValidation {
		o.StrictValidation = true
	}
	switch {
	case o.LogMaxEntries == 0:
	case o.Journal == nil:
		o.Journal = &Journal{Size: o.LogMaxEntries}
	case o.Journal.Size != o.LogMaxEntries:
		lost = append(lost, "options.logMaxEntries is ignored: options.journal.size is set")
	}
	return lost
}
