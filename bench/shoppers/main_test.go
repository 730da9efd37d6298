package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun_ExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
		says string
	}{
		{"no suite", nil, 2, "-suite is required"},
		{"url without key", []string{"-suite", "x", "-url", "http://127.0.0.1:1", "-admin-key", ""}, 2, "-url needs -admin-key"},
		{"unreadable suite", []string{"-suite", t.TempDir(), "-url", "http://127.0.0.1:1", "-admin-key", "k"}, 1, "no catalogs/*.csv"},
		{"unknown batch", []string{"-suite", "../../internal/shoppersim/testdata/suite", "-batch", "nope", "-url", "http://127.0.0.1:1", "-admin-key", "k"}, 1, `batch "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := run(tt.args, &out, &errb); got != tt.want {
				t.Errorf("exit %d, want %d; stderr %s", got, tt.want, errb.String())
			}
			if !strings.Contains(errb.String(), tt.says) {
				t.Errorf("stderr %q, want it to say %q", errb.String(), tt.says)
			}
		})
	}
}
