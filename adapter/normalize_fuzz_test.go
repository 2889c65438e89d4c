package adapter_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/pretendo-go/pretendo/adapter"
)

// FuzzNormalizeJSON reads any JSON document with its numbers as
// json.Number, as a MarshalJSON result is read, and checks that Normalize
// never panics, refuses only with a *ValueError, and otherwise gives what
// encoding/json decodes, every integer within ±(2^53-1).
func FuzzNormalizeJSON(f *testing.F) {
	for _, s := range []string{
		`{"id":1,"tags":["a",2.5,null,true],"p":{"q":-0}}`,
		`9007199254740991`, `9007199254740992`, `-9007199254740993`, `1e400`, `1E2`, `-0.0`,
		`123456789012345678901234567890`, `[[[[1]]]]`, `"x"`, `0.1e-400`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var withNumbers any
		if err := dec.Decode(&withNumbers); err != nil {
			return
		}
		got, err := adapter.Normalize(withNumbers)
		var plain any
		plainErr := json.Unmarshal(data[:dec.InputOffset()], &plain)
		if err != nil {
			var ve *adapter.ValueError
			if !errors.As(err, &ve) || !errors.Is(err, adapter.ErrValidation) {
				t.Fatalf("Normalize: %v is not a *ValueError", err)
			}
			return
		}
		if plainErr != nil {
			t.Fatalf("Normalize accepted what encoding/json refuses: %v", plainErr)
		}
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(plain)
		if !bytes.Equal(a, b) {
			t.Fatalf("Normalize gave %s, encoding/json %s", a, b)
		}
	})
}
