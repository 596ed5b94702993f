package store

import (
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// release is the version a release build is given:
//
//	go build -ldflags "-X tally/store.release=v1.2.0" ./cmd/tally
//
// (.ci/release does so). Other builds name themselves by the module's
// version as the go command stamps it from the repository, or "dev".
var release string

// Build is what a binary says of itself: its version, the commit it was
// built from, and how.
type Build struct {
	Version  string // v1.2.0, a pseudo-version, or "dev"
	Commit   string // the full commit hash ("" if not stamped)
	Time     string // the commit's time, RFC 3339
	Modified bool   // built from a work tree with changes not committed
	Go       string // the Go toolchain
	Platform string // GOOS/GOARCH
	TrimPath bool   // built with -trimpath
}

var (
	buildOnce sync.Once
	build     Build
)

// ThisBuild describes the running binary.
func ThisBuild() Build {
	buildOnce.Do(func() {
		build = Build{Version: release, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
		bi, ok := debug.ReadBuildInfo()
		if !ok {
			if build.Version == "" {
				build.Version = "dev"
			}
			return
		}
		if build.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			build.Version = bi.Main.Version
		}
		if build.Version == "" {
			build.Version = "dev"
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				build.Commit = s.Value
			case "vcs.time":
				build.Time = s.Value
			case "vcs.modified":
				build.Modified = s.Value == "true"
			case "-trimpath":
				build.TrimPath = s.Value == "true"
			}
		}
	})
	return build
}

// Program names the running binary in one short line, as the journal
// records it with the first event of each sitting and as every sheet
// prints it: "tally v1.2.0 (3f6749f0c1a2)"; "+modified" marks a build
// from uncommitted changes.
func Program() string {
	b := ThisBuild()
	s := "tally " + b.Version
	if c := b.Commit; c != "" && !strings.Contains(b.Version, c[:min(12, len(c))]) {
		s += " (" + c[:min(12, len(c))] + ")"
	}
	if b.Modified && !strings.Contains(b.Version, "+dirty") {
		s += " +modified"
	}
	return s
}
