// Package corpus finds the shared corpus of real log samples for tests. The
// corpus lives beside the repository (../shared/corpus from the module root)
// and is read in place, never copied into the project; TAILTOP_CORPUS
// overrides its location.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the corpus directory, or skips the test (saying why) when the
// corpus is absent, which is the only reason a corpus test may skip.
func Dir(t testing.TB) string {
	t.Helper()
	d, err := Find()
	if err != nil {
		t.Skipf("shared corpus not found (%v): this test needs ../shared/corpus beside the repository", err)
	}
	return d
}

// Find locates the corpus without a test.
func Find() (string, error) {
	if d := os.Getenv("TAILTOP_CORPUS"); d != "" {
		return d, stat(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(dir, "..", "shared", "corpus")
			return d, stat(d)
		}
		if filepath.Dir(dir) == dir {
			return "", os.ErrNotExist
		}
	}
}

// Path joins parts under the corpus directory, skipping the test when the
// corpus is absent.
func Path(t testing.TB, parts ...string) string {
	t.Helper()
	return filepath.Join(append([]string{Dir(t)}, parts...)...)
}

func stat(d string) error {
	_, err := os.Stat(d)
	return err
}
