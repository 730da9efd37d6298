package realtime

import (
	"context"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// Inbox lets the inbox and conversation services publish through the hub
// (it is their inbox.Publisher).
type Inbox struct{ Hub *Hub }

// Publish turns the inbox's event into a live one.
func (p Inbox) Publish(ctx context.Context, e inbox.Event) {
	ev := Event{Type: e.Type, ConversationID: e.ConversationID, Message: e.Message, AgentID: e.AgentID, AgentName: e.AgentName}
	if e.Conversation != nil {
		ev.Conversation = e.Conversation
		ev.Status = e.Conversation.Status
		if a := e.Conversation.Assignee; a != nil && ev.AgentName == "" {
			ev.AgentName = a.Name // the shopper's status line names who they talk to
		}
	}
	if e.Note != nil {
		ev.Note = e.Note
	}
	if e.Type == TypeTyping && ev.From == "" {
		ev.From = conversation.FromAgent // the inbox only reports agents typing
	}
	p.Hub.Publish(ctx, ev)
}
