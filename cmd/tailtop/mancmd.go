package main

import (
	"errors"
	"io"
)

// cmdMan is a placeholder until its issue-10 work lands.
func cmdMan(args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
