//go:build unix

package cli

import (
	"log/slog"
	"syscall"
)

// raiseFileLimit lifts the soft limit on open files to the hard limit. Every
// live WebSocket (a widget, a console) and every database connection is a
// file descriptor; distributions start processes with a soft limit of 1024
// while allowing far more, so 10,000 idle widgets would be refused at the
// 1,025th. Raising the soft limit up to the hard one needs no privilege; a
// hard limit that is itself too low is the operator's (LimitNOFILE= in a
// systemd unit, ulimit -Hn, or the container runtime's --ulimit nofile).
func raiseFileLimit() {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		slog.Warn("read the open-files limit", "err", err)
		return
	}
	if l.Cur >= l.Max {
		return
	}
	from := l.Cur
	l.Cur = l.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		slog.Warn("raise the open-files limit", "from", from, "to", l.Max, "err", err)
		return
	}
	slog.Debug("open-files limit raised", "from", from, "to", l.Max)
}
