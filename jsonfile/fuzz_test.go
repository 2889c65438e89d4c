package jsonfile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// unmarshalRecords reads data with encoding/json as the parser reads
// records: numbers as float64, except integers a float64 cannot hold
// exactly, which stay json.Numbers.
func unmarshalRecords(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("data after the value: %v", err)
	}
	return floats(v)
}

// floats turns the json.Numbers of v into float64s where they are exact.
func floats(v any) (any, error) {
	switch t := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return nil, err
		}
		if !strings.ContainsAny(string(t), ".eE") && jsonwire.Inexact([]byte(t), f) {
			return t, nil
		}
		return f, nil
	case map[string]any:
		for k, e := range t {
			c, err := floats(e)
			if err != nil {
				return nil, err
			}
			t[k] = c
		}
	case []any:
		for i, e := range t {
			c, err := floats(e)
			if err != nil {
				return nil, err
			}
			t[i] = c
		}
	}
	return v, nil
}

// FuzzParse checks the parser against encoding/json: both accept the same
// texts and read them to the same values, the encoder writes those values
// exactly as encoding/json's indenting encoder does (without HTML
// escaping), and what it writes parses back to the same values.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{}`, `[]`, `null`, `true`, ` false `, `0`, `-0`, `-1.5e-7`, `1e400`, `12345678901234567890`,
		`"a\u00e9\ud83d\ude00\ud800\\\"\/\b\f\n\r\t"`, "\"\xff\xfe\"", `"\u2028<&>"`,
		`{"a": [1, {"b": null}], "a": 2, "": {}}`, `[1,]`, `{"a" 1}`, `01`, `1.`, `.5`, `-`, `"`, `"\u12"`,
		`[[[[[[[[[[]]]]]]]]]]`, "\t\r\n 7 \n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := newParser(data)
		got, err := p.value()
		if err == nil {
			err = p.end()
		}
		want, wantErr := unmarshalRecords(data)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("parser error %v, encoding/json error %v, for %q", err, wantErr, data)
		}
		if err != nil {
			var pe *parseError
			if !errors.As(err, &pe) || pe.off < 0 || pe.off > len(data) {
				t.Fatalf("error %v has no offset within the text", err)
			}
			line, col := position(data, pe.off)
			if line < 1 || col < 1 {
				t.Fatalf("position %d:%d", line, col)
			}
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("parser read %#v, encoding/json %#v", got, want)
		}
		values := jsonwire.Encoder{Indent: "  ", NoHTMLEscape: true}
		out, err := values.AppendAt(nil, got, 0)
		if err != nil {
			t.Fatalf("encoding %#v: %v", got, err)
		}
		var ref bytes.Buffer
		enc := json.NewEncoder(&ref)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(want); err != nil {
			t.Fatal(err)
		}
		if string(out)+"\n" != ref.String() {
			t.Fatalf("encoder wrote\n%s\nencoding/json wrote\n%s", out, ref.Bytes())
		}
		// What is written reads back to a value written the same way: a
		// float whose decimal form is an integer beyond 2^53 reads back as
		// that exact integer, the same number in another Go type.
		p = newParser(out)
		again, err := p.value()
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		out2, err := values.AppendAt(nil, again, 0)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("round trip: wrote\n%s\nthen\n%s (%v)", out, out2, err)
		}
	})
}

// FuzzParseFile feeds arbitrary files to the loader of a two-resource spec:
// it must never panic, must locate every error inside the file, and what it
// loads must save and load again unchanged.
func FuzzParseFile(f *testing.F) {
	for _, seed := range []string{
		`{"users": [{"id": 1}, {"id": "x"}], "posts": []}`,
		`{"users": [{"id": 1}, {"id": 1}]}`,
		`{"users": [{"name": "no key"}]}`,
		`{"comments": []}`,
		`[{"id": 1}]`,
		"\xEF\xBB\xBF{}",
		`{"users": [{"id": 9007199254740991}, {"id": -9007199254740991}]}`,
		`{"users": [{"id": 1.5}]}`,
		`{"users": null}`,
		`{"users": [], "users": []}`,
		`{"posts": [{"key": "k", "id": 2}]} x`,
	} {
		f.Add([]byte(seed))
	}
	rs := []resourceKey{{name: "users", key: "id"}, {name: "posts", key: "key"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := parseFile(data, rs, true, 0)
		// Key checks only add errors: a file that fails without them fails
		// with them too, at the same place or before it.
		fast, fastErr := parseFile(data, rs, false, 0)
		if fastErr != nil {
			var pe, fpe *parseError
			if !errors.As(err, &pe) || !errors.As(fastErr, &fpe) || pe.off > fpe.off {
				t.Fatalf("without key checks: %v; with them: %v", fastErr, err)
			}
		}
		if err == nil && !reflect.DeepEqual(d, fast) {
			t.Fatalf("key checks changed the data:\n%#v\n%#v", d, fast)
		}
		if err != nil {
			var pe *parseError
			if !errors.As(err, &pe) || pe.off < 0 || pe.off > len(data) {
				t.Fatalf("error %v has no offset within the file", err)
			}
			le := located("db.json", data, err)
			var loadErr *LoadError
			if !errors.As(le, &loadErr) || loadErr.Line < 1 || loadErr.Column < 1 {
				t.Fatalf("located error %v", le)
			}
			return
		}
		for _, r := range rs {
			seen := map[string]bool{}
			for i, rec := range d[r.name] {
				k, ok := adapter.Key(rec[r.key])
				if !ok || seen[k] {
					t.Fatalf("%s[%d] has a missing or duplicate key", r.name, i)
				}
				seen[k] = true
			}
		}
		var buf bytes.Buffer
		if err := writeState(context.Background(), &buf, names(rs), adapter.NewState(d, nil), nil); err != nil {
			t.Fatalf("saving what loaded: %v", err)
		}
		// With the text cache, a first save encodes and a second copies;
		// both write the same text.
		cache := newTextCache()
		for pass := range 2 {
			var cached bytes.Buffer
			if err := writeState(context.Background(), &cached, names(rs), adapter.NewState(d, nil), cache); err != nil {
				t.Fatalf("saving with the text cache: %v", err)
			}
			if !bytes.Equal(cached.Bytes(), buf.Bytes()) {
				t.Fatalf("save %d with the text cache wrote\n%s\nwant\n%s", pass+1, cached.Bytes(), buf.Bytes())
			}
			cache.sweep()
		}
		again, err := parseFile(buf.Bytes(), rs, true, 0)
		if err != nil {
			t.Fatalf("loading what was saved: %v\n%s", err, buf.Bytes())
		}
		// What was saved loads back to records that save to the same text
		// (a float written as an integer beyond 2^53 reads back as that
		// exact integer: the same number in another Go type).
		var resaved bytes.Buffer
		if err := writeState(context.Background(), &resaved, names(rs), adapter.NewState(again, nil), nil); err != nil {
			t.Fatalf("saving what was loaded again: %v", err)
		}
		if !bytes.Equal(resaved.Bytes(), buf.Bytes()) {
			t.Fatalf("a round trip changed the file:\n%s\nthen\n%s", buf.Bytes(), resaved.Bytes())
		}
	})
}
