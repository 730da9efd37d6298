package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/knowledge"
)

// Articles returns every help article with its translations, by position.
func (db *DB) Articles(ctx context.Context) ([]knowledge.Article, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT slug, topic, position, updated_at FROM articles ORDER BY position, slug`)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	var as []knowledge.Article
	idx := map[string]int{}
	for rows.Next() {
		var a knowledge.Article
		if err := rows.Scan(&a.Slug, &a.Topic, &a.Position, &a.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		a.Translations = map[string]knowledge.Translation{}
		idx[a.Slug] = len(as)
		as = append(as, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.read.QueryContext(ctx, `SELECT slug, lang, title, answer, body, keywords FROM article_translations`)
	if err != nil {
		return nil, fmt.Errorf("list article translations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		slug, lang, tr, err := scanTranslation(rows)
		if err != nil {
			return nil, err
		}
		if i, ok := idx[slug]; ok {
			as[i].Translations[lang] = tr
		}
	}
	return as, rows.Err()
}

// Article returns one article, or knowledge.ErrNotFound.
func (db *DB) Article(ctx context.Context, slug string) (knowledge.Article, error) {
	a := knowledge.Article{Translations: map[string]knowledge.Translation{}}
	err := db.read.QueryRowContext(ctx, `SELECT slug, topic, position, updated_at FROM articles WHERE slug = $1`, slug).
		Scan(&a.Slug, &a.Topic, &a.Position, &a.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return a, knowledge.ErrNotFound
	}
	if err != nil {
		return a, fmt.Errorf("read article %s: %w", slug, err)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT slug, lang, title, answer, body, keywords FROM article_translations WHERE slug = $1`, slug)
	if err != nil {
		return a, fmt.Errorf("read article %s: %w", slug, err)
	}
	defer rows.Close()
	for rows.Next() {
		_, lang, tr, err := scanTranslation(rows)
		if err != nil {
			return a, err
		}
		a.Translations[lang] = tr
	}
	return a, rows.Err()
}

func scanTranslation(rows *sql.Rows) (slug, lang string, tr knowledge.Translation, err error) {
	var kws string
	if err = rows.Scan(&slug, &lang, &tr.Title, &tr.Answer, &tr.Body, &kws); err != nil {
		return
	}
	// Keywords are stored one per line; they cannot hold a newline.
	tr.Keywords = []string{}
	for _, k := range strings.Split(kws, "\n") {
		if k != "" {
			tr.Keywords = append(tr.Keywords, k)
		}
	}
	return
}

// CreateArticle stores a new article; knowledge.ErrExists if the slug is taken.
func (db *DB) CreateArticle(ctx context.Context, a knowledge.Article) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO articles (slug, topic, position, updated_at) VALUES ($1, $2, $3, $4)`, a.Slug, a.Topic, a.Position, now())
		if isUniqueViolation(err) {
			return knowledge.ErrExists
		}
		if err != nil {
			return fmt.Errorf("create article %s: %w", a.Slug, err)
		}
		return writeTranslations(ctx, tx, a)
	})
}

// SaveArticle creates or replaces an article and all its translations.
func (db *DB) SaveArticle(ctx context.Context, a knowledge.Article) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO articles (slug, topic, position, updated_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (slug) DO UPDATE SET topic = excluded.topic, position = excluded.position, updated_at = excluded.updated_at`,
			a.Slug, a.Topic, a.Position, now())
		if err != nil {
			return fmt.Errorf("save article %s: %w", a.Slug, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_translations WHERE slug = $1`, a.Slug); err != nil {
			return fmt.Errorf("save article %s: %w", a.Slug, err)
		}
		return writeTranslations(ctx, tx, a)
	})
}

func writeTranslations(ctx context.Context, tx *sql.Tx, a knowledge.Article) error {
	for lang, tr := range a.Translations {
		_, err := tx.ExecContext(ctx, `INSERT INTO article_translations (slug, lang, title, answer, body, keywords) VALUES ($1, $2, $3, $4, $5, $6)`,
			a.Slug, lang, tr.Title, tr.Answer, tr.Body, strings.Join(tr.Keywords, "\n"))
		if err != nil {
			return fmt.Errorf("save article %s (%s): %w", a.Slug, lang, err)
		}
	}
	_, err := next(ctx, tx, "articles_version", 1)
	return err
}

// DeleteArticle removes an article; knowledge.ErrNotFound if there is none.
func (db *DB) DeleteArticle(ctx context.Context, slug string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		// Translations first: SQLite enforces ON DELETE CASCADE only with
		// foreign keys on, and the order makes both databases agree anyway.
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_translations WHERE slug = $1`, slug); err != nil {
			return fmt.Errorf("delete article %s: %w", slug, err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE slug = $1`, slug)
		if err != nil {
			return fmt.Errorf("delete article %s: %w", slug, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return knowledge.ErrNotFound
		}
		_, err = next(ctx, tx, "articles_version", 1)
		return err
	})
}

// ArticlesVersion changes whenever an article is saved or deleted.
func (db *DB) ArticlesVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.read.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'articles_version'`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read articles version: %w", err)
	}
	return v, nil
}
