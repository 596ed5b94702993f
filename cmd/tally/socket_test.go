//go:build unix

package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tally watch trusts only a socket in a folder of this user's alone: a
// program of another user that bound the path first (the audit's "FAKE
// TABLE") is refused, and a folder others can open is refused.
func TestWatch_AFakeTableFoolsNobody(t *testing.T) {
	socketRoot = t.TempDir()
	defer func() { socketRoot = os.TempDir() }()
	count := filepath.Join(t.TempDir(), "c.tally")
	os.WriteFile(count, []byte("x"), 0o644)
	sock, _ := watchSocket(count)

	if _, err := dialTable(count); err == nil || !strings.Contains(err.Error(), "no counting table") {
		t.Fatalf("no table: %v", err)
	}
	// Another user's folder, or one others can open: not trusted.
	os.Mkdir(socketDir(), 0o755)
	if _, err := dialTable(count); err == nil || !strings.Contains(err.Error(), "not to be trusted") {
		t.Fatalf("a folder others can open: %v", err)
	}
	os.Chmod(socketDir(), 0o700)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if os.Getuid() == 0 {
		// As root the test can make the socket another user's, as a fake
		// table run by that user would be.
		if err := os.Lchown(sock, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		if _, err := dialTable(count); err == nil || !strings.Contains(err.Error(), "not a socket of this user's") {
			t.Fatalf("another user's socket: %v", err)
		}
		os.Lchown(sock, 0, 0)
	}
	conn, err := dialTable(count)
	if err != nil {
		t.Fatalf("this user's table: %v", err)
	}
	conn.Close()
}
