package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/analytics"
)

// Analytics is the retailer's figures as the admin API needs them.
type Analytics interface {
	Report(ctx context.Context, f analytics.Filter) (*analytics.Report, error)
	Team(ctx context.Context, f analytics.Filter) (*analytics.TeamReport, error)
	Location() *time.Location
}

// analyticsFilter reads from, to, channel and language; without dates the
// last 30 business days up to today are meant.
func (s *Server) analyticsFilter(r *http.Request) (analytics.Filter, error) {
	q := r.URL.Query()
	loc := s.Analytics.Location()
	today := time.Now().In(loc)
	from, to := q.Get("from"), q.Get("to")
	if to == "" {
		to = today.Format(analytics.DateLayout)
	}
	if from == "" {
		from = today.AddDate(0, 0, -29).Format(analytics.DateLayout)
	}
	f, err := analytics.ParseFilter(from, to, q.Get("channel"), q.Get("language"), loc)
	if errors.Is(err, analytics.ErrInvalid) {
		return f, errorf(http.StatusBadRequest, "invalid_filter", "%s", err.Error())
	}
	return f, err
}

// adminAnalytics answers the figures as JSON, or the days as CSV with
// ?format=csv.
func (s *Server) adminAnalytics(w http.ResponseWriter, r *http.Request) {
	f, err := s.analyticsFilter(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "csv" {
		writeError(w, r, errorf(http.StatusBadRequest, "invalid_format", "format is json or csv"))
		return
	}
	rep, err := s.Analytics.Report(r.Context(), f)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="analytics-`+rep.From+`-`+rep.To+`.csv"`)
		if err := analytics.WriteCSV(w, rep); err != nil {
			// The status line is gone already; the log says why the file is short.
			slog.WarnContext(r.Context(), "write analytics csv", "err", err)
		}
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// adminTeam answers per-agent performance.
func (s *Server) adminTeam(w http.ResponseWriter, r *http.Request) {
	f, err := s.analyticsFilter(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	rep, err := s.Analytics.Team(r.Context(), f)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
