package inbox_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/limit"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// vmKiB reads a field of /proc/self/status (VmRSS, VmHWM) in KiB.
func vmKiB(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return -1
}

// BenchmarkLogin_ParallelPeakRSS signs in 100 times at once, each from its
// own address (a distributed attack: no back-off refuses them), with the
// hashing slots sized to the cores ("capped") or effectively without them
// ("uncapped"), and reports the process's peak memory. Run each variant in
// its own process, since the peak never goes down:
//
//	go test -run '^$' -bench 'ParallelPeakRSS/capped' -benchtime 1x ./internal/inbox/
//	go test -run '^$' -bench 'ParallelPeakRSS/uncapped' -benchtime 1x ./internal/inbox/
func BenchmarkLogin_ParallelPeakRSS(b *testing.B) {
	for _, v := range []struct {
		name  string
		slots int
	}{{"capped", runtime.GOMAXPROCS(0)}, {"uncapped", 1000}} {
		b.Run(v.name, func(b *testing.B) {
			tm := newTeam(b, storetest.Open(b, storetest.SQLiteDSN(b)))
			tm.svc.HashSlots = limit.NewSlots(v.slots)
			runtime.GC()
			before := vmKiB("VmRSS")
			refused := 0
			for range b.N {
				var wg sync.WaitGroup
				var mu sync.Mutex
				for i := range 100 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						ctx := reqinfo.WithClientAddr(context.Background(), fmt.Sprintf("203.0.%d.%d", i/250, i%250+1))
						if _, _, err := tm.svc.Login(ctx, "ana@example.com", "wrong password!"); err != nil && strings.Contains(err.Error(), "try again") {
							mu.Lock()
							refused++
							mu.Unlock()
						}
					}()
				}
				wg.Wait()
			}
			b.ReportMetric(float64(before)/1024, "rss-before-MiB")
			b.ReportMetric(float64(vmKiB("VmRSS"))/1024, "rss-after-MiB")
			b.ReportMetric(float64(vmKiB("VmHWM"))/1024, "peak-MiB")
			b.ReportMetric(float64(refused)/float64(b.N), "refused/100")
		})
	}
}
