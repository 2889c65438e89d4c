// Package pretendo serves a complete fake REST API from a YAML or JSON spec,
// for tests and for front-end work.
//
// # Quick start
//
//	spec, err := pretendo.LoadSpec("testdata/blog.yml")
//	if err != nil {
//		t.Fatal(err)
//	}
//	srv := pretendo.New(spec)
//	defer srv.Close()
//	ts := httptest.NewServer(srv)
//	defer ts.Close()
//	resp, err := http.Get(ts.URL + "/users?role=admin&sortBy=-createdAt")
//
// A [Server] is an [net/http.Handler]: it can be mounted under a prefix with
// [net/http.StripPrefix] or routed to from any router. The caller should call
// [Server.Close] when finished.
//
// # The spec
//
// A spec lists resources, each with fields (string, number, integer,
// boolean, date, object, array, uuid) and their rules (required, unique,
// enum, min, max, minLength, maxLength, pattern, defaultValue with $now,
// $uuid, $increment, $userId for the signed-in user's id and $hash for the
// SHA-256 hex of the value sent), references between resources with an
// onDelete action (cascade, restrict, nullify), and relationships (hasOne,
// hasMany, belongsTo, manyToMany) used by nested routes and expand. Initial
// records go under data (or a resource's initialData), server settings
// under options. [ParseSpec] and [LoadSpec] read YAML by YAML 1.2 rules, as
// the TypeScript Pretendo's js-yaml 4 does (NO and on are strings, 01234 is
// 1234), are strict, and report every problem at once, each with its path,
// line and column, in a [*SpecError]. Specs written for the TypeScript
// Pretendo load unchanged: every key of its config types works, and the few
// that cannot apply here (auth.secretKey and auth.jwt.secret, which sign
// nothing since tokens are opaque, and docs) are accepted with a warning
// through the server's logger at Open; auth.jwt.expiresIn sets the token
// lifetime unless auth.tokenExpiration does.
//
// A json-server database (db.json: resource names to arrays of records) is
// a spec too: LoadSpec infers its types, id and references, keeps the data
// in that file and serves it in json-server 0.17's dialect, which any spec
// may choose with options.dialect: json-server (bare arrays, _page, _sort,
// _like, _embed, 404 {}; see the README's "Coming from json-server").
//
// # Routes
//
//	GET    /{r}            a page of records, with X-Total-Count and Link
//	POST   /{r}            201 and Location
//	GET    /{r}/{id}       one record
//	PUT    /{r}/{id}       whole replacement
//	PATCH  /{r}/{id}       shallow merge; null removes a key
//	DELETE /{r}/{id}       204
//	GET    /{r}/{id}/{rel} related records (by relationship name)
//	POST   /{r}/{id}/{rel} a new hasMany child with its foreign key set
//	GET    /               the resources served
//
// Lists answer {"data":[...],"meta":{"pagination":{...}}}, single records
// {"data":{...}}.
//
// # Queries
//
// Lists take field=value (read by the field's type; repeated means any of
// them), field[op]=value with eq, ne, gt, gte, lt, lte, in, nin, contains,
// startsWith, endsWith and exists, i:field for case-insensitive matching,
// q for a search in every string field, sortBy=a,-b, page and perPage,
// fields=a,b (unless options.allowPartialResponses is false) and
// expand=author,comments.user. Fields a resource does not declare can be
// queried too: their query values are read by each record's stored JSON
// type, and strings that are dates compare and sort as instants; with
// options.strictValidation naming one is an error. Anything the server
// cannot read is a 400 INVALID_QUERY naming the parameter; so is an expand
// that would embed more than options.maxExpandRecords (10,000) records.
//
// # Errors
//
// Every HTTP error is {"status","message","code","details"}, with codes
// such as RECORD_NOT_FOUND, VALIDATION_FAILED and CONFLICT. In Go, errors
// wrap [ErrNotFound], [ErrConflict], [ErrValidation], [ErrInvalidQuery],
// [ErrNotSaved], [ErrSaveFailed], [ErrUnavailable] or [ErrInvalidSpec];
// [*ValidationError] and [*ConflictError] carry the failing fields.
//
// A record may nest objects and arrays options.maxDepth levels deep
// ([DefaultMaxDepth], 32, the record itself being the first); a deeper
// value is a 422 VALIDATION_FAILED on every write path. With a json-file
// store that saves on every write (saveInterval: 0), a write whose save
// fails is undone and answered 503 SAVE_FAILED, so it may be sent again;
// a POST /admin/save that fails is a 503 SAVE_FAILED too ([ErrSaveFailed]),
// and changes nothing. A json-file whose background load
// (optimizations.lazyLoading) failed answers what needs records with a 503
// STORE_UNAVAILABLE ([ErrUnavailable]) naming the file, line and column.
//
// # Typed access
//
// [Collection] gives typed access to one resource with the same rules as
// HTTP:
//
//	users := pretendo.Collection[User](srv, "users")
//	u, err := users.Create(ctx, User{Email: "ada@example.com"})
//	page, err := users.Find(ctx, "role=admin&sortBy=-id")
//
// # Go values
//
// Records that Go code hands in (a seed callback's, the spec's data, typed
// access, a State given to the memory adapter) may hold any Go value that
// has a JSON form: every int and uint kind, float32, [encoding/json.Number],
// [time.Time], pointers, slices, maps and structs with json tags. They are
// normalized once, on the way in, to the values a JSON body would have
// given (see [github.com/pretendo-go/pretendo/adapter.Normalize]):
// numbers become float64 (a json.Number that spells an integer a float64
// cannot hold exactly keeps its digits, as in a JSON body), a time.Time an
// RFC 3339 string in UTC. A value without a JSON form (a channel, a func,
// NaN, ±Inf, a Go integer beyond ±(2^53-1)) is an error wrapping
// [ErrValidation] that names the resource, the record's index and the
// field:
//
//	pretendo: seed.users[1]: validation failed: score: NaN is not a JSON number
//
// # Network simulation
//
// options.latency delays answers (fixed, or uniform in min..max ms; a
// resource's own latency overrides it, and a custom route's overrides
// both) and gives up at once when the client does. options.errorSimulation answers a share of requests with
// one of its status codes and code SIMULATED_ERROR, and ?errorCode=503
// forces one. Both draw from options.seed (else [WithRandSeed]), so a run
// repeats exactly.
//
// # Auth
//
// With options.auth.enabled, POST /auth/login {"username","password"}
// answers {"token","user","expiresAt"}, POST /auth/logout revokes the token
// and GET /auth/me shows its user. Users are the records of
// options.auth.userResource, whose passwords are stored hashed (bcrypt) and
// never answered, and the users of options.auth.users (an id there lets
// owner rules and $userId work for them). Every resource route then needs
// "Authorization: Bearer <token>" (or the header options.auth.tokenHeader
// names), and a resource's access rules
// (role names, "*" for any signed-in user, "owner" with ownedBy) decide
// each action: a 401 UNAUTHORIZED or INVALID_TOKEN, or a 403 FORBIDDEN,
// answers the others. A new password ends the user's other sessions.
// [Server.Login] and [Server.TokenFor] give tests a token; typed access
// ([Collection]) bypasses the rules.
//
// # Custom routes
//
// The spec's routes answer a fixed response, with "{param}" placeholders
// filled in from ":param" or "{param}" path segments, or from a last
// "{*param}" segment that takes the rest of the path; [WithRoute] answers
// with a Go handler, which reads parameters with [PathParam]. Custom
// routes win over resource routes for the methods they serve, and answer
// paths under the admin path that the admin API does not serve. They are
// public unless their auth asks for a signed-in user, or for one of its
// roles. Routes of type javascript answer 501 NOT_IMPLEMENTED.
//
// # Request journal
//
// The server records the requests it answers, the last [DefaultJournalSize]
// unless options.journal.size (upstream's options.logMaxEntries) or
// [WithJournal] says otherwise. [Server.Requests] returns them, with id,
// method, path, query, headers, body, status, time, duration and the
// answer's body, and [Server.ClearRequests] forgets them. With options.logRequests true each
// one is also logged through the [WithLogger] logger. Package pretendotest
// asserts on them:
//
//	pretendotest.AssertCalled(t, srv, "POST", "/posts")
//	pretendotest.AssertCalledTimes(t, srv, "GET", "/posts/:id", 2)
//
// Clients that are not Go read the journal over HTTP, under the admin path
// and its token: GET {admin}/requests (newest first; filters method, path
// with wildcards, status, since, limit), GET {admin}/requests/count,
// DELETE {admin}/requests, and a live stream of server-sent events at
// GET {admin}/requests/stream. A dashboard, embedded in the server, lives
// at {admin}/ui/: the data, snapshots and the live journal in a browser.
//
// # Isolating tests
//
// [Server.Snapshot] saves the whole state under a name and [Server.Restore]
// brings it back atomically, id counters included; [Server.Reset] returns to
// the initial state and [Server.Fork] gives an independent server starting
// from the current one. With the default memory store all of these cost
// microseconds whatever the number of records, so a suite can seed one
// server and give every parallel test its own fork. Restore and Reset keep
// the request journal ([Server.ClearRequests] empties it); subtests that
// share a server begin with pretendotest.Isolate, which gives them fresh
// data and an empty journal in one call.
//
// # Concurrency
//
// All exported methods are safe for concurrent use. Every write runs in one
// transaction of the adapter together with the checks that guard it, so a
// write happens whole or not at all and concurrent writers never leave an
// orphan. Two Servers in one process share nothing.
package pretendo
