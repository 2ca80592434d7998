package config

import _ "embed"

// Example is a configuration file that shows and explains every key; it is
// what `tailtop config example` prints, and it passes its own check.
//
//go:embed example.toml
var Example string
