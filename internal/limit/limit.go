// Package limit holds the server's defences against floods: token buckets
// per key (a client address, a conversation), bounded in memory; a back-off
// schedule for failed sign-ins; and a semaphore for expensive work such as
// password hashing. It keeps no global state: whoever builds the world
// makes the limits and passes them in.
package limit

import (
	"container/list"
	"context"
	"fmt"
	"math"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Rate is a token bucket's shape: Count tokens every Per, holding at most
// Burst. "30/s,100" is thirty a second in bursts of up to a hundred.
type Rate struct {
	Count int
	Per   time.Duration
	Burst int
}

// ParseRate reads "N/s", "N/m" or "N/h", optionally followed by ",BURST";
// without a burst the bucket holds N.
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	spec, burst, hasBurst := strings.Cut(s, ",")
	n, unit, ok := strings.Cut(strings.TrimSpace(spec), "/")
	if !ok {
		return Rate{}, fmt.Errorf("rate %q: want N/s, N/m or N/h, optionally with ,BURST", s)
	}
	count, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || count < 1 || count > 1_000_000 {
		return Rate{}, fmt.Errorf("rate %q: the count must be a whole number from 1 to 1000000", s)
	}
	r := Rate{Count: count, Burst: count}
	switch strings.TrimSpace(unit) {
	case "s":
		r.Per = time.Second
	case "m":
		r.Per = time.Minute
	case "h":
		r.Per = time.Hour
	default:
		return Rate{}, fmt.Errorf("rate %q: the unit must be s, m or h", s)
	}
	if hasBurst {
		b, err := strconv.Atoi(strings.TrimSpace(burst))
		if err != nil || b < 1 || b > 10_000_000 {
			return Rate{}, fmt.Errorf("rate %q: the burst must be a whole number from 1 to 10000000", s)
		}
		r.Burst = b
	}
	return r, nil
}

// String writes r back in ParseRate's form.
func (r Rate) String() string {
	unit := "s"
	switch r.Per {
	case time.Minute:
		unit = "m"
	case time.Hour:
		unit = "h"
	}
	return fmt.Sprintf("%d/%s,%d", r.Count, unit, r.Burst)
}

// interval is the time one token takes to come back.
func (r Rate) interval() time.Duration { return r.Per / time.Duration(r.Count) }

// bucket is one key's tokens at the moment it was last touched.
type bucket struct {
	key    string
	tokens float64
	at     time.Time
}

// Buckets are token buckets per key. Memory is bounded twice: a bucket that
// has been idle long enough to be full again is the same as no bucket and
// is dropped, and beyond Max keys the least recently used goes first (an
// attacker cycling through addresses then only resets their own buckets'
// history, never grows the map). Safe for concurrent use.
type Buckets struct {
	rate Rate
	max  int
	now  func() time.Time

	mu   sync.Mutex
	keys map[string]*list.Element
	lru  *list.List // front: most recently used
}

// DefaultMaxKeys bounds a bucket map: at about 100 bytes a key, 100,000
// keys cost some 10 MB at most.
const DefaultMaxKeys = 100_000

// NewBuckets makes buckets of rate r for at most max keys (0: DefaultMaxKeys);
// now is the clock (nil: time.Now).
func NewBuckets(r Rate, max int, now func() time.Time) *Buckets {
	if max <= 0 {
		max = DefaultMaxKeys
	}
	if now == nil {
		now = time.Now
	}
	return &Buckets{rate: r, max: max, now: now, keys: map[string]*list.Element{}, lru: list.New()}
}

// Take spends one of key's tokens. When none is left it reports false and
// how long until one is back; nothing is spent then, so a client that keeps
// hammering is not pushed further out than the rate says.
func (b *Buckets) Take(key string) (ok bool, wait time.Duration) {
	now := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sweep(now)
	var bk *bucket
	if el, found := b.keys[key]; found {
		bk = el.Value.(*bucket)
		b.lru.MoveToFront(el)
		if elapsed := now.Sub(bk.at); elapsed > 0 {
			bk.tokens = math.Min(float64(b.rate.Burst), bk.tokens+float64(elapsed)/float64(b.rate.interval()))
		}
		bk.at = now
	} else {
		for len(b.keys) >= b.max {
			b.evict(b.lru.Back())
		}
		bk = &bucket{key: key, tokens: float64(b.rate.Burst), at: now}
		b.keys[key] = b.lru.PushFront(bk)
	}
	if bk.tokens >= 1 {
		bk.tokens--
		return true, 0
	}
	missing := 1 - bk.tokens
	return false, time.Duration(math.Ceil(missing * float64(b.rate.interval())))
}

// sweep drops buckets, least recently used first, that have refilled
// completely: forgetting them changes nothing.
func (b *Buckets) sweep(now time.Time) {
	full := time.Duration(b.rate.Burst) * b.rate.interval()
	for el := b.lru.Back(); el != nil; el = b.lru.Back() {
		if now.Sub(el.Value.(*bucket).at) < full {
			return
		}
		b.evict(el)
	}
}

func (b *Buckets) evict(el *list.Element) {
	b.lru.Remove(el)
	delete(b.keys, el.Value.(*bucket).key)
}

// Len is the number of keys held, for tests and metrics.
func (b *Buckets) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.keys)
}

// RetryAfter is a wait as the Retry-After header says it: whole seconds,
// rounded up, at least one.
func RetryAfter(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// ClientKey is the key a client address is limited by. An IPv6 client
// usually holds a whole /64, so that is what counts as one address; IPv4
// addresses count singly. Anything unreadable is used as it is.
func ClientKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		return addr
	}
	if ip4 := ip.To4(); ip4 != nil {
		return ip4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// Slots is a counting semaphore: at most n holders at once.
type Slots struct{ ch chan struct{} }

// NewSlots makes n slots (at least one).
func NewSlots(n int) *Slots { return &Slots{ch: make(chan struct{}, max(n, 1))} }

// Acquire takes a slot, waiting at most wait (or until ctx ends); false
// when none came free in time. A true must be paired with Release.
func (s *Slots) Acquire(ctx context.Context, wait time.Duration) bool {
	select {
	case s.ch <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case s.ch <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

// Release gives a slot back.
func (s *Slots) Release() { <-s.ch }

// Cap is the number of slots.
func (s *Slots) Cap() int { return cap(s.ch) }
