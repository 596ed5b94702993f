//go:build !unix

package main

// On systems without Unix file ownership the socket's folder is the
// user's own temporary folder, which other users cannot write to.
func privateDir(dir string) error { return nil }

func ownSocket(path string) error { return nil }
