package report

import (
	"encoding/json"
	"io"

	"tally/count"
)

// FormatName and FormatVersion identify the JSON result document; the
// version changes only when a field changes meaning or goes away.
const (
	FormatName    = "tally-result"
	FormatVersion = 1
)

// Document is the JSON form of an election's results (docs/result-json.md).
type Document struct {
	Format   string          `json:"format"`
	Version  int             `json:"version"`
	Election ElectionSummary `json:"election"`
	Rounds   []*count.Result `json:"rounds"`
	// Decided: every office is decided (the last round's next step is done).
	Decided bool `json:"decided"`
}

// ElectionSummary states the election and every setting in force, so the
// document says which rules decided it without the election file.
type ElectionSummary struct {
	Title     string            `json:"title"`
	Body      string            `json:"body,omitempty"`
	Place     string            `json:"place,omitempty"`
	Date      string            `json:"date,omitempty"`
	Preset    count.Preset      `json:"preset"`
	Ballot    count.BallotKind  `json:"ballot"`
	Settings  map[string]string `json:"settings"`
	Overrides []string          `json:"overrides"`
	Offices   []OfficeSummary   `json:"offices"`
}

// OfficeSummary is one office as the election file lists it.
type OfficeSummary struct {
	Name       string   `json:"name"`
	Seats      int      `json:"seats"`
	Candidates []string `json:"candidates"`
}

// NewDocument gathers an election and its results into one document.
func NewDocument(e *count.Election, results []*count.Result) Document {
	d := Document{Format: FormatName, Version: FormatVersion, Rounds: results}
	if d.Rounds == nil {
		d.Rounds = []*count.Result{}
	}
	s := ElectionSummary{Title: e.Title, Body: e.Body, Place: e.Place, Date: e.Date, Preset: e.Preset,
		Ballot: e.Ballot, Settings: map[string]string{}, Overrides: append([]string{}, e.Overrides...)}
	for _, k := range count.SettingKeys() {
		s.Settings[k] = e.Settings.Get(k)
	}
	for _, o := range e.Offices {
		s.Offices = append(s.Offices, OfficeSummary{Name: o.Name, Seats: o.Seats, Candidates: append([]string{}, o.Candidates...)})
	}
	d.Election = s
	d.Decided = len(results) > 0 && results[len(results)-1].Next.Kind == count.StepDone
	return d
}

// JSON writes the document, indented, with Chinese left as it is.
func JSON(out io.Writer, e *count.Election, results []*count.Result) error {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(NewDocument(e, results))
}
