package describe

import "github.com/pretendo-go/pretendo/internal/oas"

// signIn describes the login, logout and me endpoints.
func (b *builder) signIn() {
	b.tag("auth", "Sign-in: tokens for the resource routes.")
	tags := []any{"auth"}
	user := oas.New("type", "object", "description", "The user's record without its password, with id, username and role.")
	login := oas.New("operationId", "auth.login", "summary", "Sign in", "tags", tags,
		"requestBody", jsonBody(oas.New("type", "object", "required", []any{"username", "password"}, "properties", oas.New(
			"username", oas.New("type", "string", "minLength", 1),
			"password", oas.New("type", "string", "minLength", 1),
		))),
		"responses", oas.New(
			"200", response("Signed in.", oas.New("type", "object", "required", []any{"token", "user", "expiresAt"}, "properties", oas.New(
				"token", oas.New("type", "string"),
				"user", user,
				"expiresAt", oas.New("type", "integer", "description", "When the token expires, in milliseconds since the Unix epoch."),
			)), nil),
			"400", b.errorResponse("INVALID_CREDENTIALS (a missing or empty username or password), INVALID_JSON", []string{"INVALID_CREDENTIALS", "INVALID_JSON"}),
			"401", b.errorResponse("INVALID_CREDENTIALS: wrong username or password", []string{"INVALID_CREDENTIALS"}),
			"413", b.errorResponse("BODY_TOO_LARGE", []string{"BODY_TOO_LARGE"}),
			"default", b.errorResponse("Any other error.", nil),
		))
	unauthorized := b.errorResponse("UNAUTHORIZED (no token), INVALID_TOKEN", []string{"UNAUTHORIZED", "INVALID_TOKEN"})
	logout := oas.New("operationId", "auth.logout", "summary", "Sign out: the token dies", "tags", tags,
		"security", []any{oas.New("bearer", []any{})},
		"responses", oas.New("204", oas.New("description", "Signed out."), "401", unauthorized, "default", b.errorResponse("Any other error.", nil)))
	me := oas.New("operationId", "auth.me", "summary", "The signed-in user", "tags", tags,
		"security", []any{oas.New("bearer", []any{})},
		"responses", oas.New("200", response("The user.", b.item(user), nil), "401", unauthorized, "default", b.errorResponse("Any other error.", nil)))
	b.paths.Set(b.o.Login, oas.New("post", login, "options", optionsOp("auth.login.options", "POST, OPTIONS")))
	b.paths.Set(b.o.Logout, oas.New("post", logout, "options", optionsOp("auth.logout.options", "POST, OPTIONS")))
	b.paths.Set(b.o.Me, oas.New("get", me, "options", optionsOp("auth.me.options", "GET, HEAD, OPTIONS")))
}
