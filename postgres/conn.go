package postgres

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Round trips. A View's REPEATABLE READ transaction begins in the same
// round trip as its first statement, and ends in the same round trip as
// the first statement of whatever next uses its connection: when the View
// returns, its connection goes, with the read transaction still open, to
// the call waiting longest for one, or else is parked for the next, which
// sends ROLLBACK ahead of its own BEGIN, or, when it is a View too,
// ROLLBACK AND CHAIN, which ends the read and begins another like it in
// one statement (the snapshot is taken by the first query after it, not
// by the statement itself). A View that reads one record thus
// costs one round trip, as a bare query does. A connection parked for
// longer than linger has its transaction ended and goes back to the pool,
// so that an idle server holds no snapshot and no lock for longer than
// that.
//
// Every connection is taken through the parking, which counts those it
// holds against the pool's size: calls beyond it wait in line there, and
// never in the pool, where a parked connection could not reach them.

// linger is how long a parked connection keeps its read transaction.
const linger = 50 * time.Millisecond

// Statements that open and close transactions.
const (
	beginRead  = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	beginWrite = "BEGIN ISOLATION LEVEL READ COMMITTED"
	endRead    = "ROLLBACK"
	// chainRead ends a parked read and begins the next with the same
	// characteristics: only Views park their connection, so it is
	// beginRead's transaction, in one statement instead of two.
	chainRead = "ROLLBACK AND CHAIN"
)

// parking hands out the DB's connections.
type parking struct {
	mu      sync.Mutex
	conns   []parked // with a read transaction open; the most recently parked last
	waiters []chan *pgxpool.Conn
	held    int // connections taken from the pool and not given back
	max     int // the pool's size
	timer   *time.Timer
	closed  bool
}

type parked struct {
	c     *pgxpool.Conn
	since time.Time
}

// take returns a connection: a parked one, or one handed over by a call
// that ended, whose read transaction the caller must end (open is then
// true), or else one from the pool. When the DB holds as many connections
// as the pool has, it waits in line for one.
func (db *DB) take(ctx context.Context) (c *pgxpool.Conn, open bool, err error) {
	p := &db.parking
	for {
		p.mu.Lock()
		if n := len(p.conns); n > 0 {
			c = p.conns[n-1].c
			p.conns[n-1] = parked{}
			p.conns = p.conns[:n-1]
			p.mu.Unlock()
			return c, true, nil
		}
		if p.held < p.max || p.closed {
			p.held++
			p.mu.Unlock()
			if c, err = db.pool.Acquire(ctx); err != nil {
				db.returned()
				return nil, false, ctxOr(ctx, wrap("connecting", err))
			}
			return c, false, nil
		}
		// Buffered: park and returned send under the lock, without waiting.
		ch := make(chan *pgxpool.Conn, 1)
		p.waiters = append(p.waiters, ch)
		p.mu.Unlock()
		select {
		case c = <-ch:
			if c != nil {
				return c, true, nil
			}
			// A connection went back to the pool: try again.
		case <-ctx.Done():
			p.mu.Lock()
			i := slices.Index(p.waiters, ch)
			if i >= 0 {
				p.waiters = slices.Delete(p.waiters, i, i+1)
			}
			p.mu.Unlock()
			if i < 0 {
				// Served meanwhile: pass it on.
				if c = <-ch; c != nil {
					db.park(c)
				} else {
					db.wake()
				}
			}
			return nil, false, ctx.Err()
		}
	}
}

// acquire returns a connection in no transaction, for the calls that begin
// their own.
func (db *DB) acquire(ctx context.Context) (*pgxpool.Conn, error) {
	c, open, err := db.take(ctx)
	if err != nil || !open {
		return c, err
	}
	if _, err := c.Exec(ctx, endRead); err != nil {
		db.release(c)
		return nil, ctxOr(ctx, wrap("ending a read", err))
	}
	return c, nil
}

// park hands c, whose read transaction is open, to the call waiting
// longest, or keeps it for the next; a connection in any other state is
// released.
func (db *DB) park(c *pgxpool.Conn) {
	pc := c.Conn().PgConn()
	if pc.IsClosed() || pc.IsBusy() || pc.TxStatus() != 'T' {
		db.release(c)
		return
	}
	p := &db.parking
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		db.release(c)
		return
	}
	if len(p.waiters) > 0 {
		ch := p.waiters[0]
		p.waiters = slices.Delete(p.waiters, 0, 1)
		ch <- c
		p.mu.Unlock()
		return
	}
	p.conns = append(p.conns, parked{c: c, since: time.Now()})
	if p.timer == nil {
		p.timer = time.AfterFunc(linger, db.reap)
	}
	p.mu.Unlock()
}

// returned counts a connection given back to the pool, and tells the call
// waiting longest, if any, to take one from there.
func (db *DB) returned() {
	p := &db.parking
	p.mu.Lock()
	p.held--
	p.mu.Unlock()
	db.wake()
}

// wake tells the call waiting longest, if any, to try again.
func (db *DB) wake() {
	p := &db.parking
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.waiters) > 0 {
		ch := p.waiters[0]
		p.waiters = slices.Delete(p.waiters, 0, 1)
		ch <- nil
	}
}

// reap ends the read transactions parked for linger or longer.
func (db *DB) reap() {
	p := &db.parking
	now := time.Now()
	p.mu.Lock()
	p.timer = nil
	// conns is in parking order: the stale ones come first.
	n := 0
	for n < len(p.conns) && now.Sub(p.conns[n].since) >= linger {
		n++
	}
	stale := make([]*pgxpool.Conn, n)
	for i := range n {
		stale[i] = p.conns[i].c
	}
	p.conns = append(p.conns[:0], p.conns[n:]...)
	if len(p.conns) > 0 && !p.closed {
		p.timer = time.AfterFunc(linger-now.Sub(p.conns[0].since), db.reap)
	}
	p.mu.Unlock()
	for _, c := range stale {
		db.release(c)
	}
}

// unpark ends every parked read transaction and refuses new ones: Close
// calls it before closing the pool, which waits for every connection.
func (db *DB) unpark() {
	p := &db.parking
	p.mu.Lock()
	p.closed = true
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	for _, pc := range conns {
		db.release(pc.c)
	}
}

// release ends c's transaction, if any, and returns c to the pool (which
// discards a broken connection).
func (db *DB) release(c *pgxpool.Conn) {
	pc := c.Conn().PgConn()
	if !pc.IsClosed() && !pc.IsBusy() && pc.TxStatus() != 'I' {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if _, err := c.Exec(ctx, endRead); err != nil {
			_ = c.Conn().Close(ctx)
		}
		cancel()
	}
	c.Release()
	db.returned()
}

// session is the connection of one View or Update. A View's session takes
// its connection on the first statement and sends the statements it owes
// (the end of a parked read, its own BEGIN) in the same round trip.
type session struct {
	db      *DB
	c       *pgxpool.Conn // nil until the first statement, and after end
	begin   string        // what a new connection starts with
	pending []string
	ended   bool
}

// errEnded reports a statement through a transaction whose function has
// returned.
var errEnded = errors.New("postgres: transaction used after its function returned")

// conn returns the session's connection, taking one on first use.
func (s *session) conn(ctx context.Context) (*pgxpool.Conn, error) {
	if s.ended {
		return nil, errEnded
	}
	if s.c != nil {
		return s.c, nil
	}
	c, open, err := s.db.take(ctx)
	if err != nil {
		return nil, err
	}
	s.c = c
	if open && s.begin == beginRead {
		s.pending = append(s.pending, chainRead)
		return c, nil
	}
	if open {
		s.pending = append(s.pending, endRead)
	}
	if s.begin != "" {
		s.pending = append(s.pending, s.begin)
	}
	return c, nil
}

// Query runs sql, after the statements the session owes, in one round trip.
func (s *session) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	c, err := s.conn(ctx)
	if err != nil {
		return nil, err
	}
	if len(s.pending) == 0 {
		return c.Query(ctx, sql, args...)
	}
	b := &pgx.Batch{}
	for _, p := range s.pending {
		b.Queue(p)
	}
	b.Queue(sql, args...)
	n := len(s.pending)
	s.pending = nil
	br := c.SendBatch(ctx, b)
	for range n {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return nil, err
		}
	}
	rows, err := br.Query()
	if err != nil {
		_ = br.Close()
		return nil, err
	}
	return &batchRows{Rows: rows, br: br}, nil
}

// QueryRow is Query for one row.
func (s *session) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	rows, err := s.Query(ctx, sql, args...)
	return &oneRow{rows: rows, err: err}
}

// flush sends the statements the session owes on their own.
func (s *session) flush(ctx context.Context) (*pgxpool.Conn, error) {
	c, err := s.conn(ctx)
	if err != nil || len(s.pending) == 0 {
		return c, err
	}
	b := &pgx.Batch{}
	for _, p := range s.pending {
		b.Queue(p)
	}
	s.pending = nil
	if err := c.SendBatch(ctx, b).Close(); err != nil {
		return nil, err
	}
	return c, nil
}

// Exec runs one statement.
func (s *session) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	c, err := s.flush(ctx)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	return c.Exec(ctx, sql, args...)
}

// SendBatch sends b.
func (s *session) SendBatch(ctx context.Context, b *pgx.Batch) (pgx.BatchResults, error) {
	c, err := s.flush(ctx)
	if err != nil {
		return nil, err
	}
	return c.SendBatch(ctx, b), nil
}

// end gives the connection up: parked with its read transaction open, or
// released.
func (s *session) end(keep bool) {
	s.ended = true
	c := s.c
	s.c = nil
	if c == nil {
		return
	}
	if keep && len(s.pending) == 0 {
		s.db.park(c)
		return
	}
	s.db.release(c)
}

// batchRows is the rows of the last statement of a batch; it closes the
// batch when they end, which frees the connection for the next statement.
type batchRows struct {
	pgx.Rows
	br     pgx.BatchResults
	err    error
	closed bool
}

func (r *batchRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.Close()
	return false
}

func (r *batchRows) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.Rows.Close()
	if err := r.br.Close(); err != nil && r.err == nil {
		r.err = err
	}
}

func (r *batchRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.err
}

// oneRow reads the first row of rows, as pgx.Row does.
type oneRow struct {
	rows pgx.Rows
	err  error
}

func (r *oneRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	r.rows.Close()
	return r.rows.Err()
}
