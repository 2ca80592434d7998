package synth

// Who sends web traffic: the user agents, referers and clients of a small
// shop, as small fixed sets so that panes show familiar values.

// browserAgents are the user agents of people.
var browserAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36",
	"Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
	"Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
	"Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
}

// browserAgentWeights follow browser market share, roughly.
var browserAgentWeights = []float64{30, 14, 6, 8, 18, 9, 5, 6, 2, 2}

const (
	googlebotAgent = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
	bingbotAgent   = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
	probeAgent     = "kube-probe/1.29"
	elbAgent       = "ELB-HealthChecker/2.0"
)

// toolAgents are the user agents of scripts: API integrations, scanners,
// credential stuffers.
var toolAgents = []string{
	"python-requests/2.31.0",
	"Go-http-client/1.1",
	"curl/8.5.0",
	"okhttp/4.12.0",
	"axios/1.6.8",
	"Apache-HttpClient/4.5.14 (Java/17.0.10)",
}

// crawlerAgents are other bots of the long tail.
var crawlerAgents = []string{
	"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
	"Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
	"Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
	"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
	"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
}

// scannerAgents are what vulnerability scanners claim to be.
var scannerAgents = []string{
	"Mozilla/5.0 zgrab/0.x",
	"Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/74.0.3729.169 Safari/537.36",
	"python-requests/2.28.2",
	"Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
}

// siteOrigin is the site the traffic is for; internal referers start with it.
const siteOrigin = "https://shop.example.com"

// externalReferers are where visitors come from.
var externalReferers = []string{
	"https://www.google.com/",
	"https://www.google.com/",
	"https://www.google.com/",
	"https://www.bing.com/",
	"https://duckduckgo.com/",
	"https://t.co/",
	"https://www.facebook.com/",
	"https://news.ycombinator.com/",
	"https://www.reddit.com/",
	"android-app://com.google.android.gm/",
}
