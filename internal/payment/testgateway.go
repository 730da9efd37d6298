package payment

import "context"

// TestGateway is the built-in gateway: its payment page is served by
// Shopkeeper at /pay/{token}, where POST outcome=succeeded|failed settles it.
// It moves no real money and is the default when no real gateway is set up.
type TestGateway struct{}

// Name is "test".
func (TestGateway) Name() string { return "test" }

// Start uses our own token as the reference and page address.
func (TestGateway) Start(_ context.Context, r Request) (string, string, error) {
	return "test_" + r.Token, r.BaseURL + "/pay/" + r.Token, nil
}

// ChargeSaved "charges" a saved test card: it always succeeds.
func (TestGateway) ChargeSaved(_ context.Context, r Request, m Method) (string, error) {
	return "test_saved_" + r.Token, nil
}
