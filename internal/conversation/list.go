package conversation

// ListFilter selects conversations for the admin's list; empty fields
// select all.
type ListFilter struct {
	Channel  string
	Language string
	Status   string // bot, queued, agent or closed
}

// Statuses are the states a conversation can be in, for filters.
var Statuses = []string{StatusBot, StatusQueued, StatusAgent, StatusClosed}
