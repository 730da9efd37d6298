package vocab

import (
	"iter"
	"slices"

	"github.com/shopkeeper/shopkeeper/internal/pack"
)

// idMap maps a phrase's key to the concepts it names. The vocabulary holds
// some 47,000 such keys, most naming one concept: as a map of slices each
// held a slice header (24 bytes) in its slot and a list of its own on the
// heap, about a third of the vocabulary's memory in an idle server (issue
// #17). Here every list lies in one array and a slot holds where (4 bytes).
type idMap struct {
	at   map[string]uint32 // offset in list << 8 | length
	list []ID
	// base, when set, answers for the keys this map has neither set nor
	// deleted (gone): a shop's copy of the vocabulary (With) holds its own
	// words and shares the shipped 47,000 keys, where a full copy of them
	// cost 2.8 MB of an idle server's memory (issue #17).
	base *idMap
	gone map[string]bool
}

func newIDMap() idMap { return idMap{at: map[string]uint32{}} }

// get returns the concepts of key, clipped: a caller's append never writes
// into the shared array.
func (m *idMap) get(key string) ([]ID, bool) {
	p, ok := m.at[key]
	if !ok {
		if m.base == nil || m.gone[key] {
			return nil, false
		}
		return m.base.get(key)
	}
	off, n := p>>8, p&0xff
	return m.list[off : off+n : off+n], true
}

// ids is get without the found flag, for callers to whom an unknown key and
// a key of no concepts are the same.
func (m *idMap) ids(key string) []ID {
	ids, _ := m.get(key)
	return ids
}

// set makes ids the concepts of key. The list of an earlier set stays in
// the array until compact.
func (m *idMap) set(key string, ids []ID) {
	if len(ids) > 0xff {
		// A key names a few concepts; a retailer's word said to name more
		// than 255 keeps the first 255.
		ids = ids[:0xff]
	}
	if len(m.list) >= 1<<24 {
		// The shipped vocabulary has some tens of thousands of ids in all.
		panic("vocab: idMap outgrown")
	}
	m.at[key] = uint32(len(m.list))<<8 | uint32(len(ids))
	m.list = append(m.list, ids...)
	delete(m.gone, key)
}

func (m *idMap) del(key string) {
	delete(m.at, key)
	if m.base != nil {
		if m.gone == nil {
			m.gone = map[string]bool{}
		}
		m.gone[key] = true
	}
}

// all yields every key with its concepts.
func (m *idMap) all() iter.Seq2[string, []ID] {
	return func(yield func(string, []ID) bool) {
		for k := range m.at {
			ids, _ := m.get(k)
			if !yield(k, ids) {
				return
			}
		}
		if m.base == nil {
			return
		}
		for k, ids := range m.base.all() {
			if _, own := m.at[k]; own || m.gone[k] {
				continue
			}
			if !yield(k, ids) {
				return
			}
		}
	}
}

// compact drops the lists no key holds any more, and lays the keys side by
// side in one string (pack.Keys).
func (m *idMap) compact() {
	old := *m
	m.at = make(map[string]uint32, len(old.at))
	m.list = make([]ID, 0, len(old.list))
	for k, ids := range old.all() {
		m.set(k, ids)
	}
	m.list = slices.Clip(m.list)
	m.at = pack.Keys(m.at)
}

// clone is a copy whose sets and deletes leave m as it is: it starts empty
// on top of m, which it reads through (base). m must not change afterwards;
// a vocabulary's maps do not once loaded.
func (m *idMap) clone() idMap {
	return idMap{at: map[string]uint32{}, base: m}
}
