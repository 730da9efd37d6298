package analytics

import (
	"encoding/csv"
	"io"
	"strconv"
)

// WriteCSV writes the report's days as CSV, one row per business day, for a
// spreadsheet. Every cell is a date, a count or a decimal amount, so no
// cell can start with a formula character.
func WriteCSV(w io.Writer, rep *Report) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"date", "conversations", "contained", "handoffs", "orders", "revenue", "currency"})
	for _, d := range rep.ByDay {
		cw.Write([]string{d.Date, itoa(d.Conversations), itoa(d.Contained), itoa(d.Handoffs), itoa(d.Orders),
			d.Revenue.Decimal(), d.Revenue.Currency})
	}
	cw.Flush()
	return cw.Error()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
