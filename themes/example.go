package themes

import _ "embed"

// Example is an example theme file that sets every key, with comments
// documenting the format: what `tailtop themes --example` prints.
//
//go:embed example.toml
var Example string
