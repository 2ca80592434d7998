package faultproxy

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Keys is a credentials provider that issues a new access key each time it
// is asked, as a role provider does, and remembers the keys a test has
// revoked: with Refusing, the proxy answers ExpiredToken to every request
// signed with one, as the service does once a session has expired.
type Keys struct {
	prefix string

	mu      sync.Mutex
	issued  []string
	revoked map[string]bool
}

// NewKeys makes a provider whose access key ids start with prefix.
func NewKeys(prefix string) *Keys {
	return &Keys{prefix: prefix, revoked: map[string]bool{}}
}

// Retrieve issues a new key.
func (k *Keys) Retrieve(context.Context) (aws.Credentials, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	id := fmt.Sprintf("%s%06d", k.prefix, len(k.issued)+1)
	k.issued = append(k.issued, id)
	return aws.Credentials{AccessKeyID: id, SecretAccessKey: "secret-" + id, SessionToken: "token-" + id, Source: "faultproxy.Keys"}, nil
}

// Issued is how many keys were issued.
func (k *Keys) Issued() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.issued)
}

// Revoke makes key expired from now on.
func (k *Keys) Revoke(key string) {
	k.mu.Lock()
	k.revoked[key] = true
	k.mu.Unlock()
}

// Revoked is how many keys were revoked.
func (k *Keys) Revoked() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.revoked)
}

func (k *Keys) isRevoked(key string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.revoked[key]
}

// Refusing wraps a rule: a call signed with a revoked key answers
// ExpiredToken; a call the inner rule answers ExpiredToken revokes the key
// that signed it first (the session ends there), so that the other calls
// signed with it are refused too until the client refreshes.
func (k *Keys) Refusing(inner Rule) Rule {
	return func(c Call) Fault {
		if k.isRevoked(c.AccessKey) {
			return Fault{Kind: ExpiredToken}
		}
		if inner == nil {
			return Fault{}
		}
		f := inner(c)
		if f.Kind == ExpiredToken {
			k.Revoke(c.AccessKey)
		}
		return f
	}
}
