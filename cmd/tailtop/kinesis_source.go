package main

import (
	"fmt"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/kinesis"
)

// openKinesis opens a kinesis://STREAM (or stream ARN) source. Options:
// from=latest|trim|RFC3339, shards=ID,ID, efo=CONSUMER, deregister=true,
// plus format= and name= as for every source.
func openKinesis(sp sourceSpec, o openOptions) (feed.Source, error) {
	for k := range sp.opts {
		switch k {
		case "from", "shards", "efo", "deregister", "format", "name":
		default:
			return nil, usageError{fmt.Sprintf("source %q: unknown option %q (known: from, shards, efo, deregister, format, name)", sp.raw, k)}
		}
	}
	from, shards, efo, err := kinesis.ParseOptions(sp.opts)
	if err != nil {
		return nil, usageError{fmt.Sprintf("source %q: %v", sp.raw, err)}
	}
	dereg := false
	switch sp.opts.Get("deregister") {
	case "", "false", "no", "0":
	case "true", "yes", "1":
		dereg = true
	default:
		return nil, usageError{fmt.Sprintf("source %q: deregister= takes true or false", sp.raw)}
	}
	awsCfg, err := o.awsConfig()
	if err != nil {
		return nil, err
	}
	return kinesis.New(kinesis.Config{
		Stream: sp.target, Name: sp.name(), From: from, Shards: shards,
		EFO: efo, Deregister: dereg, AWS: awsCfg,
	})
}
