package examples_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// The README files show curl calls and their output in ```console blocks:
//
//	$ curl -s localhost:3000/users/1 | jq
//	{ ...the output... }
//
// readmeCalls and runCurl let a test replay them against the example and
// compare (or, with -update, rewrite) the documented output.

// readmeCall is one documented call: the command and its output.
type readmeCall struct {
	line    int // 1-based line of the command in the README
	command string
	output  string
}

// readme is a README split into the text around its calls.
type readme struct {
	lines []string
	calls []readmeCall
	// ends[i] is the index of the line after the output of calls[i].
	ends []int
}

// parseReadme finds the calls of the ```console blocks of a README.
func parseReadme(text string) readme {
	r := readme{lines: strings.Split(text, "\n")}
	inBlock := false
	for i := 0; i < len(r.lines); i++ {
		line := r.lines[i]
		switch {
		case strings.HasPrefix(line, "```console"):
			inBlock = true
			continue
		case strings.HasPrefix(line, "```"):
			inBlock = false
			continue
		}
		if !inBlock || !strings.HasPrefix(line, "$ ") {
			continue
		}
		call := readmeCall{line: i + 1, command: strings.TrimPrefix(line, "$ ")}
		j := i + 1
		for j < len(r.lines) && !strings.HasPrefix(r.lines[j], "$ ") && !strings.HasPrefix(r.lines[j], "```") {
			j++
		}
		call.output = strings.Join(r.lines[i+1:j], "\n")
		r.calls = append(r.calls, call)
		r.ends = append(r.ends, j)
		i = j - 1
	}
	return r
}

// withOutputs returns the README text with the outputs of its calls replaced.
func (r readme) withOutputs(outputs []string) string {
	var out []string
	prev := 0
	for i, c := range r.calls {
		out = append(out, r.lines[prev:c.line]...)
		if outputs[i] != "" {
			out = append(out, strings.Split(outputs[i], "\n")...)
		}
		prev = r.ends[i]
	}
	out = append(out, r.lines[prev:]...)
	return strings.Join(out, "\n")
}

// curlCall is a parsed curl command line.
type curlCall struct {
	method    string
	target    string // path and query
	body      string
	hasBody   bool
	headers   [][2]string
	discard   bool   // -o /dev/null
	writeOut  string // -w format
	prettyJQ  bool   // | jq
	writeCode bool
}

// documentedHost is the address the README calls use.
const documentedHost = "localhost:3000"

// parseCurl reads the subset of curl the README files use: -s, -g, -X,
// -H, -d, -o /dev/null, -w '%{http_code}\n', and an optional "| jq".
func parseCurl(command string) (curlCall, error) {
	words, err := shellWords(command)
	if err != nil {
		return curlCall{}, err
	}
	if len(words) == 0 || words[0] != "curl" {
		return curlCall{}, fmt.Errorf("not a curl call: %q", command)
	}
	c := curlCall{}
	next := func(i *int) (string, error) {
		*i++
		if *i >= len(words) {
			return "", fmt.Errorf("%s needs a value", words[*i-1])
		}
		return words[*i], nil
	}
	for i := 1; i < len(words); i++ {
		w := words[i]
		var v string
		switch w {
		case "-s", "--silent", "-g", "--globoff":
		case "-X", "--request":
			if v, err = next(&i); err != nil {
				return c, err
			}
			c.method = v
		case "-H", "--header":
			if v, err = next(&i); err != nil {
				return c, err
			}
			k, val, ok := strings.Cut(v, ":")
			if !ok {
				return c, fmt.Errorf("bad header %q", v)
			}
			c.headers = append(c.headers, [2]string{strings.TrimSpace(k), strings.TrimSpace(val)})
		case "-d", "--data":
			if v, err = next(&i); err != nil {
				return c, err
			}
			c.body, c.hasBody = v, true
		case "-o":
			if v, err = next(&i); err != nil {
				return c, err
			}
			if v != "/dev/null" {
				return c, fmt.Errorf("-o %s: only /dev/null is supported", v)
			}
			c.discard = true
		case "-w", "--write-out":
			if v, err = next(&i); err != nil {
				return c, err
			}
			c.writeOut = v
		case "|":
			rest := words[i+1:]
			if len(rest) == 0 || rest[0] != "jq" || len(rest) > 2 || len(rest) == 2 && rest[1] != "." {
				return c, fmt.Errorf("only | jq is supported, got %q", strings.Join(rest, " "))
			}
			c.prettyJQ = true
			i = len(words)
		default:
			if len(w) > 1 && strings.Trim(w[1:], "sg") == "" && w[0] == '-' {
				continue // -sg: silent, no globbing
			}
			if strings.HasPrefix(w, "-") {
				return c, fmt.Errorf("unsupported curl option %s", w)
			}
			u := strings.TrimPrefix(w, "http://")
			if !strings.HasPrefix(u, documentedHost) {
				return c, fmt.Errorf("URL %q is not on %s", w, documentedHost)
			}
			c.target = strings.TrimPrefix(u, documentedHost)
			if c.target == "" {
				c.target = "/"
			}
		}
	}
	if c.target == "" {
		return c, errors.New("no URL")
	}
	if c.method == "" {
		c.method = http.MethodGet
		if c.hasBody {
			c.method = http.MethodPost
		}
	}
	return c, nil
}

// shellWords splits a command line as a POSIX shell would for the
// quoting the README files use: single quotes, double quotes with
// backslash escapes, and a bare | as its own word.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case ch == '|' && !inWord:
			words = append(words, "|")
		case ch == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unterminated ' in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case ch == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated \" in %q", s)
			}
			inWord = true
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// run makes the call against base and returns what curl would print.
func (c curlCall) run(client *http.Client, base string) (string, error) {
	var body io.Reader
	if c.hasBody {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, base+c.target, body)
	if err != nil {
		return "", err
	}
	for _, h := range c.headers {
		req.Header.Add(h[0], h[1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	if !c.discard {
		if c.prettyJQ && len(data) > 0 {
			pretty, err := jqPretty(data)
			if err != nil {
				return "", fmt.Errorf("status %d: %w: %s", resp.StatusCode, err, data)
			}
			out.WriteString(pretty)
		} else {
			out.Write(data)
		}
	}
	if c.writeOut != "" {
		w := strings.ReplaceAll(c.writeOut, "%{http_code}", fmt.Sprint(resp.StatusCode))
		out.WriteString(strings.ReplaceAll(w, `\n`, "\n"))
	}
	return strings.TrimRight(out.String(), "\n"), nil
}

// jqPretty formats JSON as `jq` does by default: two-space indent, keys
// in their order, and no HTML escaping of <, > and &.
func jqPretty(data []byte) (string, error) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, data, "", "  "); err != nil {
		return "", err
	}
	return strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(buf.String()) + "\n", nil
}
