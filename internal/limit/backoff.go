package limit

import "time"

// Backoff is a schedule for repeated failures (sign-ins): the first Free
// failures cost nothing; after that each further failure doubles the wait
// before the next attempt, from Base up to Max. Failures are forgotten
// after Forget without one.
type Backoff struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration
}

// Wait is how long after the last of failures an attempt must wait.
func (b Backoff) Wait(failures int) time.Duration {
	over := failures - b.Free
	if over <= 0 {
		return 0
	}
	d := b.Base
	for i := 1; i < over; i++ {
		d *= 2
		if d >= b.Max {
			return b.Max
		}
	}
	return min(d, b.Max)
}

// Current is how many failures still count at now, given the count and the
// time of the last one: none once Forget has passed.
func (b Backoff) Current(failures int, last, now time.Time) int {
	if b.Forget > 0 && !last.IsZero() && now.Sub(last) >= b.Forget {
		return 0
	}
	return failures
}

// NextAt is when the next attempt may come after failures, the last at last.
func (b Backoff) NextAt(failures int, last, now time.Time) time.Time {
	n := b.Current(failures, last, now)
	if n == 0 {
		return time.Time{}
	}
	return last.Add(b.Wait(n))
}
