package cwlogs

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

// group is one resolved log group.
type group struct {
	name string // log group name: origins use it
	arn  string // ARN without the trailing ":*": Live Tail takes it

	lines, bytes atomic.Int64
	sess         *session // the live session carrying it, nil when polling

	// Polling state, owned by the polling goroutine.
	from    int64 // ms: the earliest start of the next query
	newest  int64 // ms: newest event timestamp seen
	history bool  // the next round is still the --since history
}

// parseGroupARN splits arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME, with
// or without a trailing ":*".
func parseGroupARN(s string) (name, account string, ok bool) {
	parts := strings.SplitN(s, ":", 7)
	if len(parts) != 7 || parts[0] != "arn" || parts[1] == "" || parts[2] != "logs" || parts[5] != "log-group" {
		return "", "", false
	}
	name = strings.TrimSuffix(parts[6], ":*")
	if name == "" || strings.ContainsAny(name, ":*") {
		return "", "", false
	}
	return name, parts[4], true
}

// identifierName turns the logGroupIdentifier of a Live Tail event into a
// log group name, for a group not in the source's table: the service names
// groups as "ACCOUNT:NAME", other servers by ARN or by name.
func identifierName(id string) string {
	if name, _, ok := parseGroupARN(id); ok {
		return name
	}
	if i := strings.IndexByte(id, ':'); i == 12 && strings.Trim(id[:i], "0123456789") == "" {
		return id[i+1:]
	}
	return id
}

// groupTable finds a resolved group from any of the ways the APIs name it.
type groupTable map[string]*group

func newGroupTable(groups []*group) groupTable {
	t := make(groupTable, 4*len(groups))
	for _, g := range groups {
		t[g.name] = g
		t[g.arn] = g
		t[g.arn+":*"] = g
		if _, account, ok := parseGroupARN(g.arn); ok {
			t[account+":"+g.name] = g
		}
	}
	return t
}

func (t groupTable) lookup(id string) *group {
	if g, ok := t[id]; ok {
		return g
	}
	return t[identifierName(id)]
}

// resolve turns the configured names, prefixes and ARNs into log groups
// with ARNs, asking DescribeLogGroups for names and prefixes. It fails with
// a message a user can act on when a group does not exist or too many match.
func (s *Source) resolve(ctx context.Context, c *cloudwatchlogs.Client) ([]*group, error) {
	var groups []*group
	seen := make(map[string]bool)
	add := func(name, arn string) error {
		if seen[arn] {
			return nil
		}
		seen[arn] = true
		groups = append(groups, &group{name: name, arn: arn})
		if len(groups) > s.cfg.MaxGroups {
			return fmt.Errorf("cwlogs: too many log groups: %s match more than %d; each %d take one Live Tail session and an account may have 15 open at once: name fewer groups or a narrower prefix",
				strings.Join(s.cfg.Groups, ","), s.cfg.MaxGroups, groupsPerSession)
		}
		return nil
	}
	for _, spec := range s.cfg.Groups {
		if name, _, ok := parseGroupARN(spec); ok {
			if err := add(name, strings.TrimSuffix(spec, ":*")); err != nil {
				return nil, err
			}
			continue
		}
		prefix, isPrefix := strings.CutSuffix(spec, "*")
		found := 0
		var others []string
		var token *string
		for {
			cctx, cancel := context.WithTimeout(ctx, s.cfg.CallTimeout)
			out, err := c.DescribeLogGroups(cctx, &cloudwatchlogs.DescribeLogGroupsInput{
				LogGroupNamePrefix: nonEmpty(prefix),
				NextToken:          token,
			})
			cancel()
			if err != nil {
				return nil, fmt.Errorf("cwlogs: looking up log group %q: %s", spec, explain(err))
			}
			for _, lg := range out.LogGroups {
				name := aws.ToString(lg.LogGroupName)
				if !isPrefix && name != prefix {
					if len(others) < 3 {
						others = append(others, name)
					}
					continue
				}
				arn := aws.ToString(lg.LogGroupArn)
				if arn == "" {
					arn = strings.TrimSuffix(aws.ToString(lg.Arn), ":*")
				}
				if arn == "" {
					return nil, fmt.Errorf("cwlogs: DescribeLogGroups gave no ARN for log group %q", name)
				}
				found++
				if err := add(name, arn); err != nil {
					return nil, err
				}
			}
			token = out.NextToken
			// An exact name sorts first among the names it prefixes: one
			// page is enough to find it.
			if !isPrefix || aws.ToString(token) == "" {
				break
			}
		}
		if found == 0 {
			return nil, notFound(spec, isPrefix, others, s.cfg.AWS.Region)
		}
	}
	return groups, nil
}

func notFound(spec string, isPrefix bool, others []string, region string) error {
	where := ""
	if region != "" {
		where = " in " + region
	}
	if isPrefix {
		return fmt.Errorf("cwlogs: no log group name starts with %q%s", strings.TrimSuffix(spec, "*"), where)
	}
	if len(others) > 0 {
		return fmt.Errorf("cwlogs: log group %q not found%s; some names start with it (%s): write %s* to follow them all",
			spec, where, strings.Join(others, ", "), spec)
	}
	return fmt.Errorf("cwlogs: log group %q not found%s (check the name, the region and the account)", spec, where)
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
