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

// LoginBackoff reads the sign-in failures of account from client (a hash of
// the client's address, or inbox.AccountWide): how many and when the last
// was; found is false when there are none on record.
func (db *DB) LoginBackoff(ctx context.Context, account, client string) (failures int, last time.Time, found bool, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT failures, last_failure_at FROM login_backoff WHERE account = $1 AND client = $2`,
		account, client).Scan(&failures, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, false, nil
	}
	if err != nil {
		return 0, time.Time{}, false, fmt.Errorf("read sign-in back-off: %w", err)
	}
	return failures, last.UTC(), true, nil
}

// loginForget is how long sign-in failures are kept: no back-off counts
// them after a quiet day (inbox's schedules forget them then too).
const loginForget = 24 * time.Hour

// ClaimLoginAttempt records an attempt as a failure before its password is
// checked (a good sign-in clears it), but only if the row still holds seen
// failures (-1: no row): of attempts racing on one account and client, one
// wins and the others are refused, on every instance.
func (db *DB) ClaimLoginAttempt(ctx context.Context, account, client string, seen, failures int, at time.Time) (bool, error) {
	var res sql.Result
	var err error
	if seen < 0 {
		// New rows are where sweeping pays: rows a day quiet count for
		// nothing (the back-off forgets them), and sprayed e-mails leave many.
		if _, err := db.write.ExecContext(ctx, `DELETE FROM login_backoff WHERE last_failure_at < $1`, at.UTC().Add(-loginForget)); err != nil {
			return false, fmt.Errorf("sweep sign-in back-off: %w", err)
		}
		res, err = db.write.ExecContext(ctx, `INSERT INTO login_backoff (account, client, failures, last_failure_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (account, client) DO NOTHING`, account, client, failures, at.UTC())
	} else {
		res, err = db.write.ExecContext(ctx, `UPDATE login_backoff SET failures = $3, last_failure_at = $4
WHERE account = $1 AND client = $2 AND failures = $5`, account, client, failures, at.UTC(), seen)
	}
	if err != nil {
		return false, fmt.Errorf("claim sign-in attempt: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// AddLoginFailure counts one more failure of account from client; failures
// before forgetBefore no longer count.
func (db *DB) AddLoginFailure(ctx context.Context, account, client string, at, forgetBefore time.Time) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO login_backoff (account, client, failures, last_failure_at) VALUES ($1, $2, 1, $3)
ON CONFLICT (account, client) DO UPDATE SET
 failures = CASE WHEN login_backoff.last_failure_at <= $4 THEN 1 ELSE login_backoff.failures + 1 END,
 last_failure_at = $3`, account, client, at.UTC(), forgetBefore.UTC())
	if err != nil {
		return fmt.Errorf("record sign-in failure: %w", err)
	}
	return nil
}

// ClearLoginBackoff forgets the failures of account from client after a
// good sign-in.
func (db *DB) ClearLoginBackoff(ctx context.Context, account, client string) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM login_backoff WHERE account = $1 AND client = $2`, account, client); err != nil {
		return fmt.Errorf("clear sign-in back-off: %w", err)
	}
	return nil
}

// RememberLoginClient notes a good sign-in of account from client.
func (db *DB) RememberLoginClient(ctx context.Context, account, client string, at time.Time) error {
	// An address unused for a year is forgotten (inbox trusts 90 days).
	if _, err := db.write.ExecContext(ctx, `DELETE FROM login_known_clients WHERE account = $1 AND last_success_at < $2`,
		account, at.UTC().AddDate(-1, 0, 0)); err != nil {
		return fmt.Errorf("sweep sign-in addresses: %w", err)
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO login_known_clients (account, client, last_success_at) VALUES ($1, $2, $3)
ON CONFLICT (account, client) DO UPDATE SET last_success_at = $3`, account, client, at.UTC())
	if err != nil {
		return fmt.Errorf("remember sign-in address: %w", err)
	}
	return nil
}

// KnownLoginClient reports whether account signed in from client since since.
func (db *DB) KnownLoginClient(ctx context.Context, account, client string, since time.Time) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_known_clients WHERE account = $1 AND client = $2 AND last_success_at > $3`,
		account, client, since.UTC()).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read sign-in addresses: %w", err)
	}
	return n > 0, nil
}

// AgentTOTP returns an agent's confirmed TOTP secret (empty: off) and the
// one awaiting confirmation.
func (db *DB) AgentTOTP(ctx context.Context, id int64) (secret, pending string, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT totp_secret, totp_pending FROM agents WHERE id = $1`, id).Scan(&secret, &pending)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", inbox.ErrNotFound
	}
	if err != nil {
		return "", "", fmt.Errorf("read agent %d's second factor: %w", id, err)
	}
	return secret, pending, nil
}

// SetAgentTOTP stores an agent's TOTP secrets; a new confirmed secret
// starts its used-step count again.
func (db *DB) SetAgentTOTP(ctx context.Context, id int64, secret, pending string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE agents SET totp_pending = $2,
 totp_last_step = CASE WHEN totp_secret = $3 THEN totp_last_step ELSE 0 END, totp_secret = $3 WHERE id = $1`, id, pending, secret)
	if err != nil {
		return fmt.Errorf("store agent %d's second factor: %w", id, err)
	}
	return nil
}

// UseTOTPStep marks a TOTP time step used by an agent, once: false when
// that step or a later one was used already (a replayed code).
func (db *DB) UseTOTPStep(ctx context.Context, id int64, step int64) (bool, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE agents SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2`, id, step)
	if err != nil {
		return false, fmt.Errorf("use a second-factor code: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
