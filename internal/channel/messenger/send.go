package messenger

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
)

// Graph API error codes worth trying again later even when the answer is a
// 400: 2 (temporary), 4 (application request limit), 17 (user request
// limit), 32 (page request limit), 613 (rate limit), 1200 (temporary send
// failure), 80006 (Messenger's business-use-case rate limit).
var retryCodes = map[int]bool{2: true, 4: true, 17: true, 32: true, 613: true, 1200: true, 80006: true}

// APIError is the Graph API's error answer.
type APIError struct {
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode"`
	FBTraceID string `json:"fbtrace_id"`
}

func (e *APIError) Error() string {
	return fmt.Sprintf("graph api error %d/%d (%s): %s [fbtrace_id %s]", e.Code, e.Subcode, e.Type, e.Message, e.FBTraceID)
}

// Send posts one rendered request to {APIURL}/me/messages. The page token
// goes in the access_token parameter, as Meta documents the Send API, with
// appsecret_proof so that apps requiring it work too. The token never
// appears in an error: a failed call names the endpoint without it. The
// recipient is the one rendered into the body (RenderContext.To), so a
// retry goes to the same person; to is not read again.
func (p *Provider) Send(ctx context.Context, to string, out channel.Outgoing) (channel.Sent, error) {
	endpoint := p.apiURL + "/me/messages"
	q := url.Values{"access_token": {p.cfg.PageToken}}
	if p.cfg.AppSecret != "" {
		mac := hmac.New(sha256.New, []byte(p.cfg.AppSecret))
		mac.Write([]byte(p.cfg.PageToken))
		q.Set("appsecret_proof", hex.EncodeToString(mac.Sum(nil)))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"?"+q.Encode(), bytes.NewReader(out.Body))
	if err != nil {
		return channel.Sent{}, &channel.SendError{Err: fmt.Errorf("build request for %s: %w", endpoint, redact(err))}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return channel.Sent{}, channel.Classify(0, "", fmt.Errorf("post %s: %w", endpoint, redact(err)))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return channel.Sent{}, channel.Classify(0, "", fmt.Errorf("read answer of %s: %w", endpoint, err))
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		var ok struct {
			RecipientID string `json:"recipient_id"`
			MessageID   string `json:"message_id"`
		}
		if err := json.Unmarshal(body, &ok); err != nil || ok.MessageID == "" {
			// Accepted but unreadable: sending again could deliver twice,
			// so this is a failure not worth retrying.
			return channel.Sent{}, &channel.SendError{Status: resp.StatusCode, Err: errors.New("messenger accepted the message without a message_id")}
		}
		return channel.Sent{ID: ok.MessageID}, nil
	}
	var fail struct {
		Error *APIError `json:"error"`
	}
	var apiErr error = fmt.Errorf("messenger answered %d", resp.StatusCode)
	if json.Unmarshal(body, &fail) == nil && fail.Error != nil {
		apiErr = fail.Error
	}
	err = channel.Classify(resp.StatusCode, resp.Header.Get("Retry-After"), apiErr)
	var se *channel.SendError
	if errors.As(err, &se) {
		if fail.Error != nil && retryCodes[fail.Error.Code] {
			se.Retry = true
		}
		if se.Retry && se.RetryAfter == 0 {
			se.RetryAfter = regainAccess(resp.Header.Get("X-Business-Use-Case-Usage"))
		}
	}
	return channel.Sent{}, err
}

// redact drops the request URL (which carries the page token) from a
// client error, keeping its cause.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// regainAccess reads the Graph API's business-use-case usage header, whose
// estimated_time_to_regain_access (minutes) says how long a throttled page
// must wait.
func regainAccess(h string) time.Duration {
	if h == "" {
		return 0
	}
	var usage map[string][]struct {
		Minutes int `json:"estimated_time_to_regain_access"`
	}
	if json.Unmarshal([]byte(h), &usage) != nil {
		return 0
	}
	longest := 0
	for _, us := range usage {
		for _, u := range us {
			longest = max(longest, u.Minutes)
		}
	}
	return time.Duration(longest) * time.Minute
}
