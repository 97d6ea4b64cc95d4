package static

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ReadRecords returns the JSON of every page's record in a static index
// written for a web server, by page number, reading its files with read,
// which takes a path such as meta.json or d/0.bin. It checks what the
// script relies on: each record is a gzip member of its own, of the size
// d/sizes.json gives, padded, if at all, in its header's extra field
// with one subfield of zeros; and the packs hold every page's record and
// nothing more. It is for tests, here and in package search.
func ReadRecords(read func(rel string) ([]byte, error)) ([][]byte, error) {
	data, err := read("meta.json")
	if err != nil {
		return nil, err
	}
	var meta Meta
	if err := json.Unmarshal(data, &meta); err != nil {
		return nil, fmt.Errorf("meta.json: %v", err)
	}
	if meta.RecordPack <= 0 || meta.RecordUnit <= 0 {
		return nil, fmt.Errorf("meta.json: recordPack %d, recordUnit %d: the records are not in packs", meta.RecordPack, meta.RecordUnit)
	}
	if data, err = read("d/sizes.json.gz"); err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("d/sizes.json.gz: %v", err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("d/sizes.json.gz: %v", err)
	}
	var sizes string
	if err := json.Unmarshal(plain, &sizes); err != nil {
		return nil, fmt.Errorf("d/sizes.json: %v", err)
	}
	var units []int
	for rest := []byte(sizes); len(rest) > 0; {
		var n int
		var ok bool
		if n, rest, ok = nextV64(rest); !ok {
			return nil, fmt.Errorf("d/sizes.json: size %d is not of the text varint", len(units))
		}
		units = append(units, n)
	}
	if len(units) != meta.Docs {
		return nil, fmt.Errorf("d/sizes.json: %d sizes, for %d pages", len(units), meta.Docs)
	}
	var out [][]byte
	for k := 0; k*meta.RecordPack < meta.Docs; k++ {
		rel := fmt.Sprintf("d/%d.bin", k)
		data, err := read(rel)
		if err != nil {
			return nil, err
		}
		at := 0
		for n := k * meta.RecordPack; n < min((k+1)*meta.RecordPack, meta.Docs); n++ {
			size := units[n] * meta.RecordUnit
			if at+size > len(data) {
				return nil, fmt.Errorf("%s: record %d, at %d, of %d bytes, passes the end, %d", rel, n, at, size, len(data))
			}
			recs, err := readRecordPack(data[at:at+size], meta.RecordUnit)
			if err != nil || len(recs) != 1 {
				return nil, fmt.Errorf("%s: record %d, at %d, of %d bytes as d/sizes.json has it: %d records, %v", rel, n, at, size, len(recs), err)
			}
			out = append(out, recs[0])
			at += size
		}
		if at != len(data) {
			return nil, fmt.Errorf("%s: %d bytes, d/sizes.json gives %d", rel, len(data), at)
		}
	}
	return out, nil
}

// readRecordPack returns the JSON of each record in data, part of a
// record pack: gzip members, each of a multiple of unit bytes.
func readRecordPack(data []byte, unit int) ([][]byte, error) {
	var out [][]byte
	for len(data) > 0 {
		br := bytes.NewReader(data)
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		zr.Multistream(false)
		rec, err := io.ReadAll(zr)
		if err != nil {
			return nil, err
		}
		size := len(data) - br.Len()
		if size%unit != 0 {
			return nil, fmt.Errorf("record %d: %d bytes, not a multiple of %d", len(out), size, unit)
		}
		if x := zr.Extra; x != nil && (len(x) < 4 || string(x[:2]) != "IK" || int(x[2])|int(x[3])<<8 != len(x)-4 || strings.Trim(string(x[4:]), "\x00") != "") {
			return nil, fmt.Errorf("record %d: extra field %q", len(out), x)
		}
		if zr.Name != "" || zr.Comment != "" || !zr.ModTime.IsZero() || !json.Valid(rec) {
			return nil, fmt.Errorf("record %d: named %q, %q, at %v, or not JSON: %.80s", len(out), zr.Name, zr.Comment, zr.ModTime, rec)
		}
		out = append(out, rec)
		data = data[size:]
	}
	return out, nil
}
