package main

import (
	"errors"
	"io"
)

// cmdThemes is a placeholder until its issue-10 work lands.
func cmdThemes(args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
