package schema

// Options configures the server.
type Options struct {
	Port            int    `json:"port,omitempty"`
	Host            string `json:"host,omitempty"`
	CORSEnabled     *bool  `json:"corsEnabled,omitempty"`
	DefaultPageSize int    `json:"defaultPageSize,omitempty"`
	MaxPageSize     int    `json:"maxPageSize,omitempty"`
	MaxBodyBytes    int64  `json:"maxBodyBytes,omitempty"`
	// MaxExpandRecords bounds the records one answer may embed through
	// expand (0: the default, 10000).
	MaxExpandRecords int `json:"maxExpandRecords,omitempty"`
	// MaxDepth bounds how deeply objects and arrays nest in a record, the
	// record itself being the first level (0 means DefaultMaxDepth; see
	// Options.Depth).
	MaxDepth         int             `json:"maxDepth,omitempty"`
	StrictValidation bool            `json:"strictValidation,omitempty"`
	Domain           string          `json:"domain,omitempty"`
	Admin            Admin           `json:"admin,omitempty"`
	Database         Database        `json:"database,omitempty"`
	GenerateData     GenerateData    `json:"generateData,omitempty"`
	Latency          Latency         `json:"latency,omitempty"`
	ErrorSimulation  ErrorSimulation `json:"errorSimulation,omitempty"`
	Seed             int64           `json:"seed,omitempty"`
	Auth             Auth            `json:"auth,omitempty"`
	Docs             Docs            `json:"docs,omitempty"`
	Journal          *Journal        `json:"journal,omitempty"`
	// DBPath is upstream's older name of Database.DBPath, which wins when
	// both are set (see Spec.ResolveAliases).
	DBPath string `json:"dbPath,omitempty"`
	// LogRequests logs every request the server answers through its
	// logger (default: off in the library, on in the command).
	LogRequests *bool `json:"logRequests,omitempty"`
	// LogMaxEntries is upstream's name of the request journal's size,
	// Journal.Size, which wins when both are set.
	LogMaxEntries int `json:"logMaxEntries,omitempty"`
	// AllowPartialResponses lets clients select fields with ?fields=
	// (default true); false makes the parameter a 400.
	AllowPartialResponses *bool `json:"allowPartialResponses,omitempty"`
	// ReadOnly answers 403 FORBIDDEN to every method but GET, HEAD and
	// OPTIONS, as json-server's --read-only does; the admin API and the
	// auth endpoints stay open.
	ReadOnly bool `json:"readOnly,omitempty"`
	// Static is a folder whose files are served, below the API: a path
	// the API serves (the admin API, a resource, a custom route) is never
	// a file's. With it, GET / is the folder's index.html or else a page
	// listing the resources. "" serves no files.
	Static string `json:"static,omitempty"`
	// Rewrites rewrite request URLs before routing, in order, as
	// json-server 0.17's routes.json does (see Rewrite).
	Rewrites []Rewrite `json:"rewrites,omitempty"`
	// Dialect is the HTTP dialect the server speaks: DialectPretendo (the
	// default, contract sections 2 to 4) or DialectJSONServer (json-server
	// 0.17's bare arrays, _page, _sort, _embed and 404 {}), the default of
	// a spec inferred from a json-server database.
	Dialect string `json:"dialect,omitempty"`
	// Server bounds the connections of the HTTP server that pretendo
	// start runs; like Port and Host, it is read by the command, not by a
	// Server mounted in a program's own http.Server.
	Server Server `json:"server,omitempty"`
}

// Rewrite is one rule of options.rewrites: a request whose URL (path and
// query) matches From is served as To, as json-server 0.17 rewrites with
// a routes.json. From is an Express path: ":name" matches a segment, "*"
// anything, the rest literally, case-insensitively, with an optional
// trailing slash. To names the matches by ":name" and by "$1", "$2"...
// in their order. Each rule applies once, to the URL the rules before it
// left.
type Rewrite struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Server bounds the connections of the command's HTTP server. Zero values
// take the defaults the command documents.
type Server struct {
	// ReadTimeout is how long a client may take to send a whole request,
	// body included, in ms.
	ReadTimeout int `json:"readTimeout,omitempty"`
	// WriteTimeout is how long writing an answer may take, in ms, not
	// counting the simulated latency.
	WriteTimeout int `json:"writeTimeout,omitempty"`
	// IdleTimeout is how long a kept-alive connection may wait for its
	// next request, in ms.
	IdleTimeout int `json:"idleTimeout,omitempty"`
	// MaxConnections bounds the connections open at once.
	MaxConnections int `json:"maxConnections,omitempty"`
}

// The dialects a server may speak (Options.Dialect).
const (
	DialectPretendo   = "pretendo"
	DialectJSONServer = "json-server"
)

// PartialResponses reports whether ?fields= is served (default true).
func (o Options) PartialResponses() bool {
	return o.AllowPartialResponses == nil || *o.AllowPartialResponses
}

// CORS reports whether CORS headers are sent (default true).
func (o Options) CORS() bool { return o.CORSEnabled == nil || *o.CORSEnabled }

// Limits of options.maxDepth.
const (
	// DefaultMaxDepth is the nesting a record may have when
	// options.maxDepth is absent: plenty for fake data, and far below what
	// any encoder or decoder on the way refuses.
	DefaultMaxDepth = 32
	// MaxRecordDepth is the largest options.maxDepth a spec may set. A
	// record that deep still sits well within MaxDepth in a spec's data,
	// and within the limits of the file formats that hold records.
	MaxRecordDepth = 512
)

// Depth returns how many levels of objects and arrays a record may nest,
// the record itself being the first: options.maxDepth, or DefaultMaxDepth
// when it is 0. A value nested deeper is refused on every path records
// take (request bodies, typed access, seed and spec data, data and
// snapshot files).
func (o Options) Depth() int {
	if o.MaxDepth > 0 {
		return o.MaxDepth
	}
	return DefaultMaxDepth
}

// Admin configures the admin API.
type Admin struct {
	Enabled *bool  `json:"enabled,omitempty"` // default true
	Path    string `json:"path,omitempty"`    // default /admin
	Token   string `json:"token,omitempty"`
}

// On reports whether the admin API is served (default true).
func (a Admin) On() bool { return a.Enabled == nil || *a.Enabled }

// Database chooses and configures the storage adapter.
type Database struct {
	Adapter       string        `json:"adapter,omitempty"` // json-file | memory | postgres
	DBPath        string        `json:"dbPath,omitempty"`
	DSN           string        `json:"dsn,omitempty"`
	AutoSave      *bool         `json:"autoSave,omitempty"`     // default true
	SaveInterval  *int          `json:"saveInterval,omitempty"` // ms; default 5000
	Snapshots     Snapshots     `json:"snapshots,omitempty"`
	Optimizations Optimizations `json:"optimizations,omitempty"`
	// StrictValidation is upstream's second place for
	// Options.StrictValidation: either one turns strict mode on.
	StrictValidation bool `json:"strictValidation,omitempty"`
}

// Snapshots configures where named snapshots are kept.
type Snapshots struct {
	Enabled   bool   `json:"enabled,omitempty"`
	Directory string `json:"directory,omitempty"`
	// Max bounds the number of snapshots kept (0: the default, 100).
	Max int `json:"max,omitempty"`
}

// Optimizations tunes storage for large data sets.
type Optimizations struct {
	IndexedFields []string `json:"indexedFields,omitempty"`
	CacheSize     int      `json:"cacheSize,omitempty"`
	LazyLoading   bool     `json:"lazyLoading,omitempty"`
}

// GenerateData asks for generated records at start.
type GenerateData struct {
	Enabled bool           `json:"enabled,omitempty"`
	Seed    int64          `json:"seed,omitempty"`
	Counts  map[string]int `json:"counts,omitempty"`
}

// Latency delays responses.
type Latency struct {
	Enabled bool `json:"enabled,omitempty"`
	Fixed   int  `json:"fixed,omitempty"`
	Min     int  `json:"min,omitempty"`
	Max     int  `json:"max,omitempty"`
}

// ErrorSimulation answers a share of requests with an error status.
type ErrorSimulation struct {
	Enabled           bool    `json:"enabled,omitempty"`
	Rate              float64 `json:"rate,omitempty"`
	StatusCodes       []int   `json:"statusCodes,omitempty"`
	QueryParamTrigger string  `json:"queryParamTrigger,omitempty"`
}

// Auth configures token authentication.
type Auth struct {
	Enabled         bool       `json:"enabled,omitempty"`
	Users           []AuthUser `json:"users,omitempty"`
	UserResource    string     `json:"userResource,omitempty"`
	UsernameField   string     `json:"usernameField,omitempty"`
	PasswordField   string     `json:"passwordField,omitempty"`
	EmailField      string     `json:"emailField,omitempty"`
	RoleField       string     `json:"roleField,omitempty"`
	TokenExpiration int        `json:"tokenExpiration,omitempty"` // seconds
	AuthEndpoint    string     `json:"authEndpoint,omitempty"`
	// TokenHeader is the request header the token is read from (default
	// Authorization), as "Bearer <token>" or the bare token.
	TokenHeader string `json:"tokenHeader,omitempty"`
	// SecretKey and JWT configure upstream's token signing. Tokens here
	// are opaque random strings, so neither key signs anything (the
	// server says so once at start); JWT.ExpiresIn sets the token
	// lifetime when TokenExpiration does not (see TokenLifetime).
	SecretKey string `json:"secretKey,omitempty"`
	JWT       *JWT   `json:"jwt,omitempty"`
}

// JWT is upstream's JSON Web Token configuration. Secret signs nothing
// here; ExpiresIn, seconds or a time span such as "1h" (see Lifetime), is
// how long a token lives unless Auth.TokenExpiration is set.
type JWT struct {
	Secret    string `json:"secret,omitempty"`
	ExpiresIn any    `json:"expiresIn,omitempty"`
}

// AuthUser is a user declared directly in the spec.
type AuthUser struct {
	// ID is the user's id, a string or a number: owner rules and $userId
	// defaults use it, as they use a record's primary key.
	ID       any    `json:"id,omitempty"`
	Username string `json:"username"`
	Password string `json:"password"`
	Role     string `json:"role,omitempty"`
	Email    string `json:"email,omitempty"`
}

// Docs configures the OpenAPI document the server publishes (GET /__docs).
type Docs struct {
	// Enabled serves the document; it is on unless set to false.
	Enabled *bool `json:"enabled,omitempty"`
	// RequireAuth makes the document need a signed-in user when
	// options.auth is on.
	RequireAuth bool `json:"requireAuth,omitempty"`
}

// On reports whether the document is served (default true).
func (d Docs) On() bool { return d.Enabled == nil || *d.Enabled }

// Journal configures the request journal.
type Journal struct {
	Size int `json:"size,omitempty"`
}
