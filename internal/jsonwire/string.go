package jsonwire

import (
	"unicode/utf16"
	"unicode/utf8"
)

// str reads the string whose opening quote is at d.pos. For an object key
// (key set) it returns the string keys holds for it, when there is one.
// The common string, without escapes, control characters or invalid UTF-8,
// is copied out of data in one allocation, or none for a known key.
func (d *decoder) str(key bool) (string, error) {
	data := d.data
	start := d.pos + 1
	i := start
	for i < len(data) {
		c := data[i]
		if c == '"' {
			d.pos = i + 1
			raw := data[start:i]
			if key {
				if s, ok := d.keys[string(raw)]; ok {
					return s, nil
				}
				if d.internMax > 0 {
					return d.intern(raw), nil
				}
			}
			return string(raw), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	return d.strSlow(start, i, key)
}

// strSlow finishes reading a string from data[i], where str met an escape,
// a control character, invalid UTF-8 or the end of the input. It resolves
// escapes and replaces invalid UTF-8 and lone surrogates by U+FFFD as
// encoding/json does.
func (d *decoder) strSlow(start, i int, key bool) (string, error) {
	data := d.data
	var scratch [128]byte
	buf := append(scratch[:0], data[start:i]...)
	for {
		if i >= len(data) {
			return "", d.eof(InString, start-1)
		}
		c := data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			if key {
				if s, ok := d.keys[string(buf)]; ok {
					return s, nil
				}
				if d.internMax > 0 {
					return d.intern(buf), nil
				}
			}
			return string(buf), nil
		case c == '\\':
			if i+1 >= len(data) {
				return "", d.eof(InEscape, i)
			}
			switch e := data[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, err := d.hex4(i + 2)
				if err != nil {
					return "", err
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// A high surrogate escape followed by a low one is
					// one character; anything else is U+FFFD, and the
					// escape after it is read on its own.
					next := rune(-1)
					if i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
						if low, err := d.hex4(i + 2); err == nil {
							next = low
						}
					}
					if r = utf16.DecodeRune(r, next); r != utf8.RuneError {
						i += 6
					}
				}
				buf = utf8.AppendRune(buf, r)
				continue
			default:
				return "", d.invalid(i+1, InEscape, i)
			}
			i += 2
		case c < 0x20:
			return "", d.invalid(i, InString, start-1)
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			// Invalid UTF-8 decodes as U+FFFD one byte at a time.
			r, size := utf8.DecodeRune(data[i:])
			buf = utf8.AppendRune(buf, r)
			i += size
		}
	}
}

// hex4 reads the four hex digits of a \u escape starting at data[i].
func (d *decoder) hex4(i int) (rune, error) {
	var r rune
	for j := i; j < i+4; j++ {
		if j >= len(d.data) {
			return 0, d.eof(InHexEscape, i-2)
		}
		c := d.data[j]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, d.invalid(j, InHexEscape, i-2)
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}
