package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// AddNLUExamples stores retailer-written training examples; an example
// stored before is kept once.
func (db *DB) AddNLUExamples(ctx context.Context, ex []nlu.Example) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, e := range ex {
			if _, err := tx.ExecContext(ctx, `INSERT INTO nlu_examples (lang, intent, text, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
				e.Lang, e.Intent, e.Text, now()); err != nil {
				return fmt.Errorf("store NLU example: %w", err)
			}
		}
		return nil
	})
}

// NLUExamples returns every retailer-written example, oldest first.
func (db *DB) NLUExamples(ctx context.Context) ([]nlu.Example, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT lang, intent, text FROM nlu_examples ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []nlu.Example
	for rows.Next() {
		var e nlu.Example
		if err := rows.Scan(&e.Lang, &e.Intent, &e.Text); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddNLUSynonyms stores retailer-written synonyms; the same word for the
// same entity in the same language is replaced.
func (db *DB) AddNLUSynonyms(ctx context.Context, syns []nlu.Synonym) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, s := range syns {
			if _, err := tx.ExecContext(ctx, `INSERT INTO nlu_synonyms (lang, entity, value, text, created_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (lang, entity, text) DO UPDATE SET value = excluded.value`, s.Lang, s.Entity, s.Value, s.Text, now()); err != nil {
				return fmt.Errorf("store NLU synonym: %w", err)
			}
		}
		return nil
	})
}

// NLUSynonyms returns every retailer-written synonym.
func (db *DB) NLUSynonyms(ctx context.Context) ([]nlu.Synonym, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT lang, entity, value, text FROM nlu_synonyms ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []nlu.Synonym
	for rows.Next() {
		var s nlu.Synonym
		if err := rows.Scan(&s.Lang, &s.Entity, &s.Value, &s.Text); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
