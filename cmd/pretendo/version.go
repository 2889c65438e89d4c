package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version returns the module version the binary was built from: the tag
// for `go install ...@v1.2.3`, else "devel".
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return "devel"
	}
	return info.Main.Version
}

// runVersion prints the version and the Go release that built the binary.
func runVersion(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usageErrorf("version takes no arguments, got %q", args[0])
	}
	_, err := fmt.Fprintf(stdout, "pretendo %s (%s %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
