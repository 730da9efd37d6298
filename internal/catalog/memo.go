package catalog

import (
	"sync"
	"sync/atomic"
)

// textMemo remembers a pure function of a text, for texts of up to
// maxMemoText bytes, and at most maxMemoTexts of them: when full it starts
// again empty. It is safe for concurrent use; the zero value is ready.
type textMemo struct {
	m atomic.Pointer[sync.Map]
	n atomic.Int64
}

const (
	maxMemoTexts = 4096
	maxMemoText  = 512 // longer texts are worked out each time, so a few long messages cannot fill the memory
)

func (c *textMemo) get(text string, f func(string) string) string {
	if len(text) > maxMemoText {
		return f(text)
	}
	m := c.m.Load()
	if m == nil {
		m = new(sync.Map)
		if !c.m.CompareAndSwap(nil, m) {
			m = c.m.Load()
		}
	}
	if v, ok := m.Load(text); ok {
		return v.(string)
	}
	v := f(text)
	if c.n.Add(1) > maxMemoTexts {
		c.m.Store(new(sync.Map))
		c.n.Store(0)
		return v
	}
	m.Store(text, v)
	return v
}
