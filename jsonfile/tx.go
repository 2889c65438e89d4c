package jsonfile

import (
	"github.com/pretendo-go/pretendo/adapter"
)

// trackTx notes whether a transaction wrote anything, so that an Update
// that only read causes no save.
type trackTx struct {
	adapter.WriteTx
	wrote bool
}

// Exists answers without copying the record when the memory state can.
func (t *trackTx) Exists(resource string, id any) (bool, error) {
	return adapter.Exists(t.WriteTx, resource, id)
}

func (t *trackTx) Insert(resource string, rec adapter.Record) error {
	err := t.WriteTx.Insert(resource, rec)
	t.wrote = t.wrote || err == nil
	return err
}

// InsertOwned hands rec over to the memory state, which keeps it.
func (t *trackTx) InsertOwned(resource string, rec adapter.Record) error {
	err := adapter.InsertOwned(t.WriteTx, resource, rec)
	t.wrote = t.wrote || err == nil
	return err
}

func (t *trackTx) Replace(resource string, rec adapter.Record) error {
	err := t.WriteTx.Replace(resource, rec)
	t.wrote = t.wrote || err == nil
	return err
}

func (t *trackTx) Delete(resource string, id any) error {
	err := t.WriteTx.Delete(resource, id)
	t.wrote = t.wrote || err == nil
	return err
}
