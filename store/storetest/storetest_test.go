package storetest

import (
	"testing"
)

// Every example builds into a count file whose rounds all close, and the
// demo, keyed at the table, ends decided.
func TestBuild_EveryExampleClosesItsRounds(t *testing.T) {
	for _, name := range Examples() {
		t.Run(name, func(t *testing.T) {
			f, _ := Build(t, name)
			s := f.State()
			res, err := s.Results()
			if err != nil {
				t.Fatal(err)
			}
			if len(res) == 0 {
				t.Fatalf("no round closed:\n%s", Describe(f))
			}
			if name == Demo && s.Open() != nil {
				t.Errorf("the demo is not decided:\n%s", Describe(f))
			}
			if problems := f.Verify(); len(problems) > 0 {
				t.Errorf("built file does not verify: %v", problems)
			}
			t.Logf("%s%d rounds, last next step %s", Describe(f), len(res), res[len(res)-1].Next.Kind)
		})
	}
}
