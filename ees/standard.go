package ees

import "strings"

// Guidance is the EES standard for data files, which every finding of the
// EES checks links to.
const Guidance = "https://dfe-analytical-services.github.io/analysts-guide/statistics-production/ud.html"

// The columns every EES data file has.
var mandatoryColumns = []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name"}

// level is a geographic level and the columns its rows need filled in,
// codes first then names, as code/name pairs.
type level struct {
	name  string
	pairs [][2]string
}

var (
	country = [2]string{"country_code", "country_name"}
	region  = [2]string{"region_code", "region_name"}
	la      = [2]string{"new_la_code", "la_name"}
)

// levels are the geographic levels of the EES standard.
var levels = []level{
	{"National", [][2]string{country}},
	{"Regional", [][2]string{country, region}},
	{"Local authority", [][2]string{country, region, la}},
	{"Local authority district", [][2]string{country, region, {"lad_code", "lad_name"}}},
	{"Parliamentary constituency", [][2]string{country, region, {"pcon_code", "pcon_name"}}},
	{"Local skills improvement plan area", [][2]string{country, {"lsip_code", "lsip_name"}}},
	{"Local enterprise partnership", [][2]string{country, {"local_enterprise_partnership_code", "local_enterprise_partnership_name"}}},
	{"English devolved area", [][2]string{country, {"english_devolved_area_code", "english_devolved_area_name"}}},
	{"Opportunity area", [][2]string{country, {"opportunity_area_code", "opportunity_area_name"}}},
	{"Ward", [][2]string{country, {"ward_code", "ward_name"}}},
	{"Planning area", [][2]string{country, {"planning_area_code", "planning_area_name"}}},
	{"MAT", [][2]string{country, {"trust_id", "trust_name"}}},
	{"Sponsor", [][2]string{country, {"sponsor_id", "sponsor_name"}}},
	{"School", [][2]string{country, {"school_urn", "school_name"}}},
	{"Provider", [][2]string{country, {"provider_ukprn", "provider_name"}}},
	{"Institution", [][2]string{country, {"institution_id", "institution_name"}}},
}

func findLevel(name string) *level {
	for i := range levels {
		if levels[i].name == name {
			return &levels[i]
		}
	}
	return nil
}

// The time identifiers of the EES standard: those of years that span two
// calendar years take a six-digit time_period (202021), the others four.
var (
	sixDigitTimes  = []string{"Academic year", "Financial year", "Tax year", "Autumn term", "Spring term", "Summer term", "Autumn and spring term", "Academic year Q1", "Academic year Q2", "Academic year Q3", "Academic year Q4", "Financial year Q1", "Financial year Q2", "Financial year Q3", "Financial year Q4", "Tax year Q1", "Tax year Q2", "Tax year Q3", "Tax year Q4", "Financial year part 1 (April to September)", "Financial year part 2 (October to March)"}
	fourDigitTimes = []string{"Calendar year", "Reporting year", "Calendar year Q1", "Calendar year Q2", "Calendar year Q3", "Calendar year Q4", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// symbols are the GSS symbols EES accepts in indicator cells: c
// confidential, x not available, z not applicable, low and k rounding to
// zero, u low reliability.
var symbols = []string{"c", "x", "z", "low", "k", "u"}

// legacySymbols are the symbols older tables used, which EES no longer
// accepts.
var legacySymbols = []string{":", "..", "-", "*", "~", "n/a", "na", "NA", "[c]", "[x]", "[z]", "[low]", "[k]", "[u]", "."}

// standardColumns are the time and geography columns of the standard,
// which a metadata file does not list.
func standardColumns() []string {
	cols := []string{"time_period", "time_identifier", "geographic_level", "old_la_code"}
	for _, l := range levels {
		for _, p := range l.pairs {
			if indexOf(cols, p[0]) < 0 {
				cols = append(cols, p[0], p[1])
			}
		}
	}
	return append(cols, "school_laestab", "school_type")
}

// isTotal reports whether a filter level is the filter's total.
func isTotal(s string) bool { return strings.EqualFold(s, "Total") }
