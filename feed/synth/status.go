package synth

// statusMix is a weighted set of HTTP statuses.
type statusMix struct {
	codes []int16
	pick  alias
}

func newStatusMix(pairs ...int) statusMix {
	m := statusMix{}
	var w []float64
	for i := 0; i+1 < len(pairs); i += 2 {
		m.codes = append(m.codes, int16(pairs[i]))
		w = append(w, float64(pairs[i+1]))
	}
	m.pick = newAlias(w)
	return m
}

func (m *statusMix) draw(r *rng) int { return int(m.codes[m.pick.pick(r)]) }

// statuses holds the status mixes of normal traffic: mostly 200 and 304,
// with the 301s, 404s, 401s, 403s and rare 5xx of any live site.
type statuses struct {
	page, asset, robots, health, scan  statusMix
	apiGet, apiPost, apiDelete         statusMix
	loginGet, loginPost, outage, flood statusMix
}

func newStatuses() *statuses {
	return &statuses{
		page:      newStatusMix(200, 900, 304, 40, 301, 15, 302, 10, 404, 25, 400, 2, 403, 2, 500, 4, 503, 2),
		asset:     newStatusMix(200, 740, 304, 230, 404, 12, 206, 10, 403, 1),
		robots:    newStatusMix(200, 95, 304, 5),
		health:    newStatusMix(200, 1998, 503, 1, 500, 1),
		scan:      newStatusMix(404, 880, 403, 80, 301, 20, 400, 20),
		apiGet:    newStatusMix(200, 900, 304, 10, 400, 15, 401, 30, 403, 8, 404, 20, 429, 6, 500, 6, 502, 2, 503, 2, 504, 1),
		apiPost:   newStatusMix(201, 400, 200, 450, 400, 60, 401, 40, 403, 10, 409, 10, 422, 20, 429, 5, 500, 5),
		apiDelete: newStatusMix(204, 850, 404, 100, 401, 40, 500, 10),
		loginGet:  newStatusMix(200, 97, 304, 3),
		loginPost: newStatusMix(302, 700, 200, 180, 401, 100, 429, 10, 403, 10),
		outage:    newStatusMix(502, 35, 503, 35, 504, 20, 500, 10),
		flood:     newStatusMix(401, 920, 403, 60, 429, 15, 302, 5),
	}
}
