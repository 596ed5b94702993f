// Package nist writes a count file's record in two of NIST's election
// common data formats: cast vote records (SP 1500-103, WriteCVR) and
// election results (SP 1500-100 Rev. 2, WriteResults), both JSON.
//
// Each office's section of each round is a contest of its own, with
// ASCII identifiers derived from the round and the office; what the
// schemas have no field for goes in their code lists under keys starting
// "tally-". docs/nist.md gives the whole mapping and what is not carried.
package nist
