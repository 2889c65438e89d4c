package main

import (
	"cmp"
	"strconv"
)

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

// cell is one field value, seen the way json-server sees it: filters
// compare its text, sorting compares numbers as numbers and the rest as
// text.
type cell struct {
	num   int64
	str   string
	isNum bool
}

// numCell and strCell make cells.
func numCell(n int64) cell  { return cell{num: n, isNum: true} }
func strCell(s string) cell { return cell{str: s} }

// text is the cell as a query string would spell it.
func (c cell) text() string {
	if c.isNum {
		return strconv.FormatInt(c.num, 10)
	}
	return c.str
}

// compareCells orders two cells: numbers before text, numbers by value,
// text byte-wise.
func compareCells(a, b cell) int {
	switch {
	case a.isNum && b.isNum:
		return cmp.Compare(a.num, b.num)
	case a.isNum:
		return -1
	case b.isNum:
		return 1
	}
	return cmp.Compare(a.str, b.str)
}

// layout tells a table how to read and number records of type T.
type layout[T any] struct {
	// fields reads each field by its JSON name.
	fields map[string]func(*T) cell
	id     func(*T) int64
	setID  func(*T, int64)
}

// userLayout and postLayout describe the two record types.
func userLayout() layout[user] {
	return layout[user]{
		fields: map[string]func(*user) cell{
			"id":       func(u *user) cell { return numCell(u.ID) },
			"username": func(u *user) cell { return strCell(u.Username) },
			"email":    func(u *user) cell { return strCell(u.Email) },
			"role":     func(u *user) cell { return strCell(u.Role) },
			"age":      func(u *user) cell { return numCell(u.Age) },
		},
		id:    func(u *user) int64 { return u.ID },
		setID: func(u *user, id int64) { u.ID = id },
	}
}

func postLayout() layout[post] {
	return layout[post]{
		fields: map[string]func(*post) cell{
			"id":        func(p *post) cell { return numCell(p.ID) },
			"title":     func(p *post) cell { return strCell(p.Title) },
			"body":      func(p *post) cell { return strCell(p.Body) },
			"userId":    func(p *post) cell { return numCell(p.UserID) },
			"createdAt": func(p *post) cell { return strCell(p.CreatedAt) },
		},
		id:    func(p *post) int64 { return p.ID },
		setID: func(p *post, id int64) { p.ID = id },
	}
}
