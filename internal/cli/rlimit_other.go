//go:build !unix

package cli

// raiseFileLimit: only Unix systems have RLIMIT_NOFILE.
func raiseFileLimit() {}
