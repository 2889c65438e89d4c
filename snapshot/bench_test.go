package snapshot_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pretendo-go/pretendo/snapshot"
)

var benchSizes = []int{1_000, 10_000, 100_000}

func BenchmarkMemoryPut(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			ctx := b.Context()
			s := snapshot.NewMemory()
			st := usersState(n)
			m := snapshot.Meta{Name: "bench", Description: "d"}
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Put(ctx, m, st, true); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMemoryGet(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			ctx := b.Context()
			s := snapshot.NewMemory()
			if err := s.Put(ctx, snapshot.Meta{Name: "bench"}, usersState(n), false); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				_, st, err := s.Get(ctx, "bench")
				if err != nil || st.Len("users") != n {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDirPut(b *testing.B) {
	const n = 10_000
	ctx := b.Context()
	d := mustOpenDir(b, filepath.Join(b.TempDir(), "snaps"))
	st := usersState(n)
	m := snapshot.Meta{Name: "bench"}
	b.ReportAllocs()
	for b.Loop() {
		if err := d.Put(ctx, m, st, true); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDirGet(b *testing.B) {
	const n = 10_000
	ctx := b.Context()
	d := mustOpenDir(b, filepath.Join(b.TempDir(), "snaps"))
	if err := d.Put(ctx, snapshot.Meta{Name: "bench"}, usersState(n), false); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := d.Get(ctx, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDirList(b *testing.B) {
	const n = 10_000
	ctx := b.Context()
	d := mustOpenDir(b, filepath.Join(b.TempDir(), "snaps"))
	if err := d.Put(ctx, snapshot.Meta{Name: "bench"}, usersState(n), false); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.List(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDirListFull lists a folder holding as many snapshots as a
// server keeps by default (100), of 1,000 records each, after a first
// listing.
func BenchmarkDirListFull(b *testing.B) {
	const snapshots, n = 100, 1_000
	ctx := b.Context()
	d := mustOpenDir(b, filepath.Join(b.TempDir(), "snaps"))
	st := usersState(n)
	for i := range snapshots {
		if err := d.Put(ctx, snapshot.Meta{Name: fmt.Sprintf("snap-%03d", i)}, st, false); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := d.List(ctx); err != nil { // the first listing reads every file
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		list, err := d.List(ctx)
		if err != nil || len(list) != snapshots {
			b.Fatal(len(list), err)
		}
	}
}
