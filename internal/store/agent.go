package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

const agentColumns = `a.id, a.email, a.name, a.role, a.languages, a.topics, a.teams, a.capacity, a.online, a.last_assigned_at,
 (SELECT COUNT(*) FROM handoffs h WHERE h.agent_id = a.id AND h.resolved_at IS NULL)`

func scanAgent(sc interface{ Scan(...any) error }, extra ...any) (*inbox.Agent, error) {
	var a inbox.Agent
	var langs, topics, teams string
	var online int
	var last sql.NullTime
	dest := append([]any{&a.ID, &a.Email, &a.Name, &a.Role, &langs, &topics, &teams, &a.Capacity, &online, &last, &a.Active}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(langs), &a.Languages)
	json.Unmarshal([]byte(topics), &a.Topics)
	json.Unmarshal([]byte(teams), &a.Teams)
	a.Languages, a.Topics, a.Teams = nonNil(a.Languages), nonNil(a.Topics), nonNil(a.Teams)
	a.Online = online == 1
	if last.Valid {
		t := last.Time.UTC()
		a.LastAssignedAt = &t
	}
	return &a, nil
}

// CreateAgent adds a team member; a taken e-mail gives inbox.ErrDuplicate.
func (db *DB) CreateAgent(ctx context.Context, a *inbox.Agent, passwordHash string) error {
	err := db.write.QueryRowContext(ctx, `
INSERT INTO agents (email, name, role, password_hash, languages, topics, teams, capacity, online, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9) RETURNING id`,
		a.Email, a.Name, a.Role, passwordHash, jsonText(nonNil(a.Languages)), jsonText(nonNil(a.Topics)), jsonText(nonNil(a.Teams)), a.Capacity, now()).Scan(&a.ID)
	if isUniqueViolation(err) {
		return fmt.Errorf("agent %s: %w", a.Email, inbox.ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("create agent: %w", err)
	}
	return nil
}

// UpdateAgent changes an agent's profile; an empty passwordHash keeps the
// password.
func (db *DB) UpdateAgent(ctx context.Context, a *inbox.Agent, passwordHash string) error {
	_, err := db.write.ExecContext(ctx, `
UPDATE agents SET name = $1, role = $2, languages = $3, topics = $4, teams = $5, capacity = $6,
 password_hash = CASE WHEN $7 = '' THEN password_hash ELSE $7 END WHERE id = $8`,
		a.Name, a.Role, jsonText(nonNil(a.Languages)), jsonText(nonNil(a.Topics)), jsonText(nonNil(a.Teams)), a.Capacity, passwordHash, a.ID)
	if err != nil {
		return fmt.Errorf("update agent %d: %w", a.ID, err)
	}
	if passwordHash != "" {
		// A new password signs out the old sessions.
		if _, err := db.write.ExecContext(ctx, `DELETE FROM agent_sessions WHERE agent_id = $1`, a.ID); err != nil {
			return fmt.Errorf("end sessions of agent %d: %w", a.ID, err)
		}
	}
	return nil
}

// AgentByID returns an agent.
func (db *DB) AgentByID(ctx context.Context, id int64) (*inbox.Agent, error) {
	a, err := scanAgent(db.read.QueryRowContext(ctx, `SELECT `+agentColumns+` FROM agents a WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, inbox.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read agent %d: %w", id, err)
	}
	return a, nil
}

// AgentByEmail returns an agent and the password hash.
func (db *DB) AgentByEmail(ctx context.Context, email string) (*inbox.Agent, string, error) {
	var hash string
	a, err := scanAgent(db.read.QueryRowContext(ctx, `SELECT `+agentColumns+`, a.password_hash FROM agents a WHERE a.email = $1`, email), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", inbox.ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("read agent: %w", err)
	}
	return a, hash, nil
}

// Agents lists the team with their open conversations counted. An agent
// counts as online only while signed in: one whose sessions all expired
// without signing out (a closed laptop) must not be routed chats.
func (db *DB) Agents(ctx context.Context) ([]inbox.Agent, error) {
	cols := strings.Replace(agentColumns, "a.online,", `CASE WHEN a.online = 1 AND EXISTS (SELECT 1 FROM agent_sessions s WHERE s.agent_id = a.id AND s.expires_at > $1) THEN 1 ELSE 0 END,`, 1)
	rows, err := db.read.QueryContext(ctx, `SELECT `+cols+` FROM agents a ORDER BY a.id`, now())
	if err != nil {
		return nil, fmt.Errorf("list agents: %w", err)
	}
	defer rows.Close()
	out := []inbox.Agent{}
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// SetAgentOnline marks an agent on or off line.
func (db *DB) SetAgentOnline(ctx context.Context, id int64, online bool) error {
	v := 0
	if online {
		v = 1
	}
	res, err := db.write.ExecContext(ctx, `UPDATE agents SET online = $1 WHERE id = $2`, v, id)
	if err != nil {
		return fmt.Errorf("set agent %d online: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return inbox.ErrNotFound
	}
	return nil
}

// CreateAgentSession stores a session by its token's hash.
func (db *DB) CreateAgentSession(ctx context.Context, tokenHash string, agentID int64, expires time.Time) error {
	t := now()
	// Expired sessions are swept as new ones are made.
	if _, err := db.write.ExecContext(ctx, `DELETE FROM agent_sessions WHERE expires_at < $1`, t); err != nil {
		return fmt.Errorf("sweep sessions: %w", err)
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO agent_sessions (token_hash, agent_id, expires_at, created_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, agentID, expires.UTC(), t)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// AgentBySession returns the agent of an unexpired session.
func (db *DB) AgentBySession(ctx context.Context, tokenHash string, at time.Time) (*inbox.Agent, error) {
	a, err := scanAgent(db.read.QueryRowContext(ctx, `SELECT `+agentColumns+` FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
WHERE s.token_hash = $1 AND s.expires_at > $2`, tokenHash, at.UTC()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, inbox.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	return a, nil
}

// DeleteAgentSession ends a session.
func (db *DB) DeleteAgentSession(ctx context.Context, tokenHash string) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM agent_sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// LoginLockedUntil returns when the lock on an e-mail's sign-ins ends (the
// zero time when it is not locked). Failures live in the database so that
// the lock holds on every instance.
func (db *DB) LoginLockedUntil(ctx context.Context, email string) (time.Time, error) {
	var until sql.NullTime
	err := db.read.QueryRowContext(ctx, `SELECT locked_until FROM login_failures WHERE email = $1`, email).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) || !until.Valid {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return until.Time, nil
}

// RecordLoginFailure counts a failed sign-in for an e-mail; the max-th
// failure locks it until now+lockout and starts the count again. The
// increment is one UPSERT, so failures spread over instances add up.
func (db *DB) RecordLoginFailure(ctx context.Context, email string, now time.Time, max int, lockout time.Duration) (locked bool, err error) {
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (email, failures) VALUES ($1, 1)
ON CONFLICT (email) DO UPDATE SET failures = login_failures.failures + 1`, email); err != nil {
			return fmt.Errorf("record login failure: %w", err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE login_failures SET failures = 0, locked_until = $2 WHERE email = $1 AND failures >= $3`,
			email, now.UTC().Add(lockout), max)
		if err != nil {
			return fmt.Errorf("record login failure: %w", err)
		}
		n, _ := res.RowsAffected()
		locked = n > 0
		return nil
	})
	return locked, err
}

// ClearLoginFailures forgets an e-mail's failures after a good sign-in.
func (db *DB) ClearLoginFailures(ctx context.Context, email string) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM login_failures WHERE email = $1`, email)
	return err
}
