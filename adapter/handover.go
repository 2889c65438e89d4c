package adapter

// HandOver returns a State holding d and counters, as NewState does, for a
// Dataset whose records are already in the JSON value model (as Normalize
// returns them: a JSON decoder's output) and are given up with it: nothing
// else reads, keeps or changes them afterwards. A store restoring it may
// keep the records themselves, and change them while it takes them in,
// instead of copying each one (see HandedOver). The json-file adapter hands
// over the records it just parsed from its file.
func HandOver(d Dataset, counters map[string]int64) State {
	return &plainState{data: d, counters: counters, handed: true}
}

// HandedOver reports whether st came from HandOver: its records may be
// kept as they are, without Normalize's copy.
func HandedOver(st State) bool {
	ps, ok := st.(*plainState)
	return ok && ps.handed
}
