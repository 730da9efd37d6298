package catalog

import (
	_ "embed"
	"encoding/json"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// optionNamesJSON lists the names of the two options every shop has, size
// and colour, in the six languages and in the forms a shopper types them
// ("maat", "颜色", "գույնը"). A catalogue's option names ("Størrelse",
// "Kleur") and a shopper's words ("size M", "maat M") are read against
// this one list, so a language added here is added everywhere.
//
//go:embed option_names.json
var optionNamesJSON []byte

// optionKinds maps a folded option name to "size" or "color".
var optionKinds = func() map[string]string {
	var lists map[string][]string
	if err := json.Unmarshal(optionNamesJSON, &lists); err != nil {
		panic("catalog option names: " + err.Error()) // embedded data: a bug, caught by every test
	}
	out := map[string]string{}
	for kind, names := range lists {
		for _, n := range names {
			out[fold.String(n)] = kind
		}
	}
	return out
}()

// OptionKind is "size" or "color" when name names that option in any of
// the six languages ("Maat", "colour", "颜色"), else "".
func OptionKind(name string) string {
	if k := canonicalOption(name); k == "size" || k == "color" {
		return k
	}
	return ""
}

// OptionNames are the folded names of size and colour in every language,
// for reading them inside text written without spaces ("要M码的尺码").
func OptionNames() []string {
	out := make([]string, 0, len(optionKinds))
	for n := range optionKinds {
		out = append(out, n)
	}
	return out
}
