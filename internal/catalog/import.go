package catalog

import (
	"context"
	"fmt"
	"io"
)

// ImportResult is the answer to an import: the contract's counts and errors,
// plus what happened to each product.
type ImportResult struct {
	ImportSummary
	Errors []LineError `json:"errors"`
}

// ImportCSV parses a Shopify product CSV and stores every product that has no
// error. A product with a bad line is left out whole and reported.
func (s *Service) ImportCSV(ctx context.Context, r io.Reader, currency string, progress func(done, total int)) (ImportResult, error) {
	ps, lineErrs, err := ParseShopifyCSV(r, currency)
	if err != nil {
		return ImportResult{}, fmt.Errorf("read CSV: %w", err)
	}
	var report func(int)
	if progress != nil {
		report = func(done int) { progress(done, len(ps)) }
	}
	sum, perrs := s.Import(ctx, ps, report)
	res := ImportResult{ImportSummary: sum, Errors: lineErrs}
	for _, pe := range perrs {
		msg := pe.Err.Error()
		if pe.Handle != "" {
			msg = fmt.Sprintf("product %q: %s", pe.Handle, msg)
		}
		res.Errors = append(res.Errors, LineError{Line: pe.Line, Message: msg})
	}
	if res.Errors == nil {
		res.Errors = []LineError{}
	}
	return res, nil
}
