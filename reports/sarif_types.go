package reports

// The subset of SARIF 2.1.0 that figcheck writes, as plain structs. Field
// names follow the specification (OASIS SARIF 2.1.0, errata 01); the
// mapping from a check's result is in sarif.go.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind,omitempty"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string                     `json:"name"`
	InformationURI string                     `json:"informationUri,omitempty"`
	Rules          []sarifReportingDescriptor `json:"rules"`
}

type sarifReportingDescriptor struct {
	ID                   string                       `json:"id"`
	Name                 string                       `json:"name,omitempty"`
	ShortDescription     *sarifMultiformatMessage     `json:"shortDescription,omitempty"`
	FullDescription      *sarifMultiformatMessage     `json:"fullDescription,omitempty"`
	Help                 *sarifMultiformatMessage     `json:"help,omitempty"`
	DefaultConfiguration *sarifReportingConfiguration `json:"defaultConfiguration,omitempty"`
}

type sarifMultiformatMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifReportingConfiguration struct {
	Level string `json:"level,omitempty"`
}

type sarifResult struct {
	RuleID           string           `json:"ruleId"`
	RuleIndex        int              `json:"ruleIndex"`
	Level            string           `json:"level"`
	Message          sarifMessage     `json:"message"`
	Locations        []sarifLocation  `json:"locations,omitempty"`
	RelatedLocations []sarifLocation  `json:"relatedLocations,omitempty"`
	Properties       *sarifProperties `json:"properties,omitempty"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *sarifMessage          `json:"message,omitempty"`
	Properties       *jsonProvenance        `json:"properties,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine,omitempty"`
	StartColumn int `json:"startColumn,omitempty"`
}

// sarifProperties is the property bag of a finding's result: what it is
// about and by how much it fails, for programs that read the SARIF.
type sarifProperties struct {
	Subject      string     `json:"subject"`
	Expr         string     `json:"expr"`
	Computation  string     `json:"computation"`
	Gap          *jsonFloat `json:"gap,omitempty"`
	GapAsWritten *jsonFloat `json:"gapAsWritten,omitempty"`
	Tolerance    *jsonFloat `json:"tolerance,omitempty"`
	// Culprits are the figures most likely wrong, as in the JSON report.
	Culprits []jsonCulprit `json:"culprits,omitempty"`
}
