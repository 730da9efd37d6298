package analytics

import (
	"fmt"
	"strconv"
	"strings"
)

// MarshalText writes the hours that have conversations as "hour:count"
// pairs: most days are quiet at night.
func (h Hours) MarshalText() ([]byte, error) {
	var b strings.Builder
	for i, n := range h {
		if n == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(i))
		b.WriteByte(':')
		b.WriteString(strconv.FormatInt(n, 10))
	}
	return []byte(b.String()), nil
}

// UnmarshalText reads what MarshalText wrote.
func (h *Hours) UnmarshalText(text []byte) error {
	*h = Hours{}
	for _, pair := range strings.Fields(string(text)) {
		hs, ns, ok := strings.Cut(pair, ":")
		i, err1 := strconv.Atoi(hs)
		n, err2 := strconv.ParseInt(ns, 10, 64)
		if !ok || err1 != nil || err2 != nil || i < 0 || i >= len(h) || n < 0 {
			return fmt.Errorf("hours %q: want hour:count", pair)
		}
		h[i] += n
	}
	return nil
}
