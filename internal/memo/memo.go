// Package memo remembers what pure functions made of strings, for the hot
// paths of a chat turn (issue #17): the dialogue and the catalogue ask the
// same questions of the same few hundred texts turn after turn.
package memo

import (
	"sync"
	"sync/atomic"
)

// DefaultSize is how many keys a Map holds when its Size is zero.
const DefaultSize = 8192

// Map is a bounded map from a string to what a pure function made of it.
// When full it starts again empty, so a stream of new keys (every shopper's
// own message) cannot grow it without end. It is safe for concurrent use
// and its zero value is ready. Values are shared: readers must never change
// them.
type Map[V any] struct {
	Size int // keys held before starting again; DefaultSize when zero

	m atomic.Pointer[sync.Map]
	n atomic.Int64
}

// Get is f's value for key, made by f the first time key is asked.
func (c *Map[V]) Get(key string, f func() V) V {
	m := c.m.Load()
	if m == nil {
		m = new(sync.Map)
		if !c.m.CompareAndSwap(nil, m) {
			m = c.m.Load()
		}
	}
	if v, ok := m.Load(key); ok {
		return v.(V)
	}
	v := f()
	size := c.Size
	if size <= 0 {
		size = DefaultSize
	}
	if c.n.Add(1) > int64(size) {
		c.m.Store(new(sync.Map))
		c.n.Store(0)
		return v
	}
	m.Store(key, v)
	return v
}
