package openapi_test

import (
	"syscall"
	"time"
)

// cpuTime runs f and returns the CPU time the process spent meanwhile, the
// garbage collector's included, which does not grow when other processes
// keep the cores busy, as the wall time does. The test calling it runs
// alone (no t.Parallel), so the time is f's.
func cpuTime(f func()) (time.Duration, bool) {
	var before, after syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &before) != nil {
		f()
		return 0, false
	}
	f()
	if syscall.Getrusage(syscall.RUSAGE_SELF, &after) != nil {
		return 0, false
	}
	used := func(r syscall.Rusage) time.Duration {
		return time.Duration(r.Utime.Nano() + r.Stime.Nano())
	}
	return used(after) - used(before), true
}
