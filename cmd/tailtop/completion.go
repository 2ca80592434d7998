package main

import (
	"errors"
	"io"
)

// cmdCompletion is a placeholder until its issue-10 work lands.
func cmdCompletion(args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
