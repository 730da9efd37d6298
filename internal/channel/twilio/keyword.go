package twilio

import "strings"

// Keywords a shopper's reply may be, as carriers and Twilio define them
// for long codes (Twilio's list now also has REVOKE and OPTOUT).
var keywords = map[string]string{
	"STOP": "stop", "STOPALL": "stop", "UNSUBSCRIBE": "stop", "CANCEL": "stop",
	"END": "stop", "QUIT": "stop", "REVOKE": "stop", "OPTOUT": "stop",
	"START": "start", "YES": "start", "UNSTOP": "start",
	"HELP": "help", "INFO": "help",
}

// Keyword returns "stop", "start" or "help" when the whole SMS is one of the
// standard keywords (any case, spaces and a final full stop or exclamation
// mark aside), else "". Twilio answers these words itself on long codes and
// blocks further sends after STOP; the core records the opt-out (no
// proactive messages, as the contract's "stop" asks) and the opt-in, and
// does not run a dialogue turn for them. "Cancel my order" is not a keyword:
// only the whole message counts.
func Keyword(body string) string {
	w := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(body), ".!"))
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return "" // ToUpper would read "ſtop" as STOP
		}
	}
	return keywords[strings.ToUpper(w)]
}
