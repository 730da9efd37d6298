package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// The statements of every chat turn, prepared once (stmt.go).
const (
	sqlConversation = `
SELECT id, token_hash, customer_id, channel, status, language, state, handoff, last_seq, created_at, updated_at
FROM conversations WHERE id = $1`
	sqlSaveTurn = `
UPDATE conversations SET customer_id = $1, status = $2, language = $3, state = $4, handoff = $5, updated_at = $6,
  last_seq = last_seq + $8 WHERE id = $7 RETURNING last_seq`
	// sqlSaveTurnSameCustomer is sqlSaveTurn for the usual turn, whose
	// conversation keeps its customer: SQLite rewrites the entry of every
	// index whose column an UPDATE sets, changed or not, so setting
	// customer_id to what it was wrote a page of conversations_customer
	// to the WAL on every turn (a fifth of the turn's frames, issue #17).
	// It matches no row when the customer changed (or the conversation is
	// gone); SaveTurn then runs sqlSaveTurn.
	sqlSaveTurnSameCustomer = `
UPDATE conversations SET status = $2, language = $3, state = $4, handoff = $5, updated_at = $6,
  last_seq = last_seq + $8 WHERE id = $7 AND customer_id IS NOT DISTINCT FROM $1 RETURNING last_seq`
	sqlNextSeq = `UPDATE conversations SET last_seq = last_seq + $1 WHERE id = $2 RETURNING last_seq`
)

// CreateConversation inserts c with its first messages in one transaction and
// returns the messages with their sequence numbers.
func (db *DB) CreateConversation(ctx context.Context, c *conversation.Conversation, tokenHash string, msgs []conversation.Message) ([]conversation.Message, error) {
	var out []conversation.Message
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var cust sql.NullInt64
		if c.CustomerID != 0 {
			cust = sql.NullInt64{Int64: c.CustomerID, Valid: true}
		}
		_, err := tx.ExecContext(ctx, `
INSERT INTO conversations (id, token_hash, customer_id, channel, status, language, state, handoff, last_seq, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9)`,
			c.ID, tokenHash, cust, c.Channel, c.Status, c.Language, stateText(c.State), jsonText(c.Handoff), c.CreatedAt)
		if err != nil {
			return fmt.Errorf("insert conversation: %w", err)
		}
		out, err = db.appendMessages(ctx, tx, c, msgs)
		return err
	})
	return out, err
}

// Conversation returns a conversation and the hash of its token.
func (db *DB) Conversation(ctx context.Context, id string) (*conversation.Conversation, string, error) {
	return scanConversation(db.queryRow(ctx, sqlConversation, id), id)
}

// scanConversation reads a row of sqlConversation.
func scanConversation(row interface{ Scan(...any) error }, id string) (*conversation.Conversation, string, error) {
	var c conversation.Conversation
	var cust sql.NullInt64
	var state, handoff, hash string
	err := row.Scan(&c.ID, &hash, &cust, &c.Channel, &c.Status, &c.Language, &state, &handoff, &c.LastSeq, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", conversation.ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("read conversation %s: %w", id, err)
	}
	c.CustomerID = cust.Int64
	c.State = json.RawMessage(state)
	json.Unmarshal([]byte(handoff), &c.Handoff)
	return &c, hash, nil
}

// SaveTurn stores the conversation's new state and appends msgs, atomically.
// The messages are encoded before the transaction begins, and the state and
// the message numbers are written by one statement, so that SQLite's one
// writer is held as briefly as possible (issue #17).
func (db *DB) SaveTurn(ctx context.Context, c *conversation.Conversation, msgs []conversation.Message) ([]conversation.Message, error) {
	out, bodies, err := encodeMessages(msgs)
	if err != nil {
		return nil, err
	}
	var cust sql.NullInt64
	if c.CustomerID != 0 {
		cust = sql.NullInt64{Int64: c.CustomerID, Valid: true}
	}
	state, handoff := stateText(c.State), jsonText(c.Handoff)
	if db.Dialect == Postgres {
		if last, added, ok, err := db.saveTurnOnce(ctx, c, cust, state, handoff, out, bodies); ok {
			if err != nil || len(msgs) == 0 {
				return nil, err
			}
			db.cards.put(added)
			c.LastSeq = last
			return out, nil
		}
	}
	var last int64
	var added map[string][]byte
	err = db.tx(ctx, func(tx *sql.Tx) error {
		args := []any{cust, c.Status, c.Language, state, handoff, c.UpdatedAt, c.ID, len(msgs)}
		err := db.txQueryRow(ctx, tx, sqlSaveTurnSameCustomer, args...).Scan(&last)
		if errors.Is(err, sql.ErrNoRows) {
			err = db.txQueryRow(ctx, tx, sqlSaveTurn, args...).Scan(&last)
		}
		if errors.Is(err, sql.ErrNoRows) && len(msgs) == 0 {
			return nil // nothing to number: as before, a vanished conversation is no error
		}
		if err != nil {
			return fmt.Errorf("update conversation: %w", err)
		}
		added, err = db.insertMessages(ctx, tx, c.ID, last, out, bodies)
		return err
	})
	if err != nil || len(msgs) == 0 {
		return nil, err
	}
	db.cards.put(added) // committed: the next turn showing them skips the INSERT
	c.LastSeq = last
	return out, nil
}

// sqlSaveTurnOnce is SaveTurn on PostgreSQL in one statement, so one round
// trip where BEGIN, the UPDATE, the cards' and the messages' INSERTs and
// COMMIT were four or five (issue #17). A statement is atomic on its own:
// the conversation's row, its new messages and their cards are written
// together or not at all, as in the transaction. The messages are numbered
// from the last_seq the UPDATE returns, and each body gets its number in
// front of the rest of its JSON, as withSeq writes it.
const sqlSaveTurnOnce = `
WITH u AS (
  UPDATE conversations SET customer_id = $1, status = $2, language = $3, state = $4, handoff = $5, updated_at = $6,
    last_seq = last_seq + $8 WHERE id = $7 RETURNING last_seq
), cards AS (
  INSERT INTO message_cards (hash, body) SELECT h, b FROM unnest($9::text[], $10::text[]) AS t(h, b)
  WHERE EXISTS (SELECT 1 FROM u) ON CONFLICT (hash) DO NOTHING
), m AS (
  INSERT INTO messages (conversation_id, seq, sender, body, created_at)
  SELECT $7, u.last_seq - $8 + t.k, t.sender, '{"seq":' || (u.last_seq - $8 + t.k)::text || ',' || t.rest, t.created
  FROM u, unnest($11::bigint[], $12::text[], $13::text[], $14::timestamptz[]) AS t(k, sender, rest, created)
)
SELECT last_seq FROM u`

// saveTurnOnce runs sqlSaveTurnOnce; ok is false when a body does not
// start as withSeq expects (never: the caller then saves as on SQLite).
func (db *DB) saveTurnOnce(ctx context.Context, c *conversation.Conversation, cust sql.NullInt64, state, handoff string,
	msgs []conversation.Message, bodies []encodedBody) (last int64, added map[string][]byte, ok bool, err error) {
	n := len(msgs)
	ks, senders, rests, created := make([]int64, n), make([]string, n), make([]string, n), make([]time.Time, n)
	var hashes, cards []string
	for i, b := range bodies {
		if !bytes.HasPrefix(b.stored, []byte(seqZero)) || !bytes.HasPrefix(b.full, []byte(seqZero)) {
			return 0, nil, false, nil
		}
		ks[i], senders[i], rests[i], created[i] = int64(i+1), msgs[i].From, textOf(b.stored[len(seqZero):]), msgs[i].Created
		for _, card := range b.cards {
			if _, known := db.cards.get(card.hash); known {
				continue
			}
			if _, dup := added[card.hash]; dup {
				continue
			}
			if added == nil {
				added = make(map[string][]byte)
			}
			added[card.hash] = bytes.Clone(card.body)
			hashes, cards = append(hashes, card.hash), append(cards, textOf(card.body))
		}
	}
	err = db.write.QueryRowContext(ctx, sqlSaveTurnOnce, cust, c.Status, c.Language, state, handoff, c.UpdatedAt, c.ID, n,
		hashes, cards, ks, senders, rests, created).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) && n == 0 {
		return 0, nil, true, nil // nothing to number: as before, a vanished conversation is no error
	}
	if err != nil {
		return 0, nil, true, fmt.Errorf("update conversation: %w", err)
	}
	first := last - int64(n) + 1
	for i := range msgs {
		m := &msgs[i]
		m.Seq = first + int64(i)
		if m.Encoded, err = withSeq(bodies[i].full, *m); err != nil {
			return 0, nil, true, err
		}
	}
	return last, added, true, nil
}

func (db *DB) appendMessages(ctx context.Context, tx *sql.Tx, c *conversation.Conversation, msgs []conversation.Message) ([]conversation.Message, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	out, bodies, err := encodeMessages(msgs)
	if err != nil {
		return nil, err
	}
	var last int64
	err = db.txQueryRow(ctx, tx, sqlNextSeq, len(msgs), c.ID).Scan(&last)
	if err != nil {
		return nil, fmt.Errorf("allocate message numbers: %w", err)
	}
	// The caller commits, so the cards added are not remembered: a later
	// save inserts them again, which changes nothing.
	if _, err := db.insertMessages(ctx, tx, c.ID, last, out, bodies); err != nil {
		return nil, err
	}
	c.LastSeq = last
	return out, nil
}

// encodedBody is one message encoded with sequence number 0: whole, as it
// is answered, and as it is stored, with its product cards apart (cards.go).
type encodedBody struct {
	full, stored []byte
	cards        []storedCard
}

// encodeMessages stamps msgs (created now unless set) and encodes each with
// sequence number 0, which insertMessages replaces by the real one. HTML is
// not escaped, as in the API's answers, so that the stored JSON can be
// answered as it is (Message.Encoded). Message.AppendJSON writes the bytes
// encoding/json would, without reflection (issue #17).
func encodeMessages(msgs []conversation.Message) ([]conversation.Message, []encodedBody, error) {
	out := make([]conversation.Message, len(msgs))
	bodies := make([]encodedBody, len(msgs))
	t := now()
	bp := encodeBufs.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 256<<10 { // an outsized one is left to the collector
			encodeBufs.Put(bp)
		}
	}()
	var spans [][2]int
	for i, m := range msgs {
		m.Seq = 0
		if m.Created.IsZero() {
			m.Created = t
		}
		body, sp, err := m.AppendJSONCards((*bp)[:0], spans[:0])
		if err != nil {
			return nil, nil, err
		}
		*bp, spans = body, sp
		full := bytes.Clone(body)
		stored, cards := splitCards(full, spans)
		out[i], bodies[i] = m, encodedBody{full: full, stored: stored, cards: cards}
	}
	return out, bodies, nil
}

// encodeBufs are encodeMessages' scratch buffers: a card message is some
// kilobytes, grown once rather than for every message.
var encodeBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// seqZero is how every encoded message begins: seq is Message's first field.
const seqZero = `{"seq":0,`

// withSeq returns body, encoded with sequence number 0, with m's instead.
func withSeq(body []byte, m conversation.Message) ([]byte, error) {
	if !bytes.HasPrefix(body, []byte(seqZero)) {
		// Never: kept so that a reordered Message stays correct.
		return m.AppendJSON(nil)
	}
	b := make([]byte, 0, len(body)+20)
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, m.Seq, 10)
	b = append(b, ',')
	return append(b, body[len(seqZero):]...), nil
}

// insertMessages numbers msgs so that the last is last, and inserts them
// with one statement, after the product cards this process does not know
// to be stored; it returns those cards, to be remembered after the commit.
func (db *DB) insertMessages(ctx context.Context, tx *sql.Tx, id string, last int64, msgs []conversation.Message, bodies []encodedBody) (map[string][]byte, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	var added map[string][]byte
	for _, b := range bodies {
		a, err := db.insertCards(ctx, tx, b.cards)
		if err != nil {
			return nil, err
		}
		if added == nil {
			added = a
		} else {
			maps.Copy(added, a)
		}
	}
	first := last - int64(len(msgs)) + 1
	args := make([]any, 0, 5*len(msgs))
	idArg := any(id) // boxed once, not once per message
	for i := range msgs {
		m := &msgs[i]
		m.Seq = first + int64(i)
		body, err := withSeq(bodies[i].full, *m)
		if err != nil {
			return nil, err
		}
		m.Encoded = body
		stored := body
		if len(bodies[i].cards) > 0 {
			if stored, err = withSeq(bodies[i].stored, *m); err != nil {
				return nil, err
			}
		}
		args = append(args, idArg, m.Seq, m.From, textOf(stored), m.Created)
	}
	if _, err := db.txExec(ctx, tx, sqlInsertMessages(len(msgs)), args...); err != nil {
		return nil, fmt.Errorf("insert messages: %w", err)
	}
	return added, nil
}

// textOf is body as a string without copying it: the body is never
// changed once encoded (Message.Encoded), and the drivers copy what they
// bind. A message's kilobytes of product cards were copied a third time
// for this (issue #17).
func textOf(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	return unsafe.String(&body[0], len(body))
}

// sqlInsertMessages is the INSERT of n messages.
func sqlInsertMessages(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO messages (conversation_id, seq, sender, body, created_at) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "($%d, $%d, $%d, $%d, $%d)", 5*i+1, 5*i+2, 5*i+3, 5*i+4, 5*i+5)
	}
	return b.String()
}

// MessagesAfter returns up to limit messages with seq > after, oldest first.
func (db *DB) MessagesAfter(ctx context.Context, id string, after int64, limit int) ([]conversation.Message, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT body FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, id, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read messages of %s: %w", id, err)
	}
	defer rows.Close()
	var bodies [][]byte
	var hashes []string
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		hashes = cardHashes(hashes, body)
		bodies = append(bodies, body)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read messages of %s: %w", id, err)
	}
	rows.Close()
	var cards map[string][]byte
	if len(hashes) > 0 {
		if cards, err = db.readCards(ctx, hashes); err != nil {
			return nil, err
		}
	}
	out := make([]conversation.Message, 0, len(bodies))
	for _, body := range bodies {
		body, err := expandCards(body, cards)
		if err != nil {
			return nil, fmt.Errorf("decode message of %s: %w", id, err)
		}
		var m conversation.Message
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, fmt.Errorf("decode message of %s: %w", id, err)
		}
		out = append(out, m)
	}
	return out, nil
}

func stateText(s json.RawMessage) string {
	if len(s) == 0 {
		return "{}"
	}
	return string(s)
}

// LockConversation holds a lock on one conversation across instances until
// the returned function is called, so that turns of one conversation never
// interleave, even on two servers. On SQLite there is one server and the
// in-process lock is enough.
func (db *DB) LockConversation(ctx context.Context, id string) (func(), error) {
	if db.Dialect != Postgres {
		return func() {}, nil
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock conversation %s: %w", id, err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, id); err != nil {
		conn.Close()
		return nil, fmt.Errorf("lock conversation %s: %w", id, err)
	}
	return func() {
		// A fresh context: the unlock must happen even when the request's
		// context was cancelled.
		conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, id)
		conn.Close()
	}, nil
}

// LockAndReadConversation is LockConversation followed by Conversation. On
// PostgreSQL both go to the server together, one round trip where they
// were two (issue #17): the lock and the read are two statements of one
// pipeline, and under READ COMMITTED the read's snapshot is taken when it
// starts, after the lock is granted, so it sees the turn that held the lock
// before. On error nothing is left locked.
func (db *DB) LockAndReadConversation(ctx context.Context, id string) (unlock func(), c *conversation.Conversation, tokenHash string, err error) {
	if db.Dialect != Postgres {
		c, tokenHash, err = db.Conversation(ctx, id)
		if err != nil {
			return nil, nil, "", err
		}
		return func() {}, c, tokenHash, nil
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, nil, "", fmt.Errorf("lock conversation %s: %w", id, err)
	}
	unlock = func() {
		// A fresh context: the unlock must happen even when the request's
		// context was cancelled.
		conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, id)
		conn.Close()
	}
	locked := false
	err = conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("lock conversation %s: not a pgx connection", id)
		}
		b := &pgx.Batch{}
		b.Queue(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, id)
		b.Queue(sqlConversation, id)
		br := pc.Conn().SendBatch(ctx, b)
		defer br.Close()
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("lock conversation %s: %w", id, err)
		}
		locked = true
		c, tokenHash, err = scanConversation(br.QueryRow(), id)
		return err
	})
	if err != nil {
		if locked {
			unlock()
		} else {
			conn.Close()
		}
		return nil, nil, "", err
	}
	return unlock, c, tokenHash, nil
}

// ListConversations lists conversations by latest activity, newest first,
// optionally of one channel, language and status, starting after (before,
// beforeID) when given.
func (db *DB) ListConversations(ctx context.Context, f conversation.ListFilter, before time.Time, beforeID string, limit int) ([]conversation.Conversation, error) {
	q := `SELECT id, channel, status, language, updated_at FROM conversations WHERE 1 = 1`
	var args []any
	for _, c := range []struct{ column, value string }{{"channel", f.Channel}, {"language", f.Language}, {"status", f.Status}} {
		if c.value != "" {
			args = append(args, c.value)
			q += fmt.Sprintf(` AND %s = $%d`, c.column, len(args))
		}
	}
	if beforeID != "" {
		n := len(args)
		q += fmt.Sprintf(` AND (updated_at < $%d OR (updated_at = $%d AND id < $%d))`, n+1, n+1, n+2)
		args = append(args, before.UTC(), beforeID)
	}
	q += ` ORDER BY updated_at DESC, id DESC LIMIT ` + strconv.Itoa(limit)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	defer rows.Close()
	var out []conversation.Conversation
	for rows.Next() {
		var c conversation.Conversation
		if err := rows.Scan(&c.ID, &c.Channel, &c.Status, &c.Language, &c.UpdatedAt); err != nil {
			return nil, err
		}
		c.UpdatedAt = c.UpdatedAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}
