package twilio

import "github.com/shopkeeper/shopkeeper/internal/conversation"

// The methods below let the channel core use SMS's numbered choices and
// reserved words (channel.Keyworder, channel.Chooser).

// Keyword recognises STOP, START and HELP.
func (p *Provider) Keyword(body string) string { return Keyword(body) }

// HelpKey is the catalogue key of the answer to HELP.
func (p *Provider) HelpKey() string { return "twilio.help" }

// Choices says which payload each number of a rendered message stands for.
func (p *Provider) Choices(m conversation.Message) []conversation.Option { return Choices(m) }

// Choose reads a reply that is the number of one of the choices.
func (p *Provider) Choose(body string, choices []conversation.Option) (string, bool) {
	return Choose(body, choices)
}
