package constraints

import (
	"crypto/rand"
	"math"

	"github.com/pretendo-go/pretendo/adapter"
)

// nanoAlphabet is the alphabet of nanoid, whose nanoid(7) json-server 0.17
// gives a record of a resource with string ids.
const nanoAlphabet = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict"

// newNanoID returns 7 random characters of nanoid's alphabet.
func newNanoID() string {
	var b [7]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	for i := range b {
		b[i] = nanoAlphabet[b[i]&63]
	}
	return string(b[:])
}

// largestKey is the largest number primary key of the records of rr's
// resource now in tx, 0 when it has none: json-server 0.17 gives a new
// record one more than that, so a deleted largest id is given again.
func largestKey(tx adapter.Tx, rr *resourceRules) (int64, error) {
	page, err := tx.List(rr.res.Name, &adapter.Query{
		Sort: []adapter.SortKey{{Field: rr.key, Type: rr.keyType, Desc: true}}, Page: 1, PerPage: 1,
	})
	if err != nil || len(page.Records) == 0 {
		return 0, err
	}
	f, ok := page.Records[0][rr.key].(float64)
	if !ok || f < 0 {
		return 0, nil
	}
	return int64(math.Min(f, adapter.MaxSafeInteger)), nil
}
