package analytics

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// bounds are the upper edges of the response-time buckets, in
// milliseconds. Percentiles cannot be added up across days, counts per
// bucket can: the rollup keeps these counts, and a percentile is read from
// them by interpolating inside its bucket. The edges are close together
// where bots answer (tens of milliseconds) and where people do (minutes).
var bounds = []int64{
	10, 20, 50, 75, 100, 150, 200, 300, 500, 750,
	1000, 1500, 2000, 3000, 5000, 7500, 10000, 15000, 20000, 30000,
	45000, 60000, 90000, 120000, 180000, 300000, 600000, 900000, 1800000, 3600000,
	7200000, 14400000, 28800000, 86400000,
}

// Histogram counts durations per bucket; the last count is everything
// beyond the last edge.
type Histogram []int64

// Add counts one duration.
func (h *Histogram) Add(d time.Duration) {
	ms := d.Milliseconds()
	if ms < 0 {
		ms = 0
	}
	i := sort.Search(len(bounds), func(i int) bool { return ms <= bounds[i] })
	for len(*h) <= i {
		*h = append(*h, 0)
	}
	(*h)[i]++
}

// Merge adds o's counts.
func (h *Histogram) Merge(o Histogram) {
	for len(*h) < len(o) {
		*h = append(*h, 0)
	}
	for i, n := range o {
		(*h)[i] += n
	}
}

// Count is the number of durations counted.
func (h Histogram) Count() int64 {
	var n int64
	for _, c := range h {
		n += c
	}
	return n
}

// Quantile estimates the q-th quantile (0 < q ≤ 1), interpolating linearly
// inside the bucket it falls in; 0 when nothing was counted.
func (h Histogram) Quantile(q float64) time.Duration {
	n := h.Count()
	if n == 0 {
		return 0
	}
	rank := int64(q*float64(n) + 0.999999) // the ceiling, without floats drifting past a whole rank
	if rank < 1 {
		rank = 1
	}
	var seen int64
	for i, c := range h {
		if c == 0 || seen+c < rank {
			seen += c
			continue
		}
		lo := int64(0)
		if i > 0 {
			lo = bounds[i-1]
		}
		if i >= len(bounds) {
			return time.Duration(lo) * time.Millisecond
		}
		hi := bounds[i]
		ms := lo + (hi-lo)*(rank-seen)/c
		return time.Duration(ms) * time.Millisecond
	}
	return 0
}

// MarshalText stores the counts as a JSON array (the rollup's column).
func (h Histogram) MarshalText() ([]byte, error) {
	b := []byte{'['}
	for i, n := range h {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, n, 10)
	}
	return append(b, ']'), nil
}

// UnmarshalText reads the counts back. It is written out by hand because a
// year's dashboard reads some ten thousand of them and encoding/json was
// a third of the time.
func (h *Histogram) UnmarshalText(b []byte) error {
	s, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "[")
	if s, ok = strings.CutSuffix(s, "]"); !ok {
		return fmt.Errorf("read response-time histogram %q: want [n,n,…]", b)
	}
	*h = (*h)[:0]
	if strings.TrimSpace(s) == "" {
		return nil
	}
	for part := range strings.SplitSeq(s, ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("read response-time histogram %q: %q is not a count", b, part)
		}
		if len(*h) > len(bounds) {
			return fmt.Errorf("read response-time histogram: more than %d buckets", len(bounds)+1)
		}
		*h = append(*h, n)
	}
	return nil
}
