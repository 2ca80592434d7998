package envelope_test

import (
	"bytes"
	"compress/gzip"
	"io"
)

func gunzip(p []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(p))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
