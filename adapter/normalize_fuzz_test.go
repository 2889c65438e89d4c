package adapter_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/pretendo-go/pretendo/adapter"
)

// FuzzNormalizeJSON reads any JSON document with its numbers as
// json.Number, as a MarshalJSON result is read, and checks that Normalize
// never panics, refuses only with a *ValueError, and otherwise gives what
// encoding/json decodes, except that an integer a float64 cannot hold
// exactly keeps its digits.
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
		if plainErr == nil {
			plain = keepBigIntegers(withNumbers, plain)
		}
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

// keepBigIntegers returns plain, what encoding/json decoded, with the
// integers of numbers (the same document read with UseNumber) that a
// float64 cannot hold exactly put back as json.Numbers, checked with
// math/big.
func keepBigIntegers(numbers, plain any) any {
	switch n := numbers.(type) {
	case json.Number:
		exact, ok := new(big.Int).SetString(string(n), 10)
		f, isFloat := plain.(float64)
		if !ok || !isFloat {
			return plain
		}
		if got, _ := big.NewFloat(f).Int(nil); got.Cmp(exact) != 0 {
			return n
		}
	case map[string]any:
		p := plain.(map[string]any)
		for k, v := range n {
			p[k] = keepBigIntegers(v, p[k])
		}
	case []any:
		p := plain.([]any)
		for i, v := range n {
			p[i] = keepBigIntegers(v, p[i])
		}
	}
	return plain
}
