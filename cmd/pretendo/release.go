package main

import "runtime/debug"

// releaseLoadMemory returns to the system, in the background, the memory
// that loading the data needed only while it ran: the file's bytes and the
// parser's garbage. Without it the process keeps that memory resident for
// minutes (the runtime gives it back slowly), which for a file of a million
// records is about as much again as the records themselves.
func releaseLoadMemory() { go debug.FreeOSMemory() }
