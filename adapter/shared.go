package adapter

// SharedLister is implemented by read transactions that can hand out a
// list's stored records without copying them, for a reader that only
// reads them (a dialect that selects its lists itself, say). The store
// never changes a stored record in place, so the records stay as they
// are for the life of the transaction.
type SharedLister interface {
	// ListShared answers q as List does, with the stored records
	// themselves: the caller must not change them (nor any map or slice
	// in them), nor keep them past the transaction.
	ListShared(resource string, q *Query) (SharedPage, error)
}

// SharedPage is a page of records that may be shared with the store (see
// SharedLister).
type SharedPage struct {
	// Records are the page's records, read-only when Shared.
	Records []Record
	// Total is the number of records that matched before paging.
	Total int
	// Shared reports whether Records are the store's own; when false
	// they are copies the caller owns.
	Shared bool
	// JSON, when not nil, returns the kept JSON text of Records[i], as
	// JSONReader's GetJSON writes it. The text is shared.
	JSON func(i int) ([]byte, error)
}

// ListShared answers q on resource through tx: with the stored records
// themselves when tx is a SharedLister, else with List's copies.
func ListShared(tx Tx, resource string, q *Query) (SharedPage, error) {
	if sl, ok := tx.(SharedLister); ok {
		return sl.ListShared(resource, q)
	}
	page, err := tx.List(resource, q)
	return SharedPage{Records: page.Records, Total: page.Total}, err
}
