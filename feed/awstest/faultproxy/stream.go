package faultproxy

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/http"

	"github.com/aws/smithy-go/eventstream"
)

// maxFrameBytes bounds one event-stream frame (the format's own limit is
// 16 MB).
const maxFrameBytes = 16 << 20

// corruptStream relays an event stream frame by frame; the frame that
// crosses afterBytes of the stream is sent with a bad message checksum and
// the stream ends there, as a corrupted frame ends a real one (the client
// cannot trust anything after it).
func corruptStream(w http.ResponseWriter, upstream io.Reader, afterBytes int) {
	fl, _ := w.(http.Flusher)
	passed := 0
	for {
		frame, err := readFrame(upstream)
		if err != nil {
			return
		}
		last := passed+len(frame) > afterBytes
		if last {
			frame = corruptFrame(frame)
		}
		if _, err := w.Write(frame); err != nil {
			return
		}
		if fl != nil {
			fl.Flush()
		}
		if last {
			return
		}
		passed += len(frame)
	}
}

// readFrame reads one raw event-stream message: its 4-byte total length,
// then the rest.
func readFrame(r io.Reader) ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	total := int(binary.BigEndian.Uint32(n[:]))
	if total < 16 || total > maxFrameBytes {
		return nil, io.ErrUnexpectedEOF
	}
	frame := make([]byte, total)
	copy(frame, n[:])
	if _, err := io.ReadFull(r, frame[4:]); err != nil {
		return nil, err
	}
	return frame, nil
}

// corruptFrame returns a copy of a frame whose message checksum (its last
// four bytes) no longer matches.
func corruptFrame(frame []byte) []byte {
	out := append([]byte(nil), frame...)
	out[len(out)-1] ^= 0xff
	return out
}

// initialResponse is the first event of an event-stream answer.
func initialResponse() []byte {
	var msg eventstream.Message
	msg.Headers.Set(eventstream.MessageTypeHeader, eventstream.StringValue(eventstream.EventMessageType))
	msg.Headers.Set(eventstream.EventTypeHeader, eventstream.StringValue("initial-response"))
	msg.Headers.Set(eventstream.ContentTypeHeader, eventstream.StringValue("application/json"))
	msg.Payload = []byte("{}")
	var b bytes.Buffer
	eventstream.NewEncoder().Encode(&b, msg)
	return b.Bytes()
}
