package i18n

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var launch = []string{"en", "nl", "ms", "zh", "nb", "hy"}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// Every language must say everything English says, with the same placeholders:
// a missing translation would show a shopper an English sentence or a key.
func TestCatalogs_CompleteInEveryLanguage(t *testing.T) {
	c := MustLoad("en")
	en := c.Keys("en")
	sort.Strings(en)
	if len(en) == 0 {
		t.Fatal("English catalogue is empty")
	}
	for _, lang := range launch {
		for _, k := range en {
			if !c.Has(lang, k) {
				t.Errorf("%s: missing %q", lang, k)
				continue
			}
			want := placeholder.FindAllString(c.T("en", k), -1)
			got := placeholder.FindAllString(c.T(lang, k), -1)
			sort.Strings(want)
			sort.Strings(got)
			if len(want) != len(got) {
				t.Errorf("%s: %q has placeholders %v, English has %v", lang, k, got, want)
				continue
			}
			for i := range want {
				if want[i] != got[i] {
					t.Errorf("%s: %q has placeholders %v, English has %v", lang, k, got, want)
					break
				}
			}
		}
		for _, k := range c.Keys(lang) {
			if !c.Has("en", k) {
				t.Errorf("%s: %q is not in the English catalogue", lang, k)
			}
		}
	}
}

func TestT_FillsPlaceholdersAndFallsBack(t *testing.T) {
	c := MustLoad("en")
	if got := c.T("xx", "greeting", "shop", "Test Shop"); got != c.T("en", "greeting", "shop", "Test Shop") {
		t.Errorf("unknown language should fall back to English, got %q", got)
	}
	if got := c.T("en", "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the key itself", got)
	}
}

// A tone's file may only override messages, with the same placeholders.
func TestTones_OverrideOnlyKnownMessages(t *testing.T) {
	base := MustLoad("en")
	for _, tone := range Tones {
		c, err := Load("en", tone)
		if err != nil {
			t.Fatalf("tone %s: %v", tone, err)
		}
		for _, lang := range launch {
			for _, k := range base.Keys(lang) {
				want := placeholder.FindAllString(base.T(lang, k), -1)
				got := placeholder.FindAllString(c.T(lang, k), -1)
				sort.Strings(want)
				sort.Strings(got)
				if strings.Join(want, ",") != strings.Join(got, ",") {
					t.Errorf("%s@%s %q has placeholders %v, base has %v", lang, tone, k, got, want)
				}
			}
		}
	}
}

func TestTones_FormalDutchSaysU(t *testing.T) {
	c, err := Load("en", "formal")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T("nl", "checkout.ask_email"); !strings.Contains(" "+got+" ", " u") || strings.Contains(got, " je ") {
		t.Errorf("formal Dutch = %q", got)
	}
	if got := MustLoad("en").T("nl", "checkout.ask_email"); !strings.Contains(got, "je") {
		t.Errorf("friendly Dutch = %q", got)
	}
}

// TestLoadTones_ToneHoldsOnlyItsOwnWordingAndAnswersAsTheFullCatalogue
// checks that a tone's catalogue, which keeps only the messages it words
// differently, answers every key of every language as the full catalogue
// of that tone does, and holds fewer messages than the base.
func TestLoadTones_ToneHoldsOnlyItsOwnWordingAndAnswersAsTheFullCatalogue(t *testing.T) {
	c, err := LoadTones("en", func() string { return "formal" })
	if err != nil {
		t.Fatal(err)
	}
	full, err := Load("en", "formal")
	if err != nil {
		t.Fatal(err)
	}
	own, all := 0, 0
	for _, lang := range append(full.Languages(), "xx") {
		for _, key := range full.Keys("en") {
			for _, args := range [][]any{nil, {"count", 1, "item", "Aurora"}} {
				if got, want := c.T(lang, key, args...), full.T(lang, key, args...); got != want {
					t.Errorf("%s %s %v: %q, the full formal catalogue says %q", lang, key, args, got, want)
				}
			}
		}
		own += len(c.toned["formal"].msgs[lang])
		all += len(full.msgs[lang])
	}
	if own == 0 || own >= all {
		t.Errorf("the formal tone holds %d of %d messages", own, all)
	}
}

// FuzzFill_SameAsReplacer checks fill, which writes a message's {name}s
// without building a strings.Replacer, against the replacer it stands for.
func FuzzFill_SameAsReplacer(f *testing.F) {
	f.Add("{item} added, {count} in the cart {item}", "item", "Aurora {count}", "count", "2")
	f.Add("{{item}} {item", "item", "x", "item", "y")
	f.Add("{}{a}{b}", "", "empty", "a}", "odd")
	f.Fuzz(func(t *testing.T, m, n1, v1, n2, v2 string) {
		for _, args := range [][]any{{n1, v1}, {n1, v1, n2, v2}, {n1, 1, n2, v2, "extra"}} {
			var pairs []string
			for i := 0; i+1 < len(args); i += 2 {
				pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
			}
			if got, want := fill(m, args), strings.NewReplacer(pairs...).Replace(m); got != want {
				t.Errorf("fill(%q, %q) = %q, the replacer says %q", m, args, got, want)
			}
		}
	})
}
