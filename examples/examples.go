// Package examples holds the example elections and their ballots, built
// into the program so that `tally` with no arguments can show a demo.
package examples

import "embed"

// FS holds every example election file and ballot file.
//
//go:embed *.toml *.jsonl *.csv *.blt
var FS embed.FS

// Demo names the built-in demo election and its ballots: a party branch's
// 三轮选 (secretary, deputy, members) with Chinese names.
const (
	DemoElection = "party-branch-cascade.toml"
	DemoBallots  = "party-branch-cascade.jsonl"
)

// DemoTable is the election the counting table's demo opens on: the same
// kind of 三轮选, with everyday names and a room of 21, small enough to
// key to the end for practice.
const DemoTable = "demo-branch.toml"
