package synth

import (
	"fmt"
	"strconv"
)

// pathKind is what a URL is, which decides its methods, statuses and sizes.
type pathKind uint8

const (
	kindPage pathKind = iota
	kindAsset
	kindAPI
	kindLogin
	kindHealth
	kindScan
	kindRobots
	kindMissing // an asset the site does not have: always 404
	numKinds
)

// methodMix says which methods a URL is requested with.
type methodMix uint8

const (
	getOnly methodMix = iota
	readWrite
	postMostly
	readDelete
)

// target is one URL of the site.
type target struct {
	path   string
	kind   pathKind
	method methodMix
	size   int32 // fixed body size of a static asset, 0 when drawn per response
}

// site is the URL space of a small shop: pages, assets and API calls each
// with a Zipf-like popularity, so some products are hot and most are not.
type site struct {
	pages, assets, api, scans []target
	pickPage, pickAsset       alias
	pickAPI, pickScan         alias
	health, healthz, login    target
	robots                    []target
	apiSession                target
}

var (
	adjectives = []string{"classic", "urban", "trail", "merino", "linen", "canvas", "vintage", "ultralight", "waxed", "organic", "everyday", "alpine"}
	nouns      = []string{"sneaker", "backpack", "jacket", "tee", "hoodie", "beanie", "boot", "tote", "parka", "sock", "cap", "shorts"}
	categories = []string{"men", "women", "kids", "outdoor", "accessories", "sale", "new-arrivals", "footwear", "bags", "gift-cards"}
	searches   = []string{"running+shoes", "rain+jacket", "wool+socks", "backpack", "gift", "black+hoodie", "size+guide", "sale", "boots", "linen+shirt", "travel", "kids"}
	topics     = []string{"shipping", "returns", "sizing", "payment", "warranty", "contact", "track-order", "privacy"}
)

func newSite(r *rng) *site {
	s := &site{
		health:     target{path: "/health", kind: kindHealth},
		healthz:    target{path: "/healthz", kind: kindHealth},
		login:      target{path: "/login", kind: kindLogin, method: postMostly},
		apiSession: target{path: "/api/v1/session", kind: kindLogin, method: postMostly},
		robots: []target{
			{path: "/robots.txt", kind: kindRobots, size: 312},
			{path: "/sitemap.xml", kind: kindRobots, size: 48211},
		},
	}

	// Products are shared by pages, images and API calls.
	products := make([]string, 240)
	ids := make([]int, len(products))
	for i := range products {
		ids[i] = 1000 + r.intn(9000)
		products[i] = fmt.Sprintf("%s-%s-%d", adjectives[r.intn(len(adjectives))], nouns[r.intn(len(nouns))], ids[i])
	}

	var pw []float64
	addPage := func(p string, w float64, kind pathKind, m methodMix) {
		s.pages = append(s.pages, target{path: p, kind: kind, method: m})
		pw = append(pw, w)
	}
	addPage("/", 900, kindPage, getOnly)
	addPage("/products", 300, kindPage, getOnly)
	addPage("/cart", 160, kindPage, getOnly)
	addPage("/checkout", 70, kindPage, readWrite)
	addPage("/account", 60, kindPage, getOnly)
	addPage("/account/orders", 30, kindPage, getOnly)
	addPage("/about", 20, kindPage, getOnly)
	addPage("/contact", 15, kindPage, readWrite)
	addPage("/login", 90, kindLogin, postMostly)
	addPage("/logout", 25, kindPage, getOnly)
	for i, w := range zipfWeights(len(products), 1.1) {
		addPage("/products/"+products[i], 700*w, kindPage, getOnly)
	}
	for i, w := range zipfWeights(len(categories), 0.8) {
		addPage("/category/"+categories[i], 260*w, kindPage, getOnly)
		addPage("/category/"+categories[i]+"?page=2", 40*w, kindPage, getOnly)
	}
	for i, w := range zipfWeights(len(searches), 1.0) {
		addPage("/search?q="+searches[i], 200*w, kindPage, getOnly)
	}
	for i, w := range zipfWeights(len(topics), 1.0) {
		addPage("/help/"+topics[i], 50*w, kindPage, getOnly)
	}
	for i, w := range zipfWeights(30, 1.2) {
		addPage(fmt.Sprintf("/blog/%d/%s-%s-guide", 2019+i%6, adjectives[i%len(adjectives)], nouns[(i*7)%len(nouns)]), 80*w, kindPage, getOnly)
	}
	s.pickPage = newAlias(pw)

	var aw []float64
	addAsset := func(p string, w float64, size int32, kind pathKind) {
		s.assets = append(s.assets, target{path: p, kind: kind, size: size})
		aw = append(aw, w)
	}
	hash := func() string { return fmt.Sprintf("%08x", uint32(r.u64())) }
	addAsset("/static/css/main."+hash()+".css", 900, 48213, kindAsset)
	addAsset("/static/js/app."+hash()+".js", 900, 183307, kindAsset)
	addAsset("/static/js/vendor."+hash()+".js", 880, 421876, kindAsset)
	addAsset("/static/js/runtime."+hash()+".js", 870, 2311, kindAsset)
	addAsset("/favicon.ico", 500, 15086, kindAsset)
	addAsset("/images/logo.svg", 850, 3127, kindAsset)
	addAsset("/fonts/inter-var.woff2", 400, 97318, kindAsset)
	addAsset("/apple-touch-icon.png", 60, 0, kindMissing)
	addAsset("/apple-touch-icon-precomposed.png", 40, 0, kindMissing)
	addAsset("/static/js/app.js.map", 5, 0, kindMissing)
	for i := range 5 {
		addAsset(fmt.Sprintf("/images/hero-%d.jpg", i+1), 300/float64(i+1), 90000+int32(r.intn(250000)), kindAsset)
	}
	for i := range 24 {
		addAsset(fmt.Sprintf("/static/js/chunk-%d.%s.js", i, hash()), 120/float64(i+1), 4000+int32(r.intn(60000)), kindAsset)
	}
	imgSize := newLogNormal(45000, 0.6, 4000, 600000)
	for i, w := range zipfWeights(len(products), 1.1) {
		addAsset(fmt.Sprintf("/images/products/%d.webp", ids[i]), 1300*w, int32(imgSize.draw(r)), kindAsset)
		addAsset(fmt.Sprintf("/images/products/%d-thumb.webp", ids[i]), 900*w, int32(imgSize.draw(r)/6), kindAsset)
	}
	s.pickAsset = newAlias(aw)

	var pa []float64
	addAPI := func(p string, w float64, m methodMix) {
		s.api = append(s.api, target{path: p, kind: kindAPI, method: m})
		pa = append(pa, w)
	}
	addAPI("/api/v1/cart", 500, readWrite)
	addAPI("/api/v1/cart/items", 200, readDelete)
	addAPI("/api/v1/users/me", 450, getOnly)
	addAPI("/api/v1/orders", 120, readWrite)
	addAPI("/graphql", 300, postMostly)
	addAPI("/api/v1/events", 350, postMostly)
	addAPI("/api/v1/inventory/bulk", 60, postMostly)
	addAPI("/api/v1/session/refresh", 80, postMostly)
	for i := range 20 {
		addAPI("/api/v1/products?page="+strconv.Itoa(i+1)+"&limit=24", 300/float64(i+1), getOnly)
	}
	for i, w := range zipfWeights(len(products), 1.1) {
		addAPI(fmt.Sprintf("/api/v1/products/%d", ids[i]), 500*w, getOnly)
		if i < 40 {
			addAPI(fmt.Sprintf("/api/v1/recommendations?product=%d", ids[i]), 200*w, getOnly)
		}
	}
	for range 50 {
		addAPI(fmt.Sprintf("/api/v1/orders/%d", 700000+r.intn(99999)), 3, getOnly)
	}
	for i, w := range zipfWeights(len(searches), 1.0) {
		addAPI("/api/v2/search?q="+searches[i]+"&limit=20", 250*w, getOnly)
	}
	s.pickAPI = newAlias(pa)

	scans := []string{
		"/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/", "/admin.php", "/xmlrpc.php",
		"/wp-admin/setup-config.php", "/cgi-bin/luci/;stok=/locale", "/actuator/env", "/server-status",
		"/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/owa/auth/logon.aspx", "/boaform/admin/formLogin",
		"/.aws/credentials", "/config.json", "/backup.zip", "/HNAP1/", "/solr/admin/info/system?wt=json",
		"/index.php?s=/Index/think/app/invokefunction", "/.DS_Store", "/api/.env", "/debug/default/view?panel=config",
	}
	for _, p := range scans {
		s.scans = append(s.scans, target{path: p, kind: kindScan})
	}
	s.pickScan = newAlias(zipfWeights(len(s.scans), 0.5))
	return s
}
