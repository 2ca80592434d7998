package publish

import (
	"hash/fnv"
	"strconv"
	"strings"
	"unicode/utf8"
)

// emptyValue stands for a key that has no printable character: CloudWatch
// refuses empty and all-blank dimension values.
const emptyValue = "(empty)"

// dimensionValue makes an untrusted key (an actor, a stream name) a valid
// CloudWatch dimension value: printable ASCII (other characters become
// \uXXXX, invalid bytes \xNN, so that keys stay distinct and readable), not
// blank, at most 1024 bytes. A longer value is cut and ends with "~" and a
// hash of the whole key, so two long keys sharing a prefix stay two
// metrics.
func dimensionValue(key string) string {
	if clean(key) {
		if len(key) <= maxDimValueLen {
			return key
		}
		return cut(key, key)
	}
	var b strings.Builder
	b.Grow(min(len(key)+16, 4*maxDimValueLen))
	for i := 0; i < len(key) && b.Len() <= maxDimValueLen; {
		c := key[i]
		if c >= 0x20 && c <= 0x7e {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(key[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString(`\x`)
			writeHex(&b, uint32(c), 2)
		case r > 0xffff:
			b.WriteString(`\U`)
			writeHex(&b, uint32(r), 8)
		default:
			b.WriteString(`\u`)
			writeHex(&b, uint32(r), 4)
		}
		i += max(size, 1)
	}
	v := b.String()
	if blank(v) {
		return emptyValue
	}
	if len(v) > maxDimValueLen {
		return cut(v, key)
	}
	return v
}

// clean reports whether key is already a valid value apart from its length.
func clean(key string) bool {
	return key != "" && printableASCII(key) && !blank(key)
}

// cut shortens v to the limit, ending it with "~" and the hash of key.
func cut(v, key string) string {
	h := fnv.New32a()
	h.Write([]byte(key))
	var b strings.Builder
	b.Grow(maxDimValueLen)
	b.WriteString(v[:maxDimValueLen-9])
	b.WriteByte('~')
	writeHex(&b, h.Sum32(), 8)
	return b.String()
}

func writeHex(b *strings.Builder, v uint32, width int) {
	s := strconv.FormatUint(uint64(v), 16)
	for range width - len(s) {
		b.WriteByte('0')
	}
	b.WriteString(s)
}
