// Package i18n holds every sentence the shop says to a shopper, in each
// launch language, as message catalogues (messages/<lang>.json, and one
// folder per skill, messages/<skill>/<lang>.json, so a skill's sentences sit
// together). Code picks a message by key and fills named {placeholders}; it
// never builds sentences.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

//go:embed messages
var files embed.FS

// Catalog maps language → key → message.
type Catalog struct {
	fallback string
	msgs     map[string]map[string]string
	// toned are the catalogues per tone and tone the tone in force, when
	// the shop's tone can change while it runs (LoadTones).
	toned map[string]*Catalog
	tone  func() string
	// base, on a tone's catalogue, holds every message the tone does not
	// word differently; msgs then holds only those it does. A full second
	// copy of every catalogue was half a megabyte of an idle server
	// (issue #17).
	base *Catalog
}

// LoadTones reads the catalogues in every tone; T answers in the tone that
// tone returns at the time (an unknown tone is the base, friendly).
func LoadTones(fallback string, tone func() string) (*Catalog, error) {
	base, err := Load(fallback)
	if err != nil {
		return nil, err
	}
	c := &Catalog{fallback: base.fallback, msgs: base.msgs, toned: map[string]*Catalog{}, tone: tone}
	for _, t := range Tones[1:] {
		full, err := Load(fallback, t)
		if err != nil {
			return nil, err
		}
		own := &Catalog{fallback: fallback, msgs: map[string]map[string]string{}, base: base}
		for lang, m := range full.msgs {
			own.msgs[lang] = map[string]string{}
			for k, v := range m {
				if b, ok := base.msgs[lang][k]; !ok || b != v {
					own.msgs[lang][k] = v
				}
			}
		}
		for lang, m := range own.msgs {
			own.msgs[lang] = packed(m)
		}
		c.toned[t] = own
	}
	return c, nil
}

// packed returns a copy of m whose keys and messages lie side by side in one
// string. Decoded one by one, each was a small object among the decoder's
// garbage, and after start-up such objects hold heap pages that are
// otherwise empty (issue #17).
func packed(m map[string]string) map[string]string {
	keys := make([]string, 0, len(m))
	n := 0
	for k, v := range m {
		keys = append(keys, k)
		n += len(k) + len(v)
	}
	var b strings.Builder
	b.Grow(n)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteString(m[k])
	}
	all := b.String()
	out := make(map[string]string, len(m))
	for _, k := range keys {
		kv := all[:len(k)+len(m[k])]
		out[kv[:len(k)]] = kv[len(k):]
		all = all[len(kv):]
	}
	return out
}

// Tones the shop can speak in. Friendly is the base catalogue; a tone's
// file (messages/<lang>@formal.json) overrides the messages that differ.
var Tones = []string{"friendly", "formal"}

// Load reads the embedded catalogues in the shop's tone ("" or "friendly"
// for the base); fallback is the language used when a language is unknown.
func Load(fallback string, tone ...string) (*Catalog, error) {
	c := &Catalog{fallback: fallback, msgs: map[string]map[string]string{}}
	overrides := map[string]map[string]string{}
	err := fs.WalkDir(files, "messages", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("message catalogue %s: %w", p, err)
		}
		name := strings.TrimSuffix(path.Base(p), ".json")
		into := c.msgs
		lang, t, toned := strings.Cut(name, "@")
		if toned {
			if len(tone) == 0 || t != tone[0] {
				return nil
			}
			into = overrides
		}
		if into[lang] == nil {
			into[lang] = map[string]string{}
		}
		for k, v := range m {
			if _, dup := into[lang][k]; dup {
				return fmt.Errorf("message catalogue %s: %q is defined twice", p, k)
			}
			into[lang][k] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for lang, m := range overrides {
		for k, v := range m {
			if _, ok := c.msgs[lang][k]; !ok {
				return nil, fmt.Errorf("message catalogue %s@%s: %q is not in the base catalogue", lang, tone[0], k)
			}
			c.msgs[lang][k] = v
		}
	}
	if _, ok := c.msgs[fallback]; !ok {
		return nil, fmt.Errorf("no message catalogue for the fallback language %q", fallback)
	}
	for lang, m := range c.msgs {
		c.msgs[lang] = packed(m)
	}
	return c, nil
}

// MustLoad is Load for tests and start-up where a broken catalogue is a bug.
func MustLoad(fallback string) *Catalog {
	c, err := Load(fallback)
	if err != nil {
		panic(err)
	}
	return c
}

// T returns the message key in lang with args filled in; args are pairs of
// placeholder name and value: T("nl", "cart.added", "title", "Aurora").
//
// A message about one thing reads "1 item", not "1 items": when the count
// argument is 1 and the catalogue has key+".one", that form is used.
func (c *Catalog) T(lang, key string, args ...any) string {
	if c.tone != nil {
		if tc := c.toned[c.tone()]; tc != nil {
			return tc.T(lang, key, args...)
		}
	}
	if isOne(args) {
		if _, ok := c.message(lang, key+".one"); ok {
			key += ".one"
		}
	}
	m, ok := c.message(lang, key)
	if !ok {
		m, ok = c.message(c.fallback, key)
	}
	if !ok {
		return key // visible in tests, never silently empty
	}
	if len(args) == 0 {
		return m
	}
	return fill(m, args)
}

// fill writes each {name} of m as the value args pair with name, as
// strings.NewReplacer("{name}", value, …).Replace(m) does — left to right,
// the first pair of a name winning, a value never read again — without
// building a replacer for every message (issue #17).
func fill(m string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		if strings.ContainsAny(text(args[i]), "{}") {
			// A name that is not a plain word: the replacer knows best.
			pairs := make([]string, 0, len(args))
			for i := 0; i+1 < len(args); i += 2 {
				pairs = append(pairs, "{"+text(args[i])+"}", text(args[i+1]))
			}
			return strings.NewReplacer(pairs...).Replace(m)
		}
	}
	var b strings.Builder
	done := 0 // m[:done] is written
	for i := 0; i < len(m); i++ {
		if m[i] != '{' {
			continue
		}
		end := strings.IndexByte(m[i:], '}')
		if end < 0 {
			break
		}
		name := m[i+1 : i+end]
		for j := 0; j+1 < len(args); j += 2 {
			if text(args[j]) == name {
				if b.Len() == 0 {
					b.Grow(len(m) + 32)
				}
				b.WriteString(m[done:i])
				b.WriteString(text(args[j+1]))
				done = i + end + 1
				i = done - 1
				break
			}
		}
	}
	if done == 0 {
		return m
	}
	b.WriteString(m[done:])
	return b.String()
}

// text is fmt.Sprint(v), without a copy of a string.
func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// message is key in lang's catalogue: the tone's own wording, or the base
// catalogue's.
func (c *Catalog) message(lang, key string) (string, bool) {
	if m, ok := c.msgs[lang][key]; ok || c.base == nil {
		return m, ok
	}
	m, ok := c.base.msgs[lang][key]
	return m, ok
}

// isOne reports whether the "count" argument of a message is 1.
func isOne(args []any) bool {
	for i := 0; i+1 < len(args); i += 2 {
		if text(args[i]) == "count" {
			return text(args[i+1]) == "1"
		}
	}
	return false
}

// Has reports whether lang has its own message for key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// Languages returns the languages that have a catalogue.
func (c *Catalog) Languages() []string {
	var ls []string
	for l := range c.msgs {
		ls = append(ls, l)
	}
	return ls
}

// Keys returns the keys of lang's catalogue.
func (c *Catalog) Keys(lang string) []string {
	var ks []string
	for k := range c.msgs[lang] {
		ks = append(ks, k)
	}
	return ks
}
