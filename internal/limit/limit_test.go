package limit

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// clock is a hand-moved clock: no test here sleeps or times anything.
type clock struct{ t time.Time }

func (c *clock) now() time.Time            { return c.t }
func (c *clock) add(d time.Duration)       { c.t = c.t.Add(d) }
func newClock() *clock                     { return &clock{t: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)} }
func mustRate(t *testing.T, s string) Rate { r, err := ParseRate(s); must(t, err); return r }
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestParseRate_ReadsCountUnitAndBurst(t *testing.T) {
	tests := []struct {
		in      string
		want    Rate
		wantErr bool
	}{
		{in: "30/s,100", want: Rate{Count: 30, Per: time.Second, Burst: 100}},
		{in: " 20/m ", want: Rate{Count: 20, Per: time.Minute, Burst: 20}},
		{in: "5/h", want: Rate{Count: 5, Per: time.Hour, Burst: 5}},
		{in: "5", wantErr: true},
		{in: "0/s", wantErr: true},
		{in: "-3/s", wantErr: true},
		{in: "3/d", wantErr: true},
		{in: "3/s,0", wantErr: true},
		{in: "3/s,x", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRate(tt.in)
			if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
				t.Fatalf("ParseRate(%q) = %+v, %v; want %+v (error: %v)", tt.in, got, err, tt.want, tt.wantErr)
			}
			if !tt.wantErr {
				back, err := ParseRate(got.String())
				if err != nil || back != got {
					t.Errorf("String() %q does not read back: %+v, %v", got.String(), back, err)
				}
			}
		})
	}
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"30/s,100", "5/h", "1/m,1", "x/s", "9999999/s,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			return
		}
		if r.Count < 1 || r.Burst < 1 || r.Per <= 0 || r.interval() <= 0 {
			t.Fatalf("ParseRate(%q) accepted an unusable rate %+v", s, r)
		}
	})
}

func TestBuckets_SpendBurstThenRefillAtTheRate(t *testing.T) {
	// Each step: advance the clock, then take; want whether it is allowed
	// and, when not, the wait until the next token.
	type step struct {
		advance time.Duration
		key     string
		ok      bool
		wait    time.Duration
	}
	tests := []struct {
		name  string
		rate  string
		steps []step
	}{
		{"burst of three, then one per second", "1/s,3", []step{
			{0, "a", true, 0}, {0, "a", true, 0}, {0, "a", true, 0},
			{0, "a", false, time.Second},
			{400 * time.Millisecond, "a", false, 600 * time.Millisecond},
			{600 * time.Millisecond, "a", true, 0},
			{0, "a", false, time.Second},
		}},
		{"keys are independent", "1/m,1", []step{
			{0, "a", true, 0}, {0, "a", false, time.Minute}, {0, "b", true, 0}, {0, "b", false, time.Minute},
		}},
		{"refill never exceeds the burst", "10/s,2", []step{
			{0, "a", true, 0}, {0, "a", true, 0}, {time.Hour, "a", true, 0}, {0, "a", true, 0},
			{0, "a", false, 100 * time.Millisecond},
		}},
		{"refused attempts cost nothing", "2/s,1", []step{
			{0, "a", true, 0}, {0, "a", false, 500 * time.Millisecond}, {0, "a", false, 500 * time.Millisecond},
			{500 * time.Millisecond, "a", true, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClock()
			b := NewBuckets(mustRate(t, tt.rate), 0, c.now)
			for i, s := range tt.steps {
				c.add(s.advance)
				ok, wait := b.Take(s.key)
				if ok != s.ok || wait != s.wait {
					t.Fatalf("step %d (%s): Take = %v, %v; want %v, %v", i, s.key, ok, wait, s.ok, s.wait)
				}
			}
		})
	}
}

func TestBuckets_StayBoundedInMemory(t *testing.T) {
	c := newClock()
	b := NewBuckets(mustRate(t, "1/s,5"), 100, c.now)
	for i := range 1000 {
		b.Take(fmt.Sprint("addr-", i))
	}
	if n := b.Len(); n != 100 {
		t.Fatalf("%d keys held after 1000 distinct clients, want the bound of 100", n)
	}
	// The most recent key survived the evictions and kept its count.
	ok, _ := b.Take("addr-999")
	if !ok {
		t.Fatal("recent key lost its tokens")
	}
	// Idle buckets are full again after burst/rate = 5 s: forgotten.
	c.add(5 * time.Second)
	b.Take("fresh")
	if n := b.Len(); n != 1 {
		t.Errorf("%d keys held after everyone went idle, want 1", n)
	}
}

func TestBuckets_ConcurrentTakesNeverOverspend(t *testing.T) {
	c := newClock() // frozen: no refill during the test
	b := NewBuckets(mustRate(t, "1/h,50"), 10, c.now)
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := b.Take("one"); ok {
				mu.Lock()
				granted++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if granted != 50 {
		t.Fatalf("%d of 200 concurrent takes granted, want exactly the burst of 50", granted)
	}
}

func TestRetryAfter_RoundsUpToWholeSeconds(t *testing.T) {
	for d, want := range map[time.Duration]int{0: 1, time.Millisecond: 1, time.Second: 1, 1001 * time.Millisecond: 2, time.Minute: 60} {
		if got := RetryAfter(d); got != want {
			t.Errorf("RetryAfter(%v) = %d, want %d", d, got, want)
		}
	}
}

func TestClientKey_GroupsAnIPv6SlashSixtyFour(t *testing.T) {
	tests := map[string]string{
		"203.0.113.7":          "203.0.113.7",
		"::ffff:203.0.113.7":   "203.0.113.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ff::1":   "2001:db8:1:2::/64",
		"not an address":       "not an address",
	}
	for in, want := range tests {
		if got := ClientKey(in); got != want {
			t.Errorf("ClientKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBackoff_FreeFailuresThenDoublingUpToMax(t *testing.T) {
	b := Backoff{Free: 5, Base: time.Second, Max: time.Minute, Forget: 24 * time.Hour}
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{0, 0}, {4, 0}, {5, 0}, {6, time.Second}, {7, 2 * time.Second}, {8, 4 * time.Second},
		{11, 32 * time.Second}, {12, time.Minute}, {500, time.Minute},
	}
	for _, tt := range tests {
		if got := b.Wait(tt.failures); got != tt.want {
			t.Errorf("Wait(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
	c := newClock()
	last := c.t
	if got := b.NextAt(7, last, c.t); !got.Equal(last.Add(2 * time.Second)) {
		t.Errorf("NextAt(7) = %v, want last+2s", got)
	}
	c.add(24 * time.Hour)
	if got := b.NextAt(50, last, c.t); !got.IsZero() {
		t.Errorf("NextAt after a quiet day = %v, want no wait", got)
	}
}

func TestSlots_RefuseWhenAllAreHeld(t *testing.T) {
	s := NewSlots(2)
	ctx := context.Background()
	if !s.Acquire(ctx, 0) || !s.Acquire(ctx, 0) {
		t.Fatal("two free slots refused")
	}
	if s.Acquire(ctx, 0) {
		t.Fatal("a third holder got a slot of two")
	}
	s.Release()
	if !s.Acquire(ctx, 0) {
		t.Fatal("a released slot was not handed out")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if s.Acquire(cancelled, time.Hour) {
		t.Fatal("a cancelled wait got a slot")
	}
}
