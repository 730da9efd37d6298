package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
)

// Product cards of stored messages (issue #17, round 3).
//
// A products message is mostly its cards (~2–3 KB each, several a turn),
// and the same card — one product as one shopper language sees it, with
// its prices and stock at the time — is shown again and again, across
// turns and conversations. Writing every copy into the WAL was the
// largest part of what SQLite wrote for a turn. So a card is stored once,
// in message_cards under the hash of its JSON, and a message body keeps
// {"$card":"<hash>"} in its place. Reading splices the card's bytes back:
// the body read is byte for byte the body encoded, so every reader (GET
// messages, the console, exports, channels) sees the contract's shape, and
// a card shows what the shopper saw even after the product changed. Rows
// written before keep their cards inline and read as they are.
//
// The marker cannot occur in a message otherwise: inside a JSON string a
// quote is always escaped, so `{"$card":"` is structure, and a card is an
// object beginning `{"sku":`.
const cardMark = `{"$card":"`

// cardHashLen is the hex length of a card's key: 128 bits of SHA-256.
const cardHashLen = 32

const (
	sqlInsertCard = `INSERT INTO message_cards (hash, body) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING`
	// maxKnownCards bounds the cards remembered in memory (a few MB).
	maxKnownCards = 2048
)

// cardKey is the key of one card's JSON.
func cardKey(card []byte) string {
	sum := sha256.Sum256(card)
	return hex.EncodeToString(sum[:cardHashLen/2])
}

// knownCards are cards this process has seen committed to message_cards
// (rows there are never deleted, so they stay true) or read from it, with
// their bytes: a saved turn skips the INSERT of a card it knows, and a
// read splices it without a query.
type knownCards struct {
	mu sync.RWMutex
	m  map[string][]byte
}

func (k *knownCards) get(hash string) ([]byte, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	b, ok := k.m[hash]
	return b, ok
}

// put remembers cards; when full it starts over, which costs a few
// repeated INSERTs or reads, never a wrong card.
func (k *knownCards) put(cards map[string][]byte) {
	if len(cards) == 0 {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil || len(k.m)+len(cards) > maxKnownCards {
		k.m = make(map[string][]byte, len(cards))
	}
	for h, b := range cards {
		k.m[h] = b
	}
}

// storedCard is one card of a turn's messages, to be stored apart.
type storedCard struct {
	hash string
	body []byte // a slice of the message's full body, never changed
}

// splitCards returns body with each card (spans, in order) replaced by its
// marker, and the cards.
func splitCards(body []byte, spans [][2]int) ([]byte, []storedCard) {
	if len(spans) == 0 {
		return body, nil
	}
	cards := make([]storedCard, len(spans))
	out := make([]byte, 0, len(body)/8+len(spans)*(len(cardMark)+cardHashLen+2))
	at := 0
	for i, s := range spans {
		card := body[s[0]:s[1]]
		cards[i] = storedCard{hash: cardKey(card), body: card}
		out = append(out, body[at:s[0]]...)
		out = append(out, cardMark...)
		out = append(out, cards[i].hash...)
		out = append(out, `"}`...)
		at = s[1]
	}
	return append(out, body[at:]...), cards
}

// insertCards stores the cards this process does not know to be stored
// yet, in tx, and returns them (copied) to be remembered once tx commits.
func (db *DB) insertCards(ctx context.Context, tx *sql.Tx, cards []storedCard) (map[string][]byte, error) {
	var added map[string][]byte
	for _, c := range cards {
		if _, ok := db.cards.get(c.hash); ok {
			continue
		}
		if _, ok := added[c.hash]; ok {
			continue
		}
		if _, err := db.txExec(ctx, tx, sqlInsertCard, c.hash, textOf(c.body)); err != nil {
			return nil, fmt.Errorf("insert product card: %w", err)
		}
		if added == nil {
			added = make(map[string][]byte)
		}
		added[c.hash] = bytes.Clone(c.body)
	}
	return added, nil
}

// cardHashes appends the keys of the cards body refers to.
func cardHashes(hashes []string, body []byte) []string {
	for {
		i := bytes.Index(body, []byte(cardMark))
		if i < 0 {
			return hashes
		}
		body = body[i+len(cardMark):]
		if len(body) < cardHashLen {
			return hashes
		}
		hashes = append(hashes, string(body[:cardHashLen]))
		body = body[cardHashLen:]
	}
}

// expandCards returns body with its card markers replaced by the cards.
func expandCards(body []byte, cards map[string][]byte) ([]byte, error) {
	if !bytes.Contains(body, []byte(cardMark)) {
		return body, nil
	}
	out := make([]byte, 0, len(body)*8)
	for {
		i := bytes.Index(body, []byte(cardMark))
		if i < 0 {
			return append(out, body...), nil
		}
		out = append(out, body[:i]...)
		rest := body[i+len(cardMark):]
		if len(rest) < cardHashLen+2 || string(rest[cardHashLen:cardHashLen+2]) != `"}` {
			return nil, fmt.Errorf("malformed product card reference")
		}
		card, ok := cards[string(rest[:cardHashLen])]
		if !ok {
			return nil, fmt.Errorf("product card %s missing", rest[:cardHashLen])
		}
		out = append(out, card...)
		body = rest[cardHashLen+2:]
	}
}

// readCards returns the cards with the given keys, from memory or from
// message_cards, remembering those it read.
func (db *DB) readCards(ctx context.Context, hashes []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(hashes))
	var missing []any
	for _, h := range hashes {
		if _, ok := out[h]; ok {
			continue
		}
		if b, ok := db.cards.get(h); ok {
			out[h] = b
			continue
		}
		out[h] = nil
		missing = append(missing, h)
	}
	read := make(map[string][]byte, len(missing))
	for len(missing) > 0 {
		n := min(len(missing), 200)
		var q strings.Builder
		q.WriteString(`SELECT hash, body FROM message_cards WHERE hash IN (`)
		for i := range n {
			if i > 0 {
				q.WriteString(", ")
			}
			fmt.Fprintf(&q, "$%d", i+1)
		}
		q.WriteString(")")
		rows, err := db.read.QueryContext(ctx, q.String(), missing[:n]...)
		if err != nil {
			return nil, fmt.Errorf("read product cards: %w", err)
		}
		for rows.Next() {
			var h, b string
			if err := rows.Scan(&h, &b); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read product cards: %w", err)
			}
			out[h] = []byte(b)
			read[h] = out[h]
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read product cards: %w", err)
		}
		missing = missing[n:]
	}
	db.cards.put(read)
	for h, b := range out {
		if b == nil {
			delete(out, h) // expandCards reports it
		}
	}
	return out, nil
}
