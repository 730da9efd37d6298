package conversation

import (
	"crypto/subtle"
	"sync"
)

// maxRememberedTokens bounds the token cache: at about 150 bytes an entry,
// 50,000 recent conversations cost some 7 MB. Beyond it an arbitrary half
// is forgotten; a forgotten token is checked against the database again.
const maxRememberedTokens = 50000

// tokenCache remembers the token hash of conversations whose token this
// instance has seen to be right, so a turn reads its conversation once.
// The zero value is ready to use.
type tokenCache struct {
	mu sync.RWMutex
	m  map[string]string // conversation id → token hash
}

func (t *tokenCache) holds(id, hash string) bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	h, ok := t.m[id]
	// Constant time, like Authorize: the stored hash is not the caller's to learn.
	return ok && subtle.ConstantTimeCompare([]byte(h), []byte(hash)) == 1
}

func (t *tokenCache) put(id, hash string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]string{}
	}
	if len(t.m) >= maxRememberedTokens {
		n := 0
		for k := range t.m {
			delete(t.m, k)
			if n++; n >= maxRememberedTokens/2 {
				break
			}
		}
	}
	t.m[id] = hash
}

func (t *tokenCache) forget(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, id)
}
