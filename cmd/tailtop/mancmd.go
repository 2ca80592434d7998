package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// cmdMan prints the manual page in roff (`tailtop man | man -l -`),
// generated from the flag sets of every command.
func cmdMan(args []string, stdout, stderr io.Writer) error {
	fs := newPlainFlags("man", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("man takes no arguments (got %q); try: tailtop man | man -l -", fs.Arg(0))}
	}
	_, err := io.WriteString(stdout, manPage(versionString(), time.Now()))
	return err
}

// roff escapes text for a roff line: backslashes, minus signs, and a
// leading dot or apostrophe that would make the line a request.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// manPage renders the page; version and date go in its header.
func manPage(version string, date time.Time) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p(`.TH TAILTOP 1 "%s" "tailtop %s" "User Commands"`, date.Format("2006-01-02"), roff(version))
	p(".SH NAME")
	p(`tailtop \- top for logs: a terminal live log monitor`)
	p(".SH SYNOPSIS")
	for _, c := range commands() {
		p(".B tailtop")
		if s := strings.TrimSpace(c.name + " " + c.synopsis); s != "" {
			p("%s", roff(s))
		}
		p(".br")
	}
	p(".SH DESCRIPTION")
	p("%s", roff("tailtop points at logs and shows within a second who is sending, what is failing, what just spiked "+
		"and who is being denied, then drills down from any number to the raw lines behind it. "+
		"It follows files, directories and globs across rotation, stdin, every shard of AWS Kinesis Data Streams, "+
		"and AWS CloudWatch Logs through Live Tail; it parses web/API access logs, IIS W3C, AWS ALB/ELB, "+
		"Microsoft Exchange message tracking and protocol logs, CloudTrail, VPC Flow Logs, syslog and JSON lines."))
	p(".SH COMMANDS")
	for _, c := range commands() {
		title := strings.TrimSpace("tailtop " + strings.TrimSpace(c.name+" "+c.synopsis))
		p(`.SS "%s"`, strings.ReplaceAll(roff(title), `"`, `\(dq`))
		p("%s", roff(c.about))
		if c.name == "watch" {
			p(".PP")
			p("It takes the flags of \\fBtailtop\\fR.")
		} else {
			manFlags(&b, c.flags(io.Discard))
		}
		if len(c.examples) > 0 {
			p(".PP")
			p("Examples:")
			p(".RS")
			p(".nf")
			for _, e := range c.examples {
				p("%s", roff(e))
			}
			p(".fi")
			p(".RE")
		}
	}
	p(".SH SOURCES")
	p("%s", roff("A SOURCE is a file, a glob, a directory, - for stdin, kinesis://STREAM (or a stream ARN), "+
		"cwlogs://GROUP[,GROUP...] (names, prefix*, or ARNs), demo://FORMAT, or @SET, a source set of the configuration file. "+
		"Options follow '#' for paths and '?' for URIs: format=NAME and name=NAME for any source; "+
		"kinesis: from=latest|trim|RFC3339, shards=ID,ID, efo=CONSUMER, deregister=true; "+
		"cwlogs: filter=PATTERN, streams=A,B or prefixes=A,B, mode=live|poll, since=DURATION; demo: rate=N."))
	for _, s := range sourceExamples {
		p(".TP")
		p(`\fB%s\fR`, roff(s.arg))
		p("%s", roff(s.says))
	}
	p(".SH CONFIGURATION")
	p("%s", roff("The configuration file is the file given with --config, else $XDG_CONFIG_HOME/tailtop/config.toml "+
		"(~/.config/tailtop/config.toml) when it exists. It is TOML with these tables: "+
		"[defaults] (theme, window, top, bell, format, from_start, spike_factor, since, and the JSON and regex field options), "+
		"[aws] (profile, region, role_arn, external_id, endpoint_url), "+
		"[[sources.NAME]] (one table per source of the set @NAME: source, format, name, and AWS settings of its own), "+
		"[[alerts]] (rule, in the syntax of --alert), [publish] (target, namespace, interval, top, dimensions) "+
		"and [keys] (an action and the keys that trigger it). Flags given on the command line win over the file. "+
		"'tailtop config example' prints a file that explains every key; 'tailtop config check' reports every problem with its line."))
	p(".SH ENVIRONMENT")
	for _, e := range [][2]string{
		{"XDG_CONFIG_HOME", "where the configuration file is looked for"},
		{"NO_COLOR", "when set and not empty, no colors (https://no-color.org)"},
		{"AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID, ...", "the AWS SDK's default credential chain and settings"},
		{"AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, AWS_ENDPOINT_URL_CLOUDWATCH", "endpoint overrides, as in the SDK"},
		{"TAILTOP_CPUPROFILE", "write a CPU profile to this file"},
	} {
		p(".TP")
		p(`\fB%s\fR`, roff(e[0]))
		p("%s", roff(e[1]))
	}
	p(".SH FILES")
	p(".TP")
	p(`\fI~/.config/tailtop/config.toml\fR`)
	p("the configuration file")
	p(".SH EXIT STATUS")
	p("0 on success, also when stopped by SIGINT, SIGTERM or SIGHUP (the terminal is restored); 1 on an error while running; 2 on a mistake on the command line, or on a crash (a short report on stderr names the file holding the trace).")
	p(".SH SEE ALSO")
	p(".BR tail (1),")
	p(".BR top (1)")
	return b.String()
}

// manFlags lists a flag set as tagged paragraphs.
func manFlags(b *strings.Builder, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		fmt.Fprintln(b, ".TP")
		if name != "" && !isBoolFlag(f) {
			fmt.Fprintf(b, "\\fB\\-\\-%s\\fR \\fI%s\\fR\n", roff(f.Name), roff(name))
		} else {
			fmt.Fprintf(b, "\\fB\\-\\-%s\\fR\n", roff(f.Name))
		}
		if !isZeroDefault(f) {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintln(b, roff(usage))
	})
}

// isZeroDefault reports whether a flag's default is its type's zero value,
// which help does not show.
func isZeroDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "0", "0s", "false", "[]":
		return true
	}
	return false
}
