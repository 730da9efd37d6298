// Command shopkeeper is the conversational-commerce server and its tools.
package main

import (
	"os"

	"github.com/shopkeeper/shopkeeper/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
