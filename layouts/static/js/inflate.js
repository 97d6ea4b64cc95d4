/*
 * inflate.js decompresses the static search index's files, gzip
 * (RFC 1952) of deflate data (RFC 1951), in a browser without
 * DecompressionStream (Safari before 16.4): search.js loads it only
 * there, so that every other browser fetches none of it. It hands over
 * gunzip as window.intkbInflate, or as its exports under node, for the
 * tests.
 */
(function (global) {
  'use strict';

  // gunzip returns the data of a gzip file of one member: past its
  // header, inflated, as long as its trailer says.
  function gunzip(b) {
    if (b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) throw new Error('gzip: not a gzip file of deflate data');
    var flags = b[3], at = 10;
    if (flags & 4) at += 2 + (b[at] | b[at + 1] << 8); // FEXTRA: its length, then it
    if (flags & 8) while (b[at++]); // FNAME, ending in a zero byte
    if (flags & 16) while (b[at++]); // FCOMMENT, the same
    if (flags & 2) at += 2; // FHCRC
    var n = b.length, size = (b[n - 4] | b[n - 3] << 8 | b[n - 2] << 16 | b[n - 1] << 24) >>> 0;
    return inflate(b.subarray(at, n - 8), size);
  }

  // huffman returns the canonical Huffman code of these code lengths, one
  // a symbol (RFC 1951, 3.2.2), as inflate decodes it: how many codes
  // each length has, and the symbols in code order.
  function huffman(lengths) {
    var counts = new Array(16).fill(0), next = [0, 0], symbols = [];
    lengths.forEach(function (l) { counts[l]++; });
    for (var l = 1; l < 15; l++) next[l + 1] = next[l] + counts[l];
    lengths.forEach(function (l, s) { if (l) symbols[next[l]++] = s; });
    return { counts: counts, symbols: symbols };
  }

  // The base and the extra bits of each length symbol, 257 onwards, and
  // of each distance symbol (RFC 1951, 3.2.5); the fixed code (3.2.6);
  // and the order a dynamic block gives its code-length code in (3.2.7).
  var LEN_BASE = [], LEN_EXTRA = [], DIST_BASE = [], DIST_EXTRA = [];
  for (var ci = 0, lenBase = 3, distBase = 1; ci < 30; ci++) {
    LEN_EXTRA[ci] = ci < 8 ? 0 : (ci - 4) >> 2;
    LEN_BASE[ci] = lenBase;
    lenBase += 1 << LEN_EXTRA[ci];
    DIST_EXTRA[ci] = ci < 4 ? 0 : (ci - 2) >> 1;
    DIST_BASE[ci] = distBase;
    distBase += 1 << DIST_EXTRA[ci];
  }
  LEN_BASE[28] = 258; LEN_EXTRA[28] = 0;
  var FIXED_LIT = huffman(Array.from({ length: 288 }, function (_, s) { return s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8; })),
    FIXED_DIST = huffman(new Array(30).fill(5)),
    CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

  // inflate returns the size bytes that src, deflate data, holds: blocks
  // stored, or in the fixed or a dynamic Huffman code. It reads a bit at
  // a time, as the RFC tells it, which is quick enough for files of a few
  // kilobytes in the few browsers that need it.
  function inflate(src, size) {
    var out = new Uint8Array(size), o = 0, at = 0, bit = 0;
    function bits(n) { // the next n bits, the first read the least significant
      var v = 0;
      for (var k = 0; k < n; k++) {
        if (at >= src.length) throw new Error('inflate: the data ends early');
        v |= (src[at] >> bit & 1) << k;
        if (++bit === 8) { bit = 0; at++; }
      }
      return v;
    }
    function decode(code) { // the next symbol in code; its bits come first bit first
      for (var l = 1, c = 0, first = 0, index = 0; l < 16; l++, c <<= 1) {
        c |= bits(1);
        if (c - first < code.counts[l]) return code.symbols[index + c - first];
        index += code.counts[l];
        first = (first + code.counts[l]) << 1;
      }
      throw new Error('inflate: a code its table lacks');
    }
    function put(byte) {
      if (o === size) throw new Error('inflate: longer than the gzip trailer says');
      out[o++] = byte;
    }
    function dynamicCodes() { // a dynamic block's codes: [literal and length, distance]
      var nlit = bits(5) + 257, ndist = bits(5) + 1, nclen = bits(4) + 4, lengths = new Array(19).fill(0);
      for (var i = 0; i < nclen; i++) lengths[CODE_LENGTH_ORDER[i]] = bits(3);
      var clen = huffman(lengths);
      lengths = [];
      while (lengths.length < nlit + ndist) {
        var s = decode(clen);
        if (s < 16) { lengths.push(s); continue; }
        if (s === 16 && !lengths.length) throw new Error('inflate: a repeat of no length');
        var repeat = s === 16 ? 3 + bits(2) : s === 17 ? 3 + bits(3) : 11 + bits(7), value = s === 16 ? lengths[lengths.length - 1] : 0;
        while (repeat--) lengths.push(value);
      }
      return [huffman(lengths.slice(0, nlit)), huffman(lengths.slice(nlit, nlit + ndist))];
    }
    for (var last = 0; !last;) {
      last = bits(1);
      var type = bits(2);
      if (type === 0) { // stored: from the next byte, its length, the length's complement, its bytes
        if (bit) { bit = 0; at++; }
        var n = src[at] | src[at + 1] << 8;
        if (at + 4 + n > src.length) throw new Error('inflate: the data ends early');
        for (at += 4; n > 0; n--) put(src[at++]);
        continue;
      }
      if (type === 3) throw new Error('inflate: a block of type 3');
      var codes = type === 1 ? [FIXED_LIT, FIXED_DIST] : dynamicCodes();
      for (var s; (s = decode(codes[0])) !== 256;) {
        if (s < 256) { put(s); continue; }
        if (s > 285) throw new Error('inflate: length symbol ' + s);
        var length = LEN_BASE[s - 257] + bits(LEN_EXTRA[s - 257]), d = decode(codes[1]);
        if (d > 29) throw new Error('inflate: distance symbol ' + d);
        var back = DIST_BASE[d] + bits(DIST_EXTRA[d]);
        if (back > o) throw new Error('inflate: a distance before the start');
        while (length--) put(out[o - back]);
      }
    }
    if (o !== size) throw new Error('inflate: shorter than the gzip trailer says');
    return out;
  }

  var handed = { gunzip: gunzip };
  if (typeof module !== 'undefined' && module.exports) module.exports = handed;
  else global.intkbInflate = handed;
})(typeof window !== 'undefined' ? window : this);
