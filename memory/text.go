package memory

import (
	"sync"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// rowText is the JSON text of a row's record.
type rowText struct{ b []byte }

// textEncoder is a scratch buffer and encoder for making row texts.
type textEncoder struct {
	buf []byte
	enc jsonwire.Encoder
}

var textEncoders = sync.Pool{New: func() any { return &textEncoder{buf: make([]byte, 0, 1024)} }}

// json returns the JSON text of the row's record as encoding/json's Marshal
// writes it. It is made the first time it is asked for and kept, since the
// record never changes; readers that race to make it make the same text.
// The text is shared and must not be changed.
func (r *row) json() ([]byte, error) {
	if t := r.text.Load(); t != nil {
		return t.b, nil
	}
	te := textEncoders.Get().(*textEncoder)
	var err error
	te.buf, err = te.enc.Append(te.buf[:0], map[string]any(r.rec))
	var b []byte
	if err == nil {
		b = append(make([]byte, 0, len(te.buf)), te.buf...)
	}
	if cap(te.buf) <= 64<<10 {
		textEncoders.Put(te)
	}
	if err != nil {
		return nil, err
	}
	r.text.Store(&rowText{b})
	return b, nil
}
