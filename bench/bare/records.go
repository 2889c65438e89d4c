package main

import "cmp"

// user is one record of /users, as the benchmark data set holds it.
type user struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	Email    string `json:"email"`
	Role     string `json:"role"`
	Age      int64  `json:"age"`
}

// post is one record of /posts, as the benchmark data set holds it.
type post struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	UserID    int64  `json:"userId"`
	CreatedAt string `json:"createdAt"`
}

// field reads one field of a T: num for number fields, str for text
// fields; the other is nil.
type field[T any] struct {
	num func(*T) int64
	str func(*T) string
}

// compare orders a and b by the field: numbers by value, text byte-wise.
func (f field[T]) compare(a, b *T) int {
	if f.num != nil {
		return cmp.Compare(f.num(a), f.num(b))
	}
	return cmp.Compare(f.str(a), f.str(b))
}

// numField and strField make fields.
func numField[T any](read func(*T) int64) field[T]  { return field[T]{num: read} }
func strField[T any](read func(*T) string) field[T] { return field[T]{str: read} }

// layout tells a table how to read and number records of type T.
type layout[T any] struct {
	// fields reads each field by its JSON name.
	fields map[string]field[T]
	id     func(*T) int64
	setID  func(*T, int64)
}

// userLayout and postLayout describe the two record types.
func userLayout() layout[user] {
	return layout[user]{
		fields: map[string]field[user]{
			"id":       numField(func(u *user) int64 { return u.ID }),
			"username": strField(func(u *user) string { return u.Username }),
			"email":    strField(func(u *user) string { return u.Email }),
			"role":     strField(func(u *user) string { return u.Role }),
			"age":      numField(func(u *user) int64 { return u.Age }),
		},
		id:    func(u *user) int64 { return u.ID },
		setID: func(u *user, id int64) { u.ID = id },
	}
}

func postLayout() layout[post] {
	return layout[post]{
		fields: map[string]field[post]{
			"id":        numField(func(p *post) int64 { return p.ID }),
			"title":     strField(func(p *post) string { return p.Title }),
			"body":      strField(func(p *post) string { return p.Body }),
			"userId":    numField(func(p *post) int64 { return p.UserID }),
			"createdAt": strField(func(p *post) string { return p.CreatedAt }),
		},
		id:    func(p *post) int64 { return p.ID },
		setID: func(p *post, id int64) { p.ID = id },
	}
}
