// Package pack lays long-lived tables built at start-up side by side in
// memory. Keys and lists made one by one during a load are each a small
// object among the load's garbage; after start-up each such object keeps a
// heap page that is otherwise empty (issue #17: megabytes of the idle
// server). Copied into one string or one array, they hold whole pages.
package pack

import (
	"sort"
	"strings"
)

// Keys returns a copy of m whose keys lie side by side in one string.
func Keys[V any](m map[string]V) map[string]V {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	all := joined(keys)
	out := make(map[string]V, len(m))
	for _, k := range keys {
		out[all[:len(k)]] = m[k]
		all = all[len(k):]
	}
	return out
}

// Lists returns a copy of m whose keys lie side by side in one string and
// whose lists lie in one array, with the keys in order. Each list is
// clipped: an append to one never writes into the next.
func Lists[T any](m map[string][]T) (terms []string, out map[string][]T) {
	terms = make([]string, 0, len(m))
	n := 0
	for t, l := range m {
		terms = append(terms, t)
		n += len(l)
	}
	sort.Strings(terms)
	all := joined(terms)
	lists := make([]T, 0, n)
	out = make(map[string][]T, len(m))
	for i, t := range terms {
		packed := all[:len(t)]
		all = all[len(t):]
		out[packed], lists = AppendClipped(lists, m[t])
		terms[i] = packed
	}
	return terms, out
}

// AppendClipped appends part to all and returns the appended part, clipped
// to its length, and the grown all.
func AppendClipped[T any](all, part []T) ([]T, []T) {
	start := len(all)
	all = append(all, part...)
	return all[start:len(all):len(all)], all
}

func joined(keys []string) string {
	n := 0
	for _, k := range keys {
		n += len(k)
	}
	var b strings.Builder
	b.Grow(n)
	for _, k := range keys {
		b.WriteString(k)
	}
	return b.String()
}
