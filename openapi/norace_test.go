//go:build !race

package openapi_test

// raceEnabled reports a build with the race detector.
const raceEnabled = false
