package fold

import (
	"strings"
	"sync"
)

// Lines remembers the folded words of texts seen lately, as one line with a
// space at both ends (" do you have running shoes "), so that a text that
// is matched against many phrases is folded once (issue #17: the dialogue
// folded a shopper's message again for each of some hundred phrases per
// turn). It is safe for concurrent use; the zero value is ready.
type Lines struct {
	mu sync.RWMutex
	m  map[string]Line
}

// Line is one text folded for matching, every form computed once.
type Line struct {
	Words  string // " " + strings.Join(Words(s), " ") + " "
	Folded string // String(s)
	CJK    bool   // s has a CJK letter (IsCJK)
}

// maxLines bounds a Lines: beyond it, it starts again empty.
const maxLines = 8192

// maxLineText is the longest text remembered; longer ones are folded each
// time, so a few long messages cannot fill the memory.
const maxLineText = 512

// Of returns " " + strings.Join(Words(s), " ") + " ".
func (l *Lines) Of(s string) string { return l.Get(s).Words }

// Get returns s folded (Line), from memory when s was seen lately.
func (l *Lines) Get(s string) Line {
	l.mu.RLock()
	line, ok := l.m[s]
	l.mu.RUnlock()
	if ok {
		return line
	}
	line = MakeLine(s)
	if len(s) > maxLineText {
		return line
	}
	l.mu.Lock()
	if l.m == nil || len(l.m) >= maxLines {
		l.m = make(map[string]Line, 256)
	}
	l.m[s] = line
	l.mu.Unlock()
	return line
}

// MakeLine folds s, without remembering it.
func MakeLine(s string) Line {
	folded := String(s)
	line := Line{Words: " " + strings.Join(words(folded), " ") + " ", Folded: folded}
	for _, r := range s {
		if IsCJK(r) {
			line.CJK = true
			break
		}
	}
	return line
}
