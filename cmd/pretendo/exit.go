package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Exit codes of the pretendo command.
const (
	exitOK      = 0
	exitFailure = 1 // runtime failure: port in use, invalid spec, unwritable db
	exitUsage   = 2 // bad command line: unknown flag, bad value
)

// exitError is an error that carries the exit code of the process.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

// Unwrap returns the underlying error.
func (e *exitError) Unwrap() error { return e.err }

// usageErrorf returns an error that exits with code 2.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// exitCode returns the exit code for err: 0 for nil, the code of an
// *exitError, else 1.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitFailure
}

// report writes the error of run to w as one line prefixed with
// "pretendo: " (plus a pointer to the help for usage errors) and returns
// the exit code.
func report(w io.Writer, err error) int {
	code := exitCode(err)
	if err == nil {
		return code
	}
	// One line: a message that spans lines (a wrapped library error) is
	// folded so that the last line of output says what went wrong.
	msg := oneLine(tidy(err.Error()))
	fmt.Fprintf(w, "pretendo: %s\n", msg)
	if code == exitUsage {
		fmt.Fprintln(w, `Run "pretendo help" for usage.`)
	}
	return code
}

// oneLine joins the lines of msg with "; ", trimming each.
func oneLine(msg string) string {
	if !strings.ContainsAny(msg, "\r\n") {
		return msg
	}
	var parts []string
	for _, line := range strings.FieldsFunc(msg, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
	}
	return strings.Join(parts, "; ")
}

// tidy drops the "pretendo: " prefixes that the library's errors carry
// inside a wrapped message, since the line already starts with one.
func tidy(msg string) string {
	return strings.ReplaceAll(strings.TrimPrefix(msg, "pretendo: "), ": pretendo: ", ": ")
}
