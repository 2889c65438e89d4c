package pretendo

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
	"github.com/pretendo-go/pretendo/internal/reply"
)

// respond writes v as the JSON body of a response with status. List
// envelopes are encoded without reflection; anything else goes through
// encoding/json. Record envelopes go through respondData.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, status int, v any) {
	buf := reply.GetBuffer()
	defer buf.Release()
	var err error
	switch t := v.(type) {
	case listBody:
		buf.B, err = appendList(buf.B[:0], &buf.Enc, t)
	default:
		var data []byte
		data, err = json.Marshal(v)
		buf.B = append(buf.B[:0], data...)
	}
	s.send(w, r, status, buf.B, err)
}

// respondData writes {"data": data} with status, data encoded without
// reflection when it holds JSON values.
func (s *Server) respondData(w http.ResponseWriter, r *http.Request, status int, data any) {
	buf := reply.GetBuffer()
	defer buf.Release()
	var err error
	buf.B, err = appendData(buf.B[:0], &buf.Enc, data)
	s.send(w, r, status, buf.B, err)
}

// appendData writes a record envelope.
func appendData(b []byte, enc *jsonwire.Encoder, data any) ([]byte, error) {
	b = append(b, `{"data":`...)
	b, err := enc.Append(b, data)
	return append(b, '}'), err
}

// send writes body, the JSON text of a response, with status, or answers
// with err if encoding failed.
func (s *Server) send(w http.ResponseWriter, r *http.Request, status int, body []byte, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reply.Send(w, r, status, body)
}

// appendList writes a list envelope: the records and the pagination meta.
func appendList(b []byte, enc *jsonwire.Encoder, l listBody) ([]byte, error) {
	b = append(b, `{"data":[`...)
	for i, text := range l.texts {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, text...)
	}
	for i, rec := range l.Data {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = enc.Append(b, map[string]any(rec)); err != nil {
			return b, err
		}
	}
	p := l.Meta.Pagination
	b = append(b, `],"meta":{"pagination":{"currentPage":`...)
	b = strconv.AppendInt(b, int64(p.CurrentPage), 10)
	b = append(b, `,"perPage":`...)
	b = strconv.AppendInt(b, int64(p.PerPage), 10)
	b = append(b, `,"totalPages":`...)
	b = strconv.AppendInt(b, int64(p.TotalPages), 10)
	b = append(b, `,"totalItems":`...)
	b = strconv.AppendInt(b, int64(p.TotalItems), 10)
	b = append(b, `,"links":{"first":`...)
	b = jsonwire.AppendString(b, p.Links.First)
	b = append(b, `,"last":`...)
	b = jsonwire.AppendString(b, p.Links.Last)
	if p.Links.Prev != "" {
		b = append(b, `,"prev":`...)
		b = jsonwire.AppendString(b, p.Links.Prev)
	}
	if p.Links.Next != "" {
		b = append(b, `,"next":`...)
		b = jsonwire.AppendString(b, p.Links.Next)
	}
	return append(b, "}}}}"...), nil
}
