// Package metrics counts what the server does for Prometheus: turns and how
// long they take, how sure the NLU was, fallbacks, hand-offs and paid
// orders, next to the Go runtime's own figures. Each App has its own
// registry, so tests running several servers in one process do not mix
// their counts.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the counters.
type Metrics struct {
	reg           *prometheus.Registry
	turns         *prometheus.CounterVec
	turnDuration  prometheus.Histogram
	nluConfidence prometheus.Histogram
	fallbacks     *prometheus.CounterVec
	handoffs      prometheus.Counter
	ordersPaid    prometheus.Counter
}

// New makes the counters and registers them with the Go runtime and
// process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		turns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shopkeeper_turns_total", Help: "Shopper messages answered, by channel and conversation language.",
		}, []string{"channel", "language"}),
		turnDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "shopkeeper_turn_duration_seconds", Help: "Time from a shopper's message to the stored answer.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}),
		nluConfidence: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "shopkeeper_nlu_confidence", Help: "Confidence of the NLU's intent for shopper messages.",
			Buckets: []float64{.1, .2, .3, .4, .5, .6, .7, .8, .9, .95, 1},
		}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shopkeeper_fallbacks_total", Help: "Turns the bot did not understand, by conversation language.",
		}, []string{"language"}),
		handoffs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "shopkeeper_handoffs_total", Help: "Conversations handed over to a person.",
		}),
		ordersPaid: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "shopkeeper_orders_paid_total", Help: "Orders whose payment came in.",
		}),
	}
	m.reg.MustRegister(m.turns, m.turnDuration, m.nluConfidence, m.fallbacks, m.handoffs, m.ordersPaid,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Turn counts one answered shopper message. confidence is the NLU's, when
// it was asked (ok); a turn while a person owns the chat has none.
func (m *Metrics) Turn(channel, language string, took time.Duration, confidence float64, ok, fallback bool) {
	m.turns.WithLabelValues(channel, language).Inc()
	m.turnDuration.Observe(took.Seconds())
	if ok {
		m.nluConfidence.Observe(confidence)
	}
	if fallback {
		m.fallbacks.WithLabelValues(language).Inc()
	}
}

// Handoff counts a conversation handed to a person.
func (m *Metrics) Handoff() { m.handoffs.Inc() }

// OrderPaid counts an order whose payment came in.
func (m *Metrics) OrderPaid() { m.ordersPaid.Inc() }
