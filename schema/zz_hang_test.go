package schema_test

import (
	"os"
	"testing"
	"time"

	"github.com/pretendo-go/pretendo/schema"
)

func FuzzHang(f *testing.F) {
	f.Add(fixture(f, "blog-api.yml"))
	f.Add(fixture(f, "uuid-api.yml"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tm := time.AfterFunc(2*time.Second, func() {
			os.WriteFile("/tmp/hang.bin", data, 0o644)
			os.Exit(3)
		})
		defer tm.Stop()
		schema.Decode(data)
	})
}
