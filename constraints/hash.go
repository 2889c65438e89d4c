package constraints

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/pretendo-go/pretendo/adapter"
)

// keptHashes returns the $hash fields of rr, and its secret field
// (Options.Secrets), that a write leaves holding their stored digest:
// absent from body (a PATCH), or sent back as stored (a client echoing the
// record it read). Hashing those again would change the value behind the
// client's back, and their rules hold for the values clients send, not for
// digests. It returns nil when there are none.
func keptHashes(rr *resourceRules, old, body adapter.Record) map[string]bool {
	var kept map[string]bool
	names := rr.hashed
	if rr.secret != "" {
		names = append(names[:len(names):len(names)], rr.secret)
	}
	for _, name := range names {
		stored, had := old[name].(string)
		v, sent := body[name]
		if !had || sent && v != stored {
			continue
		}
		if kept == nil {
			kept = make(map[string]bool, len(rr.hashed))
		}
		kept[name] = true
	}
	return kept
}

// hashValues replaces the string value of each $hash field of rec, except
// those in kept, with its lowercase hex SHA-256 digest, as upstream stores
// them. Values of another type are left for validation to refuse.
func hashValues(rr *resourceRules, rec adapter.Record, kept map[string]bool) {
	for _, name := range rr.hashed {
		if kept[name] {
			continue
		}
		if v, ok := rec[name].(string); ok {
			sum := sha256.Sum256([]byte(v))
			rec[name] = hex.EncodeToString(sum[:])
		}
	}
}
