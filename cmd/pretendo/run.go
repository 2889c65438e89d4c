package main

import (
	"context"
	"fmt"
	"io"
	"os"
)

// run executes the pretendo command line args (without the program name)
// and returns when the command is done: at once for validate, version and
// help; when ctx is cancelled for start, after a graceful shutdown. The
// returned error carries the exit code (see exitCode).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("no command given (start, validate, openapi, version, help)")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "start":
		return runStart(ctx, rest, stdin, stdout, stderr)
	case "validate":
		return runValidate(ctx, rest, stdin, stdout, stderr)
	case "openapi":
		return runOpenAPI(ctx, rest, stdin, stdout)
	case "version", "--version", "-version", "-V":
		return runVersion(rest, stdout)
	case "help", "-h", "--help", "-help":
		return runHelp(rest, stdout)
	}
	if _, err := os.Stat(cmd); err == nil {
		return usageErrorf("unknown command %s (to serve that spec: pretendo start %s)", quoteFlag(cmd), cmd)
	}
	return usageErrorf("unknown command %s", quoteFlag(cmd))
}

// runHelp prints the help of the command, or of start.
func runHelp(args []string, stdout io.Writer) error {
	text := usageText
	if len(args) > 0 {
		switch args[0] {
		case "start":
			text = startUsageText
		case "openapi":
			text = openapiUsage
		case "validate", "version", "help":
		default:
			return usageErrorf("no help for unknown command %s", quoteFlag(args[0]))
		}
	}
	_, err := fmt.Fprint(stdout, text)
	return err
}
