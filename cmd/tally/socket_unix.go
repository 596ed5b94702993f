//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

// privateDir checks that dir is a real folder (not a link) owned by this
// user that nobody else can write to or list: a socket in it can only
// have been put there by this user's own programs.
func privateDir(dir string) error {
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	switch {
	case !st.IsDir():
		return fmt.Errorf("%s is not a folder", dir)
	case !ok || int(sys.Uid) != os.Getuid():
		return fmt.Errorf("%s belongs to another user", dir)
	case st.Mode().Perm()&0o077 != 0:
		return fmt.Errorf("%s can be opened by other users (mode %o)", dir, st.Mode().Perm())
	}
	return nil
}

// ownSocket checks that the socket at path was made by this user.
func ownSocket(path string) error {
	st, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); !ok || int(sys.Uid) != os.Getuid() || st.Mode()&os.ModeSocket == 0 {
		return fmt.Errorf("%s is not a socket of this user's", path)
	}
	return nil
}
