package main

import (
	"errors"
	"io"
)

// cmdVersion is a placeholder until its issue-10 work lands.
func cmdVersion(args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
