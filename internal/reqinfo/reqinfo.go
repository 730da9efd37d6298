// Package reqinfo carries facts about the outside request that domain code
// needs (the client's network address, for rate limits and fraud checks)
// through a context, so domain packages never import net/http to learn them.
package reqinfo

import "context"

type key int

const clientAddrKey key = 0

// WithClientAddr returns ctx carrying the client's address: the IP the
// request came from, or the one a trusted proxy forwarded.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddrKey, addr)
}

// ClientAddr is the client's address, or "" when the work did not start
// from an outside request (a background job, a test).
func ClientAddr(ctx context.Context) string {
	s, _ := ctx.Value(clientAddrKey).(string)
	return s
}
