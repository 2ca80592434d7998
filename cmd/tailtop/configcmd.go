package main

import (
	"errors"
	"io"
)

// cmdConfig is a placeholder until its issue-10 work lands.
func cmdConfig(args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
