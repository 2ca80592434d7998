package synth

import (
	"strconv"
	"strings"
	"time"
)

// cloudTrail makes AWS CloudTrail events, one JSON object per line, as
// CloudWatch Logs delivers them: an account where a few principals make
// most calls (a monitoring integration, node and function roles, a CI user,
// Terraform, AWS services on their own behalf) and people sign in to the
// console, with the errors of a live account (throttling, the odd
// AccessDenied, missing resources). Its incidents are what the
// AccessDenied pane exists for:
//
//   - flood: a leaked access key used from a new address to enumerate the
//     account: a storm of AccessDenied and UnauthorizedOperation;
//   - scan: console sign-in guessing from one address: failed
//     authentications against several users;
//   - outage: a service throttling everybody (ThrottlingException,
//     InternalError), callers retrying.
type cloudTrail struct {
	r          *rng
	stamp      stamp
	principals []ctPrincipal
	pick       alias
	calls      []ctCall
	console    []ctPrincipal // people who sign in to the console
	leaked     ctPrincipal   // the key of the flood
}

// ctPrincipal is one caller, rendered ahead: its userIdentity member, its
// source address and user agent members, and the calls it makes.
type ctPrincipal struct {
	identity string // `"userIdentity":{…}`
	source   string // `,"sourceIPAddress":"…","userAgent":"…"`
	calls    []int  // into cloudTrail.calls
	pick     alias
	userName string
	login    string // a console sign-in's opening, up to the time (users only)
}

// ctCall is one API: eventSource, eventName and request parameters
// rendered ahead.
type ctCall struct {
	service  string // "ec2"
	head     string // `,"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances"`
	params   string // `,"requestParameters":…`
	readOnly bool
}

const (
	ctAccount = "123456789012"
	ctRegion  = "eu-west-1"
)

func init() {
	formats["cloudtrail"] = func(seed int64, loc *time.Location) maker { return newCloudTrail(seed) }
}

// ctCatalog is the APIs of the account: service, name, read-only, request
// parameters, weight.
var ctCatalog = []struct {
	service, name string
	readOnly      bool
	params        string
	weight        float64
}{
	{"ec2", "DescribeInstances", true, `{"instancesSet":{},"filterSet":{}}`, 300},
	{"ec2", "DescribeNetworkInterfaces", true, `{"networkInterfaceIdSet":{},"filterSet":{"items":[{"name":"attachment.instance-id","valueSet":{"items":[{"value":"i-0a1b2c3d4e5f67890"}]}}]}}`, 120},
	{"ec2", "DescribeSecurityGroups", true, `{"securityGroupSet":{},"securityGroupIdSet":{},"filterSet":{}}`, 60},
	{"ec2", "DescribeVolumes", true, `{"volumeSet":{},"filterSet":{}}`, 50},
	{"ec2", "RunInstances", false, `{"instancesSet":{"items":[{"imageId":"ami-0abcdef1234567890","minCount":1,"maxCount":1}]},"instanceType":"m6i.large"}`, 4},
	{"ec2", "TerminateInstances", false, `{"instancesSet":{"items":[{"instanceId":"i-0a1b2c3d4e5f67890"}]}}`, 3},
	{"ecr", "GetAuthorizationToken", true, `{"registryIds":["` + ctAccount + `"]}`, 80},
	{"ecr", "BatchGetImage", true, `{"repositoryName":"shop/checkout","imageIds":[{"imageTag":"v1.42.0"}],"registryId":"` + ctAccount + `"}`, 90},
	{"ecr", "GetDownloadUrlForLayer", true, `{"repositoryName":"shop/checkout","layerDigest":"sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1"}`, 70},
	{"ecr", "PutImage", false, `{"repositoryName":"shop/checkout","imageTag":"v1.43.0"}`, 3},
	{"sts", "AssumeRole", true, `{"roleArn":"arn:aws:iam::` + ctAccount + `:role/shop-deploy","roleSessionName":"ci-1714557600","durationSeconds":3600}`, 60},
	{"sts", "AssumeRoleWithWebIdentity", true, `{"roleArn":"arn:aws:iam::` + ctAccount + `:role/checkout-irsa","roleSessionName":"botocore-session-1714557600"}`, 90},
	{"sts", "GetCallerIdentity", true, `null`, 40},
	{"kms", "Decrypt", true, `{"encryptionAlgorithm":"SYMMETRIC_DEFAULT","encryptionContext":{"aws:lambda:FunctionArn":"arn:aws:lambda:` + ctRegion + `:` + ctAccount + `:function:checkout"}}`, 160},
	{"kms", "GenerateDataKey", true, `{"keyId":"alias/aws/s3","keySpec":"AES_256"}`, 70},
	{"secretsmanager", "GetSecretValue", true, `{"secretId":"prod/checkout/db"}`, 60},
	{"dynamodb", "DescribeTable", true, `{"tableName":"orders"}`, 40},
	{"logs", "CreateLogStream", false, `{"logGroupName":"/aws/lambda/checkout","logStreamName":"2025/03/04/[$LATEST]b249865adaaf4fad80f95f8ad09725b8"}`, 30},
	{"logs", "DescribeLogGroups", true, `{"limit":50}`, 60},
	{"monitoring", "GetMetricData", true, `{"startTime":"Mar 4, 2025, 9:50:00 AM","endTime":"Mar 4, 2025, 10:00:00 AM","maxDatapoints":1440}`, 110},
	{"monitoring", "DescribeAlarms", true, `{"maxRecords":100}`, 40},
	{"s3", "ListBuckets", true, `{"Host":"s3.amazonaws.com"}`, 30},
	{"s3", "GetBucketPolicy", true, `{"bucketName":"shop-assets","Host":"shop-assets.s3.amazonaws.com","policy":""}`, 20},
	{"iam", "GetRole", true, `{"roleName":"checkout-irsa"}`, 30},
	{"iam", "ListRoles", true, `{"maxItems":100}`, 15},
	{"iam", "PassRole", false, `{"roleName":"shop-deploy"}`, 3},
	{"iam", "CreateAccessKey", false, `{"userName":"svc-backup"}`, 1},
	{"iam", "AttachUserPolicy", false, `{"userName":"svc-backup","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}`, 1},
	{"cloudformation", "DescribeStacks", true, `{"stackName":"shop-prod"}`, 25},
	{"cloudformation", "CreateChangeSet", false, `{"stackName":"shop-prod","changeSetName":"deploy-1714557600"}`, 2},
	{"lambda", "UpdateFunctionCode", false, `{"functionName":"checkout","publish":true}`, 2},
	{"lambda", "ListFunctions", true, `{"maxItems":50}`, 30},
	{"rds", "DescribeDBInstances", true, `{"maxRecords":100}`, 35},
	{"cloudtrail", "LookupEvents", true, `{"maxResults":50}`, 5},
	{"signin", "ConsoleLogin", false, `null`, 0}, // by people only, see console
}

func newCloudTrail(seed int64) *cloudTrail {
	pool := newRNG(seed, 8)
	ct := &cloudTrail{r: newRNG(seed, 9), stamp: stamp{layout: "2006-01-02T15:04:05Z", loc: time.UTC}}
	for _, c := range ctCatalog {
		ct.calls = append(ct.calls, ctCall{
			service:  c.service,
			head:     `,"eventSource":"` + c.service + `.amazonaws.com","eventName":"` + c.name + `"`,
			params:   `,"requestParameters":` + c.params,
			readOnly: c.readOnly,
		})
	}
	services := func(ss ...string) []int {
		var out []int
		for i, c := range ctCatalog {
			for _, s := range ss {
				if c.service == s && c.name != "ConsoleLogin" {
					out = append(out, i)
				}
			}
		}
		return out
	}
	ct.principals = []ctPrincipal{
		ct.role("DatadogAWSIntegrationRole", "DatadogAWSIntegration", "54.161.67.200", "Datadog/1.0 aws-sdk-go/1.44.0 (go1.21; linux; amd64)", services("ec2", "logs", "monitoring", "rds", "dynamodb", "lambda", "s3", "iam", "cloudtrail")),
		ct.role("eks-node-role", "i-0a1b2c3d4e5f67890", "10.0.2.41", "aws-sdk-go/1.50.1 (go1.21.6; linux; amd64)", services("ec2", "ecr")),
		ct.role("checkout-irsa", "botocore-session-1714557600", "10.0.3.77", "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10 lang/python#3.12.2", services("kms", "secretsmanager", "dynamodb", "sts")),
		ct.role("eks-node-role", "i-0b2c3d4e5f6789012", "10.0.1.18", "aws-sdk-go/1.50.1 (go1.21.6; linux; amd64)", services("ec2", "ecr")),
		ct.service("ec2.amazonaws.com", services("sts", "kms")),
		ct.role("terraform", "tf-1714557600", "203.0.113.50", "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.45.0", services("ec2", "iam", "s3", "rds", "cloudformation", "lambda", "logs")),
		ct.user("ci-deployer", "AKIAIOSFODNN7EXAMPLE", "198.51.100.23", "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12", services("cloudformation", "ecr", "sts", "lambda", "s3")),
		ct.service("autoscaling.amazonaws.com", services("ec2")),
		ct.service("config.amazonaws.com", services("sts", "iam", "s3")),
	}
	for _, name := range []string{"alice", "bob", "carol", "dmitri", "emma.w"} {
		key := "ASIA" + strings.ToUpper(shortHash(name+"-console")) + "EXAMPLE"
		p := ct.user(name, key, randomIPv4(pool), browserAgents[pool.intn(len(browserAgents))], services("ec2", "monitoring", "logs", "s3", "cloudtrail", "rds"))
		ct.console = append(ct.console, p)
		ct.principals = append(ct.principals, p)
	}
	ct.leaked = ct.user("svc-backup", "AKIAI44QH8DHBEXAMPLE", "", "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0", services("iam", "s3", "ec2", "secretsmanager", "kms", "lambda", "rds", "sts"))
	ct.pick = newAlias(zipfWeights(len(ct.principals), 1.2))
	return ct
}

// role is an IAM role's session.
func (ct *cloudTrail) role(role, session, ip, agent string, calls []int) ctPrincipal {
	id := `"userIdentity":{"type":"AssumedRole","principalId":"AROA55TKTI7V` + strings.ToUpper(shortHash(role)) + `:` + session +
		`","arn":"arn:aws:sts::` + ctAccount + `:assumed-role/` + role + `/` + session + `","accountId":"` + ctAccount +
		`","accessKeyId":"ASIA55TKTI7V` + strings.ToUpper(shortHash(session)) + `","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA55TKTI7V` +
		strings.ToUpper(shortHash(role)) + `","arn":"arn:aws:iam::` + ctAccount + `:role/` + role + `","accountId":"` + ctAccount + `","userName":"` + role +
		`"},"attributes":{"creationDate":"2025-03-04T08:00:00Z","mfaAuthenticated":"false"}}}`
	return ct.principal(id, ip, agent, calls, role)
}

// user is an IAM user with an access key (or a console session).
func (ct *cloudTrail) user(name, key, ip, agent string, calls []int) ctPrincipal {
	principal := `"principalId":"AIDA` + strings.ToUpper(shortHash(name)) + `EXAMPLE","arn":"arn:aws:iam::` + ctAccount + `:user/` + name + `","accountId":"` + ctAccount + `"`
	id := `"userIdentity":{"type":"IAMUser",` + principal + `,"accessKeyId":"` + key + `","userName":"` + name + `"}`
	p := ct.principal(id, ip, agent, calls, name)
	p.login = `{"eventVersion":"1.09","userIdentity":{"type":"IAMUser",` + principal + `,"userName":"` + name + `"},"eventTime":"`
	return p
}

// service is an AWS service acting on the account's behalf.
func (ct *cloudTrail) service(svc string, calls []int) ctPrincipal {
	id := `"userIdentity":{"type":"AWSService","invokedBy":"` + svc + `"}`
	return ct.principal(id, svc, svc, calls, svc)
}

func (ct *cloudTrail) principal(identity, ip, agent string, calls []int, name string) ctPrincipal {
	w := make([]float64, len(calls))
	for i, c := range calls {
		w[i] = ctCatalog[c].weight
	}
	return ctPrincipal{
		identity: identity,
		source:   `,"sourceIPAddress":"` + ip + `","userAgent":"` + agent + `"`,
		calls:    calls,
		pick:     newAlias(w),
		userName: name,
	}
}

func shortHash(s string) string {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return strconv.FormatUint(uint64(h), 36)
}

// ctError is the error a call may end with in ordinary traffic.
func ctError(service string, r *rng) (code, msg string) {
	switch x := r.intn(1000); {
	case x < 15:
		switch service {
		case "ec2":
			return "Client.RequestLimitExceeded", "Request limit exceeded."
		case "s3":
			return "SlowDown", "Please reduce your request rate."
		}
		return "ThrottlingException", "Rate exceeded"
	case x < 19:
		return ctDenied(service), "User is not authorized to perform this operation"
	case x < 25:
		switch service {
		case "iam":
			return "NoSuchEntityException", "The role with name checkout-old cannot be found."
		case "ec2":
			return "Client.InvalidInstanceID.NotFound", "The instance ID 'i-0deadbeef0000000' does not exist"
		}
		return "ResourceNotFoundException", "Requested resource not found"
	}
	return "", ""
}

// ctDenied is how a service words an authorization failure.
func ctDenied(service string) string {
	switch service {
	case "ec2":
		return "Client.UnauthorizedOperation"
	case "kms", "secretsmanager", "lambda", "dynamodb", "ecr", "logs", "monitoring", "rds":
		return "AccessDeniedException"
	}
	return "AccessDenied"
}

func (ct *cloudTrail) normal(dst []byte, t time.Time, in *incident) []byte {
	r := ct.r
	if r.intn(1000) < 4 { // someone signs in to the console
		p := &ct.console[r.intn(len(ct.console))]
		return ct.consoleLogin(dst, t, p, p.source, !r.chance(0.03))
	}
	p := &ct.principals[ct.pick.pick(r)]
	call := p.calls[p.pick.pick(r)]
	code, msg := ctError(ct.calls[call].service, r)
	if in != nil && in.kind == outage && ct.calls[call].service == in.target.path && r.chance(in.failShare) {
		code, msg = "ThrottlingException", "Rate exceeded"
	}
	return ct.event(dst, t, p.identity, p.source, call, code, msg)
}

func (ct *cloudTrail) incident(dst []byte, t time.Time, in *incident) []byte {
	r := ct.r
	switch in.kind {
	case flood: // a leaked key enumerates the account
		p := &ct.leaked
		call := p.calls[r.intn(len(p.calls))]
		code, msg := ctDenied(ct.calls[call].service), "User: arn:aws:iam::"+ctAccount+":user/svc-backup is not authorized to perform this operation"
		if r.chance(0.05) {
			code, msg = "", "" // what the key may do
		}
		return ct.event(dst, t, p.identity, in.actor.head, call, code, msg)
	case scan: // console sign-in guessing
		p := &ct.console[r.intn(len(ct.console))]
		return ct.consoleLogin(dst, t, p, in.actor.head, false)
	default: // outage: callers retrying the throttled service
		p := &ct.principals[ct.pick.pick(r)]
		call := p.calls[p.pick.pick(r)]
		code, msg := "", ""
		if r.chance(in.failShare) {
			code, msg = "ThrottlingException", "Rate exceeded"
			if r.chance(0.2) {
				code, msg = "InternalError", "We encountered an internal error. Please try again."
			}
		}
		return ct.event(dst, t, p.identity, p.source, call, code, msg)
	}
}

// prepare picks the incident's attacker address, or the throttled service.
// The source members are rendered into actor.head.
func (ct *cloudTrail) prepare(in *incident, r *rng) {
	switch in.kind {
	case flood:
		addr := attackerAddr(r)
		in.actor = client{addr: addr, head: `,"sourceIPAddress":"` + addr + `","userAgent":"aws-cli/1.18.69 Python/2.7.18 Linux/4.14"`}
	case scan:
		addr := attackerAddr(r)
		in.actor = client{addr: addr, head: `,"sourceIPAddress":"` + addr + `","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"`}
	case outage:
		in.target = target{path: []string{"ec2", "kms", "ecr", "monitoring"}[r.intn(4)]}
		in.failShare = r.between(0.4, 0.8)
	}
}

// event writes one API call.
func (ct *cloudTrail) event(dst []byte, t time.Time, identity, source string, call int, code, msg string) []byte {
	c := &ct.calls[call]
	dst = append(dst, `{"eventVersion":"1.09",`...)
	dst = append(dst, identity...)
	dst = append(dst, `,"eventTime":"`...)
	dst = ct.stamp.append(dst, t)
	dst = append(dst, '"')
	dst = append(dst, c.head...)
	dst = append(dst, `,"awsRegion":"`+ctRegion+`"`...)
	dst = append(dst, source...)
	if code != "" {
		dst = append(dst, `,"errorCode":"`...)
		dst = append(dst, code...)
		dst = append(dst, `","errorMessage":"`...)
		dst = append(dst, msg...)
		dst = append(dst, '"')
		dst = append(dst, `,"requestParameters":null`...)
	} else {
		dst = append(dst, c.params...)
	}
	dst = append(dst, `,"responseElements":null,"requestID":"`...)
	dst = ct.uuid(dst)
	dst = append(dst, `","eventID":"`...)
	dst = ct.uuid(dst)
	if c.readOnly {
		dst = append(dst, `","readOnly":true`...)
	} else {
		dst = append(dst, `","readOnly":false`...)
	}
	dst = append(dst, `,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"`+ctAccount+`","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"`...)
	dst = append(dst, c.service...)
	dst = append(dst, `.`+ctRegion+`.amazonaws.com"}}`+"\n"...)
	return dst
}

// consoleLogin writes a console sign-in, successful or not.
func (ct *cloudTrail) consoleLogin(dst []byte, t time.Time, p *ctPrincipal, source string, ok bool) []byte {
	dst = append(dst, p.login...)
	dst = ct.stamp.append(dst, t)
	dst = append(dst, `","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1"`...)
	dst = append(dst, source...)
	if ok {
		dst = append(dst, `,"requestParameters":null,"responseElements":{"ConsoleLogin":"Success"}`...)
	} else {
		dst = append(dst, `,"errorMessage":"Failed authentication","requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"}`...)
	}
	dst = append(dst, `,"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"Yes"},"eventID":"`...)
	dst = ct.uuid(dst)
	dst = append(dst, `","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"`+ctAccount+`","eventCategory":"Management"}`+"\n"...)
	return dst
}

// uuid writes a random UUID-shaped id.
func (ct *cloudTrail) uuid(dst []byte) []byte {
	dst = appendRandomHex(dst, ct.r, 8)
	dst = append(dst, '-')
	dst = appendRandomHex(dst, ct.r, 4)
	dst = append(dst, '-')
	dst = appendRandomHex(dst, ct.r, 4)
	dst = append(dst, '-')
	dst = appendRandomHex(dst, ct.r, 4)
	dst = append(dst, '-')
	return appendRandomHex(dst, ct.r, 12)
}
