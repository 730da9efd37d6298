package app

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// nluState holds the NLU engine, which trains in the background at start.
type nluState struct {
	mu     sync.Mutex // orders vocabulary updates against the end of training
	ready  chan struct{}
	engine *nlu.Engine
	err    error
}

// startNLU trains the engine in the background; when it is done it learns the
// retailer's stored examples and the current catalogue, then opens the gate.
func (a *App) startNLU(defaultLanguage string) {
	a.nlu.ready = make(chan struct{})
	go func() {
		a.trainNLU(defaultLanguage)
		// Training peaks at several times the model's size (about 30 MiB
		// live afterwards, over 150 MiB of heap while it runs), and an idle
		// server allocates too little to trigger the next collection: its
		// RSS would stay at the peak until the runtime's two-minute forced
		// collection and the scavenger's slow return. Give the training's
		// garbage back to the system now, once, while nothing else runs.
		// SQLite's page caches, filled by seeding and reading the
		// catalogue, go first.
		if err := a.DB.ReleaseMemory(context.Background()); err != nil {
			slog.Warn("release the database's cache memory", "err", err)
		}
		debug.FreeOSMemory()
	}()
}

func (a *App) trainNLU(defaultLanguage string) {
	start := time.Now()
	e, err := nlu.New(nlu.Options{DefaultLanguage: defaultLanguage})
	a.nlu.mu.Lock()
	defer a.nlu.mu.Unlock()
	defer close(a.nlu.ready)
	if err != nil {
		a.nlu.err = err
		slog.Error("NLU training failed", "err", err)
		return
	}
	a.nlu.engine = e
	ctx := context.Background()
	if err := a.loadTraining(ctx); err != nil {
		slog.Error("load the retailer's NLU examples", "err", err)
	}
	if err := a.applyVocabulary(ctx, a.Catalog.Snapshot()); err != nil {
		slog.Error("teach the NLU the catalogue", "err", err)
	}
	slog.Info("NLU trained", "ms", time.Since(start).Milliseconds())
}

// Engine returns the trained NLU engine, waiting for training to finish.
func (a *App) Engine() *nlu.Engine {
	<-a.nlu.ready
	if a.nlu.engine == nil {
		// Training can only fail on broken embedded data, which every test
		// run would catch; answer rather than crash.
		e, _ := nlu.New(nlu.Options{})
		return e
	}
	return a.nlu.engine
}

// nluReady reports whether training has finished.
func (a *App) nluReady() bool {
	select {
	case <-a.nlu.ready:
		return true
	default:
		return false
	}
}

// ready is /readyz: the database answers and the NLU is trained.
func (a *App) ready(ctx context.Context) error {
	if err := a.DB.Ping(ctx); err != nil {
		return err
	}
	if !a.nluReady() {
		return errors.New("NLU still training")
	}
	return a.nlu.err
}
