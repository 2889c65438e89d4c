package main

// usageText is the help of the pretendo command.
const usageText = `Pretendo serves a fake REST API from a YAML or JSON spec.

Usage:
  pretendo start [SPEC] [flags]   serve SPEC (the embedded blog example when omitted)
  pretendo validate SPEC          check SPEC; print every problem with its path
  pretendo openapi [SPEC]         print the OpenAPI 3.1 document of SPEC (--format yaml)
  pretendo version                print the version (also -V, --version)
  pretendo help [start]           print this help, or the flags of start

SPEC is a YAML or JSON file (a pretendo spec, or an OpenAPI 3.0 or 3.1
document, served as a stateful mock), or - to read standard input. A
json-server database (db.json: resource names to arrays of records) is a
SPEC too: pretendo start db.json serves it as json-server 0.17 does,
keeping the data in that file (see "pretendo help start" for --id and
--foreignKeySuffix).

Exit codes: 0 success, 1 failure (invalid spec, port in use, unwritable
database file), 2 bad command line (unknown flag, bad value).
`

// startUsageText is the help of pretendo start.
const startUsageText = `Usage: pretendo start [SPEC] [flags]

Serves SPEC (a YAML or JSON file, - for standard input, or the embedded
blog example when omitted) until interrupted. A flag beats the spec.

Server:
  -p, --port N              port (default: options.port, else 3000; 0 picks a free one)
      --host HOST           host or IP to listen on (default: options.host, else localhost)
      --no-cors, --nc       send no CORS headers
  -d, --delay MS            answer every request after MS milliseconds (0 to 600000)
      --read-only, --ro     refuse every method but GET, HEAD and OPTIONS with a 403
                            (the admin API and the auth endpoints stay open)
  -s, --static DIR          serve the files of DIR below the API, and at / its
                            index.html or a page listing the resources (default:
                            ./public when it exists; --no-static serves none)
  -r, --routes FILE         rewrite URLs by the rules of FILE, a json-server routes
                            file: {"/api/*": "/$1", "/:resource/:id/show": "/:resource/:id"}
  -w, --watch               reload the spec, routes and json-file data files when they
                            change; a file that does not load keeps the running API
      --error-rate R        fail a share R of requests (0 to 1) with a simulated error
      --shutdown-timeout D  on Ctrl+C, let requests in flight finish for D (default 10s)
      --journal N           keep the last N requests for GET /admin/requests and the
                            dashboard (default: options.journal.size, else 1000; 0 off)
      --server.readTimeout MS, --server.writeTimeout MS, --server.idleTimeout MS
                            a request (body included) must arrive within 30000 ms, an
                            answer be written within 60000 ms (both plus the simulated
                            latency), an idle connection waits 60000 ms at most
      --server.maxConnections N
                            connections open at once (default 4096); at the limit the
                            connection idle longest is closed to make room

json-server database (SPEC is a db.json):
  -i, --id FIELD            the primary key field of every resource (default id)
      --foreignKeySuffix S, --fks S
                            the end of the fields that reference another resource,
                            as postId references posts (default Id)

Data:
      --db PATH             keep the data in the JSON file PATH (json-file adapter).
                            Without --db and without options.database in the spec,
                            the data lives in ./data/db.json.
      --reset               start from the initial state, discarding the stored data
      --snapshot NAME       start from the snapshot NAME (needs options.database.snapshots
                            with enabled: true and a directory)
      --seed FILE           add the records of FILE (YAML or JSON: resource -> records)

Output:
  -q, --quiet               no banner but the URL line, no log but warnings and errors
                            (the access log alone: options.logRequests: false)
      --log-format FORMAT   text (default) or json

Accepted for scripts written for the TypeScript CLI, which this command
already behaves as they ask: --no-interactive, --no-prompt.

Any option of the spec:
      --PATH=VALUE, --PATH VALUE
                            set options.PATH, with or without the "options." prefix:
                            --database.adapter=memory  --generateData.seed=7
                            --options.maxPageSize=50   --generateData.counts='{"users":500}'
                            VALUE is read as JSON when it is JSON (numbers, true, false,
                            null, arrays, objects, "quoted strings"), else as text.
                            options.seed is --options.seed=N (--seed takes a data file).
`
