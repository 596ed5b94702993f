// Package theme holds the counting table's semantic colours. Colour is
// never the only signal: every state also has a glyph and a word.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Theme is the set of styles the screens use, by meaning.
type Theme struct {
	Primary  lipgloss.Style
	Muted    lipgloss.Style
	Success  lipgloss.Style
	Warning  lipgloss.Style
	Error    lipgloss.Style
	Selected lipgloss.Style
	Title    lipgloss.Style
	Border   lipgloss.Style
	Key      lipgloss.Style
}

// New builds the theme for a dark or light terminal background.
func New(isDark bool) Theme {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(dark)) }
	return Theme{
		Primary:  lipgloss.NewStyle().Foreground(c("#1F4E8C", "#8CB4FF")),
		Muted:    lipgloss.NewStyle().Foreground(c("#6B6B6B", "#8A8A8A")),
		Success:  lipgloss.NewStyle().Foreground(c("#1E7B34", "#6BD88A")),
		Warning:  lipgloss.NewStyle().Foreground(c("#9A6700", "#F2C14E")),
		Error:    lipgloss.NewStyle().Foreground(c("#B3261E", "#FF8A80")).Bold(true),
		Selected: lipgloss.NewStyle().Reverse(true),
		Title:    lipgloss.NewStyle().Bold(true),
		Border:   lipgloss.NewStyle().BorderStyle(lipgloss.RoundedBorder()).BorderForeground(c("#9A9A9A", "#5A5A5A")).Padding(0, 1),
		Key:      lipgloss.NewStyle().Bold(true).Foreground(c("#1F4E8C", "#8CB4FF")),
	}
}
