package inbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/limit"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
)

// Sign-in back-off, in two layers, both in the database so they hold on
// every instance:
//   - per account and client address: four free failures, then a wait
//     that doubles from 5 s to 15 minutes (some 15 guesses in the first
//     hour, 4 an hour after that, where the old lock allowed about 300);
//   - per account, for addresses the account has never signed in from: 20
//     free failures, then the same doubling. One address adds at most
//     accountShare failures to it, so an attacker on one address cannot set
//     it off, and the agent's own known addresses never wait for it: a
//     distributed attack slows strangers down without locking the owner out.
var (
	pairBackoff    = limit.Backoff{Free: 4, Base: 5 * time.Second, Max: 15 * time.Minute, Forget: 24 * time.Hour}
	accountBackoff = limit.Backoff{Free: 20, Base: 5 * time.Second, Max: 15 * time.Minute, Forget: 24 * time.Hour}
)

const (
	accountShare = 5
	// AccountWide is the client key of an account's own back-off row.
	AccountWide = "*"
	// knownFor is how long a good sign-in makes its address known.
	knownFor = 90 * 24 * time.Hour
	// hashWait is how long a sign-in waits for a password-hashing slot
	// before it is told to come back: a queue of hashes is a queue of
	// 19 MiB buffers.
	hashWait = 500 * time.Millisecond
)

// More errors callers branch on.
var (
	// ErrCodeRequired: the password was right, and the agent's second
	// factor (TOTP) must come with it.
	ErrCodeRequired = errors.New("enter the code from your authenticator app")
	// ErrWrongCode: a TOTP code that does not match (enrolment).
	ErrWrongCode = errors.New("the code does not match; check the time on your phone and try again")
)

// RetryError is ErrRateLimited with the wait before the next try.
type RetryError struct{ After time.Duration }

func (e *RetryError) Error() string {
	return fmt.Sprintf("too many sign-in attempts; try again in %d seconds", limit.RetryAfter(e.After))
}

func (e *RetryError) Unwrap() error { return ErrRateLimited }

func retry(d time.Duration) error { return &RetryError{After: max(d, time.Second)} }

// Credentials are what an agent signs in with; Code is the TOTP code once
// the agent has turned the second factor on.
type Credentials struct {
	Email    string
	Password string
	Code     string
}

// Login checks an e-mail and password (see SignIn).
func (s *Service) Login(ctx context.Context, email, password string) (string, *Agent, error) {
	return s.SignIn(ctx, Credentials{Email: email, Password: password})
}

// loginClient is the back-off key of the request's client: a hash of its
// address (an IPv6 /64), never the address itself.
func loginClient(ctx context.Context) string {
	addr := reqinfo.ClientAddr(ctx)
	if addr == "" {
		return "none"
	}
	sum := sha256.Sum256([]byte("sign-in\x00" + limit.ClientKey(addr)))
	return hex.EncodeToString(sum[:16])
}

// SignIn checks credentials and opens a session. An unknown e-mail and a
// wrong password give the same error after the same work. Attempts are
// held back per account and address, and per account for unknown
// addresses (see pairBackoff); at most as many passwords are hashed at
// once as there are cores.
func (s *Service) SignIn(ctx context.Context, c Credentials) (string, *Agent, error) {
	email := strings.ToLower(strings.TrimSpace(c.Email))
	client := loginClient(ctx)
	now := s.Now()

	seen, last, found, err := s.store.LoginBackoff(ctx, email, client)
	if err != nil {
		return "", nil, err
	}
	failures := pairBackoff.Current(seen, last, now)
	if next := pairBackoff.NextAt(failures, last, now); now.Before(next) {
		return "", nil, retry(next.Sub(now))
	}
	known, err := s.store.KnownLoginClient(ctx, email, client, now.Add(-knownFor))
	if err != nil {
		return "", nil, err
	}
	if !known {
		af, alast, _, err := s.store.LoginBackoff(ctx, email, AccountWide)
		if err != nil {
			return "", nil, err
		}
		af = accountBackoff.Current(af, alast, now)
		if next := accountBackoff.NextAt(af, alast, now); now.Before(next) {
			return "", nil, retry(next.Sub(now))
		}
	}

	if !s.HashSlots.Acquire(ctx, hashWait) {
		return "", nil, retry(time.Second)
	}
	defer s.HashSlots.Release()
	if !found {
		seen = -1
	}
	// Counted as a failure before the password is checked: of attempts
	// racing on one account from one address only one goes ahead.
	won, err := s.store.ClaimLoginAttempt(ctx, email, client, seen, failures+1, now)
	if err != nil {
		return "", nil, err
	}
	if !won {
		return "", nil, retry(time.Second)
	}

	a, hash, err := s.store.AgentByEmail(ctx, email)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", nil, err
	}
	if a == nil {
		hash = dummyHash
	}
	if !VerifyPassword(hash, c.Password) || a == nil {
		return "", nil, s.loginFailed(ctx, email, failures+1, known, now)
	}
	secret, _, err := s.store.AgentTOTP(ctx, a.ID)
	if err != nil {
		return "", nil, err
	}
	if secret != "" {
		if strings.TrimSpace(c.Code) == "" {
			// The failure claimed above stays: asking for the code is one
			// attempt, the code another.
			return "", nil, ErrCodeRequired
		}
		step, ok := checkTOTP(secret, c.Code, now)
		if ok {
			if ok, err = s.store.UseTOTPStep(ctx, a.ID, step); err != nil {
				return "", nil, err
			}
		}
		if !ok {
			return "", nil, s.loginFailed(ctx, email, failures+1, known, now)
		}
	}
	if err := s.store.ClearLoginBackoff(ctx, email, client); err != nil {
		return "", nil, err
	}
	if err := s.store.RememberLoginClient(ctx, email, client, now); err != nil {
		return "", nil, err
	}
	token, err := randomToken()
	if err != nil {
		return "", nil, err
	}
	if err := s.store.CreateAgentSession(ctx, hashToken(token), a.ID, now.Add(s.SessionTTL)); err != nil {
		return "", nil, err
	}
	return token, a, nil
}

// loginFailed counts a failure against the account as a whole, when it
// comes from an address the account does not know and that address has
// not had its share yet, and answers ErrUnauthorized.
func (s *Service) loginFailed(ctx context.Context, email string, pairFailures int, known bool, now time.Time) error {
	if !known && pairFailures <= accountShare {
		if err := s.store.AddLoginFailure(ctx, email, AccountWide, now, now.Add(-accountBackoff.Forget)); err != nil {
			return err
		}
	}
	return ErrUnauthorized
}

// hashPassword hashes under the hashing slots, waiting as long as ctx
// allows: admins changing passwords are few, but each hash is 19 MiB.
func (s *Service) hashPassword(ctx context.Context, password string) (string, error) {
	if !s.HashSlots.Acquire(ctx, time.Minute) {
		return "", retry(time.Second)
	}
	defer s.HashSlots.Release()
	return HashPassword(password)
}

// TOTPEnrolment is a new second-factor secret for an agent to put in an
// authenticator app; it takes effect once a code from it is confirmed.
type TOTPEnrolment struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
}

// EnrolTOTP makes a new secret for a, awaiting confirmation. An agent who
// already has one must turn it off first (with a code), so a stolen
// session cannot swap the second factor.
func (s *Service) EnrolTOTP(ctx context.Context, a *Agent, issuer string) (*TOTPEnrolment, error) {
	secret, _, err := s.store.AgentTOTP(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	if secret != "" {
		return nil, fmt.Errorf("%w: the second factor is on already; turn it off with a code first", ErrDuplicate)
	}
	pending, err := newTOTPSecret()
	if err != nil {
		return nil, err
	}
	if err := s.store.SetAgentTOTP(ctx, a.ID, "", pending); err != nil {
		return nil, err
	}
	return &TOTPEnrolment{Secret: pending, URI: totpURI(issuer, a.Email, pending)}, nil
}

// ConfirmTOTP turns the second factor on with a first code from the
// pending secret.
func (s *Service) ConfirmTOTP(ctx context.Context, a *Agent, code string) error {
	secret, pending, err := s.store.AgentTOTP(ctx, a.ID)
	if err != nil {
		return err
	}
	if secret != "" {
		return fmt.Errorf("%w: the second factor is on already", ErrDuplicate)
	}
	if pending == "" {
		return fmt.Errorf("%w: start enrolment first", ErrInvalid)
	}
	step, ok := checkTOTP(pending, code, s.Now())
	if !ok {
		return ErrWrongCode
	}
	if err := s.store.SetAgentTOTP(ctx, a.ID, pending, ""); err != nil {
		return err
	}
	_, err = s.store.UseTOTPStep(ctx, a.ID, step) // the confirming code is used
	return err
}

// DisableTOTP turns the second factor off, given a current code.
func (s *Service) DisableTOTP(ctx context.Context, a *Agent, code string) error {
	secret, _, err := s.store.AgentTOTP(ctx, a.ID)
	if err != nil {
		return err
	}
	if secret == "" {
		return nil
	}
	step, ok := checkTOTP(secret, code, s.Now())
	if ok {
		if ok, err = s.store.UseTOTPStep(ctx, a.ID, step); err != nil {
			return err
		}
	}
	if !ok {
		return ErrWrongCode
	}
	return s.store.SetAgentTOTP(ctx, a.ID, "", "")
}

// TOTPEnabled reports whether a signs in with a second factor.
func (s *Service) TOTPEnabled(ctx context.Context, a *Agent) (bool, error) {
	secret, _, err := s.store.AgentTOTP(ctx, a.ID)
	return secret != "", err
}
