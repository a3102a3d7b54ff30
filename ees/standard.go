package ees

import (
	"fmt"
	"strings"
)

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

// The time identifiers of the EES standard (its list of allowable time
// values): those of years that span two calendar years take a six-digit
// time_period (202021), the others four.
var (
	sixDigitTimes  = []string{"Academic year", "Financial year", "Tax year", "Autumn term", "Spring term", "Summer term", "Autumn and spring term", "Financial year Q1", "Financial year Q2", "Financial year Q3", "Financial year Q4", "Part 1 (April to September)", "Part 2 (October to March)"}
	fourDigitTimes = []string{"Calendar year", "Reporting year", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// weekPattern matches the time identifiers Week 1 to Week 52, which take a
// four-digit time_period.
const weekPattern = "^Week ([1-9]|[1-4][0-9]|5[0-2])$"

// timeIdentifierRule is the assertion that time_identifier is one of the
// standard's.
func timeIdentifierRule() string {
	return fmt.Sprintf("time_identifier in %s or time_identifier matches %q", list(append(append([]string{}, sixDigitTimes...), fourDigitTimes...)), weekPattern)
}

// timePeriodFormat is the assertion that time_period has the digits its
// time_identifier needs.
func timePeriodFormat() string {
	return fmt.Sprintf(`time_identifier in %s ? time_period matches "^[0-9]{6}$" : time_period matches "^[0-9]{4}$"`, list(sixDigitTimes))
}

// Guidance on the parts of the standard that the checks link to.
const (
	guideFileNames = Guidance + "#file-names"
	guideTime      = Guidance + "#list-of-allowable-time-values"
	guideGeography = Guidance + "#geography-columns"
	guideLevels    = Guidance + "#allowable-geographic-levels"
	guideMetadata  = Guidance + "#mandatory-ees-metadata-columns"
	guideSymbols   = Guidance + "#data-symbols"
	// onsCodes is the ONS Open Geography portal, whose register of
	// geographic codes gives each kind of area the first three characters
	// of its codes.
	onsCodes = "https://geoportal.statistics.gov.uk/"
)

// codeFormat is a geography code column and the ONS entity codes, the
// first three characters, of the areas it holds.
type codeFormat struct {
	column   string
	entities []string
	areas    string // what the entities are, for people
}

// codeFormats are the code columns of the standard whose codes are ONS
// codes: a letter and eight digits, the first three naming the kind of
// area (E92 England, E12 an English region, E06 a unitary authority, …).
var codeFormats = []codeFormat{
	{"country_code", []string{"E92", "W92", "S92", "N92", "K02", "K03", "K04"}, "countries (E92 England, W92 Wales, S92 Scotland, N92 Northern Ireland) or their unions (K02 the United Kingdom, K03 Great Britain, K04 England and Wales)"},
	{"region_code", []string{"E12", "E13"}, "English regions (E12) and Inner and Outer London (E13)"},
	{"new_la_code", []string{"E06", "E08", "E09", "E10"}, "English local authorities: unitary authorities (E06), metropolitan districts (E08), London boroughs (E09) and counties (E10)"},
	{"lad_code", []string{"E06", "E07", "E08", "E09", "W06", "S12", "N09"}, "local authority districts (E06 to E09 in England, W06 Wales, S12 Scotland, N09 Northern Ireland)"},
	{"pcon_code", []string{"E14", "W07", "S14", "N06"}, "parliamentary constituencies (E14 England, W07 Wales, S14 Scotland, N06 Northern Ireland)"},
}

// pattern is the regular expression of a column's codes: an entity code
// and six digits, or several joined by " / " for authorities that publish
// together (North Northamptonshire / West Northamptonshire).
func (f codeFormat) pattern() string {
	one := "(" + strings.Join(f.entities, "|") + ")[0-9]{6}"
	return "^" + one + "( / " + one + ")*$"
}

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
