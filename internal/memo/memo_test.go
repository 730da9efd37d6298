package memo

import (
	"strconv"
	"sync"
	"testing"
)

func TestMap_MakesAValueOnceAndStartsAgainWhenFull(t *testing.T) {
	var c Map[string]
	c.Size = 3
	calls := 0
	f := func(k string) func() string {
		return func() string { calls++; return k + "!" }
	}
	for range 2 {
		if got := c.Get("a", f("a")); got != "a!" {
			t.Fatalf("Get(a) = %q", got)
		}
	}
	if calls != 1 {
		t.Fatalf("f called %d times for one key, want 1", calls)
	}
	for i := range 5 {
		c.Get(strconv.Itoa(i), f(strconv.Itoa(i)))
	}
	calls = 0
	c.Get("a", f("a"))
	if calls != 1 {
		t.Fatalf("a key from before the map filled up was still held (calls %d)", calls)
	}
}

func TestMap_IsSafeForConcurrentUse(t *testing.T) {
	var c Map[int]
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				k := strconv.Itoa((i + g) % 300)
				if got := c.Get(k, func() int { return len(k) }); got != len(k) {
					t.Errorf("Get(%s) = %d", k, got)
					return
				}
			}
		}()
	}
	wg.Wait()
}
