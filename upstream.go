package pretendo

// warnUpstream logs, once at Open, what the server does differently from
// upstream Pretendo with keys of the spec it accepts: tokens are opaque
// (options.auth.secretKey and options.auth.jwt.secret sign nothing), a
// tokenExpiration that overrides jwt.expiresIn, an alias lost to the key it
// stands for (see Spec.ResolveAliases), and a database path the memory
// adapter does not use.
func (s *Server) warnUpstream(lost []string) {
	o := s.spec.Options
	log := s.cfg.logger
	if o.Auth.Enabled && (o.Auth.SecretKey != "" || o.Auth.JWT != nil) {
		log.Warn("auth: tokens are opaque random strings, not JWTs; options.auth.secretKey and options.auth.jwt.secret sign nothing")
	}
	if o.Auth.Enabled && o.Auth.TokenExpiration > 0 && o.Auth.JWT != nil && o.Auth.JWT.ExpiresIn != nil {
		log.Warn("auth: options.auth.tokenExpiration wins over options.auth.jwt.expiresIn",
			"tokenExpiration", o.Auth.TokenExpiration, "expiresIn", o.Auth.JWT.ExpiresIn)
	}
	for _, note := range lost {
		log.Warn(note)
	}
	if s.cfg.adapter == nil && (o.Database.Adapter == "" || o.Database.Adapter == AdapterMemory) && o.Database.DBPath != "" {
		log.Warn("the memory adapter keeps data in memory; options.database.dbPath is used by the json-file adapter only", "dbPath", o.Database.DBPath)
	}
}
