package awsconf

import (
	"strings"
	"testing"
)

func TestRedactCutsSecrets(t *testing.T) {
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY")
	t.Setenv("AWS_SESSION_TOKEN", "SESSIONTOKENvalue0123")
	in := "denied: token SESSIONTOKENvalue0123, key wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY; " +
		"see https://b.s3.amazonaws.com/k?X-Amz-Signature=SIGVALUE&X-Amz-Credential=AKIAQUERY; " +
		"you sent Authorization: AWS4-HMAC-SHA256 Credential=AKIAHEADER/20260301/us-east-1/logs/aws4_request, " +
		"SignedHeaders=host, Signature=SIGHEADER X-Amz-Security-Token: TOKENHEADER"
	out := Redact(in)
	for _, secret := range []string{"SESSIONTOKENvalue0123", "SECRETKEY", "SIGVALUE", "AKIAQUERY", "AKIAHEADER", "SIGHEADER", "TOKENHEADER"} {
		if strings.Contains(out, secret) {
			t.Errorf("Redact left %q in %q", secret, out)
		}
	}
	for _, kept := range []string{"denied", "https://b.s3.amazonaws.com/k?…", "SignedHeaders=host"} {
		if !strings.Contains(out, kept) {
			t.Errorf("Redact cut %q: %q", kept, out)
		}
	}
	if plain := "ResourceNotFoundException: the log group does not exist"; Redact(plain) != plain {
		t.Errorf("Redact changed a plain message: %q", Redact(plain))
	}
}
