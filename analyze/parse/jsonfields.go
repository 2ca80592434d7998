package parse

// jsonFields lists the members of the JSON object raw for Fields: nested
// objects flattened to dotted names ("userIdentity.arn"), strings
// unescaped, numbers and true/false as written, null as nil, arrays (and
// objects nested deeper than jsonFieldsDepth) as their JSON text. Input that
// is not an object lists nothing. Not on the hot path: it allocates names.
func jsonFields(raw []byte, fn func(name string, value []byte)) {
	var s jsonScan
	s.reset(raw)
	if !s.object() {
		return
	}
	jsonMembers(&s, "", 1, fn)
}

// jsonFieldsDepth bounds how deep objects are flattened.
const jsonFieldsDepth = 16

func jsonMembers(s *jsonScan, prefix string, depth int, fn func(string, []byte)) bool {
	for first := true; ; first = false {
		key, ok := s.member(first)
		if !ok {
			return !s.failed()
		}
		name := prefix + string(key)
		if s.peek() == '{' && depth < jsonFieldsDepth {
			s.open()
			if s.peek() == '}' { // an empty object is shown as one
				s.member(true)
				fn(name, []byte("{}"))
				continue
			}
			if !jsonMembers(s, name+".", depth+1, fn) {
				return false
			}
			continue
		}
		text, kind, esc, ok := s.value()
		if !ok {
			return false
		}
		switch {
		case kind == 'n':
			fn(name, nil)
		case esc:
			fn(name, appendJSONUnescaped(nil, text))
		default:
			fn(name, text)
		}
	}
}
