package catalog

import "github.com/shopkeeper/shopkeeper/internal/memo"

// textMemo remembers a pure function of a text, for texts of up to
// maxMemoText bytes (internal/memo bounds how many).
type textMemo struct{ m memo.Map[string] }

const maxMemoText = 512 // longer texts are worked out each time, so a few long messages cannot fill the memory

func (c *textMemo) get(text string, f func(string) string) string {
	if len(text) > maxMemoText {
		return f(text)
	}
	return c.m.Get(text, func() string { return f(text) })
}
