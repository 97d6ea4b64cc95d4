package builder

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"time"

	"intkb/builder/model"
)

// The kept front matter (frontcache.go) is written by encodeKeptFront
// and read by decodeKeptFront: each key of the front-matter struct
// (model.Fields), in order, by its kind, with no names. Decoding it is several
// times faster than JSON, which matched every field's name as it went:
// at 10,000 pages, JSON took 0.37 s of an edit build's CPU.
//
//   - A string or a list's length is a uvarint, then the bytes or the
//     items; a number is a varint (a float its bits); a bool a byte.
//   - A pointer, a list and a map start with a uvarint that is 0 for nil,
//     so that nil and empty stay apart: front matter with `tags = []`
//     is not front matter without tags. A map's keys are in order.
//   - A date is its Unix seconds and nanoseconds, read back in UTC, as
//     the front matter's dates are. What a Date notes of a value that is
//     not a date is left out, as it was from JSON: front matter is kept
//     only when it has no problem.
//
// A kind the front matter does not use, such as an interface, is an
// error, and the front matter is not kept.

// encodeKeptFront appends the encoding of v, a pointer to front matter, to b.
func encodeKeptFront(b []byte, v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, fmt.Errorf("cannot keep %T: not a pointer to front matter", v)
	}
	return appendValue(b, rv.Elem())
}

func appendValue(b []byte, v reflect.Value) ([]byte, error) {
	switch v.Kind() {
	case reflect.String:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		return append(b, v.String()...), nil
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1), nil
		}
		return append(b, 0), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(b, v.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return binary.AppendUvarint(b, v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return binary.AppendUvarint(b, math.Float64bits(v.Float())), nil
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, 0), nil
		}
		return appendValue(append(b, 1), v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return append(b, 0), nil
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		for i := range v.Len() {
			var err error
			if b, err = appendValue(b, v.Index(i)); err != nil {
				return nil, err
			}
		}
		return b, nil
	case reflect.Map:
		if v.IsNil() {
			return append(b, 0), nil
		}
		if v.Type().Key().Kind() != reflect.String {
			return nil, fmt.Errorf("cannot keep a map keyed by %s", v.Type().Key())
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		keys := v.MapKeys()
		slices.SortFunc(keys, func(x, y reflect.Value) int { return cmp.Compare(x.String(), y.String()) })
		for _, k := range keys {
			var err error
			if b, err = appendValue(b, k); err != nil {
				return nil, err
			}
			if b, err = appendValue(b, v.MapIndex(k)); err != nil {
				return nil, err
			}
		}
		return b, nil
	case reflect.Struct:
		if v.Type() == model.DateType {
			t := v.Interface().(model.Date).Time
			if t.Location() != time.UTC {
				return nil, errors.New("cannot keep a date that is not in UTC")
			}
			b = binary.AppendVarint(b, t.Unix())
			return binary.AppendVarint(b, int64(t.Nanosecond())), nil
		}
		for _, f := range model.Fields(v.Type()) {
			var err error
			if b, err = appendValue(b, v.FieldByIndex(f.Index)); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("cannot keep a value of kind %s", v.Kind())
}

// decodeKeptFront reads into v, a pointer to front matter of the type
// encodeKeptFront was given, what it wrote, reporting whether all of data
// read back as such.
func decodeKeptFront(data []byte, v any) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return false
	}
	d := frontDecoder{b: data}
	d.value(rv.Elem())
	return !d.bad && len(d.b) == 0
}

// frontDecoder reads what encodeKeptFront wrote. Once what it reads does not
// fit, it is bad, and reads nothing more.
type frontDecoder struct {
	b   []byte
	bad bool
}

func (d *frontDecoder) uvarint() uint64 {
	n, k := binary.Uvarint(d.b)
	return took(d, k, n)
}

func (d *frontDecoder) varint() int64 {
	n, k := binary.Varint(d.b)
	return took(d, k, n)
}

// took passes over the k bytes a number n was read from, and returns it,
// or makes d bad and returns 0 when k says that none could be read.
func took[N int64 | uint64](d *frontDecoder, k int, n N) N {
	if k <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[k:]
	return n
}

// count reads a length that the data left can hold, each item taking a
// byte at least, so that a damaged length cannot ask for more memory
// than the data holds; over is 1 for a list's or a map's, which is one
// more than its length (0 standing for nil).
func (d *frontDecoder) count(over uint64) int {
	n := d.uvarint()
	if n > uint64(len(d.b))+over {
		d.bad, d.b = true, nil
		return 0
	}
	return int(n)
}

func (d *frontDecoder) value(v reflect.Value) {
	if d.bad {
		return
	}
	switch v.Kind() {
	case reflect.String:
		n := d.count(0)
		v.SetString(string(d.b[:n]))
		d.b = d.b[n:]
	case reflect.Bool:
		v.SetBool(d.uvarint() == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := d.varint()
		if v.OverflowInt(n) {
			d.bad = true
			return
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n := d.uvarint()
		if v.OverflowUint(n) {
			d.bad = true
			return
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(math.Float64frombits(d.uvarint()))
	case reflect.Pointer:
		if d.uvarint() == 0 {
			v.SetZero()
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(v.Elem())
	case reflect.Slice:
		n := d.count(1)
		if n == 0 {
			v.SetZero()
			return
		}
		s := reflect.MakeSlice(v.Type(), n-1, n-1)
		for i := range n - 1 {
			d.value(s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		n := d.count(1)
		if n == 0 {
			v.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), n-1)
		for range n - 1 {
			k := reflect.New(v.Type().Key()).Elem()
			e := reflect.New(v.Type().Elem()).Elem()
			d.value(k)
			d.value(e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		if v.Type() == model.DateType {
			s, ns := d.varint(), d.varint()
			if ns < 0 || ns >= int64(time.Second) {
				d.bad = true
				return
			}
			v.Set(reflect.ValueOf(model.Date{Time: time.Unix(s, ns).UTC()}))
			return
		}
		for _, f := range model.Fields(v.Type()) {
			d.value(v.FieldByIndex(f.Index))
		}
	default:
		d.bad = true
	}
}
