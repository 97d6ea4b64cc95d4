/*
 * search.js answers the search page from the static index that
 * "intkb build" writes into search/index/, for sites on plain hosting.
 * It gives the answers "intkb serve" gives: the same analysis (Unicode
 * words, possessives, lower case, Bleve's English stop words, the Porter
 * stemmer), the same query (every word in each text field at its boost;
 * one typo for long words; the last word as a prefix, standing for its
 * commonest terms; phrases, -exclusions, field:value, filters), Bleve's
 * BM25 scoring, the same order (help pages after the others, then by
 * score) and the same sections and snippets. The rules' numbers and
 * lists (boosts, weights, how many letters and terms, stop words, facets,
 * the runes a tag's slug keeps, the marks a word may hold, which pages
 * are help pages) are declared in Go and read from the
 * index's meta.json (see rules), never copied here. The format is
 * described in "go doc intkb/search". No framework, no build step: this
 * file is served as it is, and node runs it for the tests.
 */
(function (global) {
  'use strict';

  // ---- Analysis: Bleve's "en" analyzer -------------------------------

  // Word-break classes of Unicode's word segmentation (UAX #29), which
  // Bleve's tokenizer follows.
  var C_OTHER = 0, C_LETTER = 1, C_HEBREW = 2, C_NUMERIC = 3, C_KATAKANA = 4, C_IDEO = 5, C_EXTNUMLET = 6,
    C_MIDLETTER = 7, C_MIDNUM = 8, C_MIDNUMLET = 9, C_SQUOTE = 10, C_DQUOTE = 11, C_EXTEND = 12, C_NEWLINE = 13;
  var reIdeo = /[\p{Ideographic}\p{Script=Hiragana}]/u, reKatakana = /[\p{Script=Katakana}\u3031-\u3035\u309B\u309C\u30A0\u30FC\uFF70]/u,
    reHebrew = /\p{Script=Hebrew}/u, reAlpha = /\p{Alphabetic}/u, reNd = /\p{Nd}/u, reExtend = /[\p{M}\u200C\u200D\p{Cf}]/u,
    reLetter = /\p{L}/u;
  var MIDLETTER = ':\u00B7\u0387\u05F4\u2027\uFE13\uFE55\uFF1A', MIDNUM = ',;\u037E\u0589\u060C\u060D\u066C\u07F8\u2044\uFE10\uFE14\uFE50\uFE54\uFF0C\uFF1B',
    MIDNUMLET = '.\u2018\u2019\u2024\uFE52\uFF07\uFF0E';
  var reSurrogate = /[\uD800-\uDFFF]/, reASCII = /^[\x00-\x7F]*$/;

  function wordClass(ch) {
    var c = ch.codePointAt(0);
    if (c < 0x80) {
      if (c >= 0x61 && c <= 0x7A || c >= 0x41 && c <= 0x5A) return C_LETTER;
      if (c >= 0x30 && c <= 0x39) return C_NUMERIC;
      if (c === 0x27) return C_SQUOTE;
      if (c === 0x22) return C_DQUOTE;
      if (c === 0x5F) return C_EXTNUMLET;
      if (c === 0x0A || c === 0x0B || c === 0x0C || c === 0x0D) return C_NEWLINE;
    } else {
      if (c === 0x85 || c === 0x2028 || c === 0x2029) return C_NEWLINE;
      if (c === 0x200B) return C_OTHER;
      if (reExtend.test(ch)) return C_EXTEND;
      if (reKatakana.test(ch)) return C_KATAKANA;
      if (reIdeo.test(ch)) return C_IDEO;
      if (reHebrew.test(ch) && reLetter.test(ch)) return C_HEBREW;
      if (reNd.test(ch)) return C_NUMERIC;
      if (reAlpha.test(ch)) return C_LETTER;
      if (/\p{Pc}/u.test(ch)) return C_EXTNUMLET;
    }
    if (MIDLETTER.indexOf(ch) >= 0) return C_MIDLETTER;
    if (MIDNUM.indexOf(ch) >= 0) return C_MIDNUM;
    if (MIDNUMLET.indexOf(ch) >= 0) return C_MIDNUMLET;
    return C_OTHER;
  }

  function isAHLetter(c) { return c === C_LETTER || c === C_HEBREW; }
  function isMidLetterQ(c) { return c === C_MIDLETTER || c === C_MIDNUMLET || c === C_SQUOTE; }
  function isMidNumQ(c) { return c === C_MIDNUM || c === C_MIDNUMLET || c === C_SQUOTE; }

  // Text of ASCII and a few common marks besides (reNotSimple finds any
  // other character) is split by one regular expression, reSimpleWord,
  // which gives the words the rules of tokenizeRules give there, in far
  // less time: a search's snippets read whole pages. In such text a word
  // is a run of letters, digits and underscores, joined across : . ' ‘ ’
  // between letters and across , ; . ' ‘ ’ between digits (UAX #29's
  // WB5 to WB13b); ‘ ’ are MidNumLet, and every other mark it lets
  // through is Other. Safari before 16.4 cannot parse a lookbehind, so
  // each join is written as the run up to its mark, which must end in
  // the letter or digit the join needs.
  var reNotSimple = /[^\x00-\x7F\u00A0\u00A3\u00B0\u00D7\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026\u20AC]/,
    reSimpleWord = /(?:[A-Za-z0-9_]*[A-Za-z][:.'\u2018\u2019](?=[A-Za-z])|[A-Za-z0-9_]*[0-9][,;.'\u2018\u2019](?=[0-9]))*[A-Za-z0-9_]+/g;

  // tokenize splits text into words, as Bleve's unicode tokenizer does:
  // each has its text, its position among the words, from 1, and where it
  // is in text's characters (code points), from and to.
  function tokenize(text) {
    if (reNotSimple.test(text)) return tokenizeRules(text);
    var out = [];
    eachSimpleWord(text, function (w, pos, from, to) { out.push({ term: w, position: pos, from: from, to: to }); });
    return out;
  }

  // eachSimpleWord calls each(word, position, from, to) for every word
  // of simple text, in order, as tokenize gives them.
  function eachSimpleWord(text, each) {
    var pos = 1, m;
    reSimpleWord.lastIndex = 0;
    while ((m = reSimpleWord.exec(text))) each(m[0], pos++, m.index, m.index + m[0].length);
  }

  // tokenizeRules is tokenize for any text, by UAX #29's rules.
  function tokenizeRules(text) {
    // Text with no surrogate pairs, as nearly all is, is read a UTF-16
    // unit at a time, which is then a code point, without an array.
    var whole = !reSurrogate.test(text), chars = whole ? text : Array.from(text), cls = new Array(chars.length);
    for (var c = 0; c < chars.length; c++) cls[c] = wordClass(chars[c]);
    // Extend and format characters belong to the character before them.
    var base = [];
    for (var i = 0; i < chars.length; i++) {
      if (cls[i] === C_EXTEND && base.length && cls[base[base.length - 1]] !== C_NEWLINE) continue;
      base.push(i);
    }
    var out = [], start = 0, pos = 1;
    function classAt(k) { return k >= 0 && k < base.length ? cls[base[k]] : -1; }
    function flush(k) {
      var from = start, to = k < base.length ? base[k] : chars.length;
      // A segment is a word when it holds a letter, a digit, kana, an
      // ideograph or an underscore (ExtendNumLet), as Bleve's are.
      var word = false;
      for (var j = from; j < to; j++) {
        var c = cls[j];
        if (c === C_LETTER || c === C_HEBREW || c === C_NUMERIC || c === C_KATAKANA || c === C_IDEO || c === C_EXTNUMLET) { word = true; break; }
      }
      if (word) out.push({ term: whole ? text.slice(from, to) : chars.slice(from, to).join(''), position: pos++, from: from, to: to });
      start = to;
    }
    for (var k = 1; k < base.length; k++) {
      var a = classAt(k - 1), b = classAt(k), a0 = classAt(k - 2), b1 = classAt(k + 1);
      var join =
        isAHLetter(a) && isAHLetter(b) ||
        isAHLetter(a) && isMidLetterQ(b) && isAHLetter(b1) ||
        isAHLetter(a0) && isMidLetterQ(a) && isAHLetter(b) ||
        a === C_HEBREW && b === C_SQUOTE ||
        a === C_HEBREW && b === C_DQUOTE && b1 === C_HEBREW ||
        a0 === C_HEBREW && a === C_DQUOTE && b === C_HEBREW ||
        a === C_NUMERIC && b === C_NUMERIC ||
        isAHLetter(a) && b === C_NUMERIC || a === C_NUMERIC && isAHLetter(b) ||
        a0 === C_NUMERIC && isMidNumQ(a) && b === C_NUMERIC ||
        a === C_NUMERIC && isMidNumQ(b) && b1 === C_NUMERIC ||
        a === C_KATAKANA && b === C_KATAKANA ||
        (isAHLetter(a) || a === C_NUMERIC || a === C_KATAKANA || a === C_EXTNUMLET) && b === C_EXTNUMLET ||
        a === C_EXTNUMLET && (isAHLetter(b) || b === C_NUMERIC || b === C_KATAKANA);
      if (!join) flush(k);
    }
    if (base.length) flush(base.length);
    return out;
  }

  // toLower lower-cases a word rune by rune, as Go's unicode.ToLower does.
  function toLower(s) {
    var out = '', chars = Array.from(s);
    for (var i = 0; i < chars.length; i++) {
      var l = chars[i].toLowerCase();
      if (l.length > 1 && Array.from(l).length > 1) l = Array.from(l)[0];
      out += l;
    }
    return out;
  }

  function lowerFinalSigma(s) {
    if (reASCII.test(s)) return s.toLowerCase(); // no sigma, and one letter for one
    var chars = Array.from(s), last = chars.length - 1;
    var out = chars.map(function (c) { return toLower(c); });
    if (last >= 0 && out[last] === 'σ' && chars[last] !== 'σ') out[last] = 'ς';
    return out.join('');
  }

  // stripPossessive drops a word's closing 's, ’s or ＇s. It reads UTF-16
  // units: s and the three quotes are each one, and no half of a
  // surrogate pair is either, so the last two units are those letters
  // exactly when the last two letters are.
  function stripPossessive(w) {
    var n = w.length;
    if (n >= 2 && (w[n - 1] === 's' || w[n - 1] === 'S') && "'\u2019\uFF07".indexOf(w[n - 2]) >= 0) return w.slice(0, n - 2);
    return w;
  }

  // analyze returns the indexed terms of text, with their positions and
  // where their words are (as tokenize gives them), dropping the stop
  // words of r (see rules).
  function analyze(text, r) {
    var out = [];
    if (!reNotSimple.test(text)) {
      // Simple text (see tokenize), word by word as it is found: its
      // letters are ASCII, which toLowerCase lowers as Go does.
      eachSimpleWord(text, function (w, pos, from, to) {
        var term = stripPossessive(w.toLowerCase());
        if (!r.stop.has(term)) out.push({ term: stem(term), position: pos, from: from, to: to });
      });
      return out;
    }
    tokenizeRules(text).forEach(function (t) {
      var term = lowerFinalSigma(stripPossessive(t.term));
      if (r.stop.has(term)) return;
      out.push({ term: stem(term), position: t.position, from: t.from, to: t.to });
    });
    return out;
  }

  function terms(text, r) { return analyze(text, r).map(function (t) { return t.term; }); }

  // ---- The Porter stemmer, as github.com/blevesearch/go-porterstemmer ----

  function isConsonant(s, i) {
    switch (s[i]) {
      case 'a': case 'e': case 'i': case 'o': case 'u': return false;
      case 'y': return i === 0 ? true : !isConsonant(s, i - 1);
    }
    return true;
  }

  function measure(s) {
    var n = s.length, m = 0, i = 0;
    if (n === 0) return 0;
    while (isConsonant(s, i)) { i++; if (i >= n) return m; }
    outer: while (i < n) {
      while (!isConsonant(s, i)) { i++; if (i >= n) break outer; }
      while (isConsonant(s, i)) { i++; if (i >= n) { m++; break outer; } }
      m++;
    }
    return m;
  }

  function hasSuffix(s, suffix) {
    var n = s.length, k = suffix.length;
    if (n <= k) return false;
    for (var i = 0; i < k; i++) if (s[n - k + i] !== suffix[i]) return false;
    return true;
  }

  function containsVowel(s) {
    for (var i = 0; i < s.length; i++) if (!isConsonant(s, i)) return true;
    return false;
  }

  function doubleConsonant(s) {
    var n = s.length;
    return n >= 2 && s[n - 1] === s[n - 2] && isConsonant(s, n - 1);
  }

  function cvc(s) {
    var n = s.length;
    return n >= 3 && isConsonant(s, n - 3) && !isConsonant(s, n - 2) && isConsonant(s, n - 1);
  }

  function step1a(s) {
    var n = s.length;
    if (hasSuffix(s, 'sses') || hasSuffix(s, 'ies')) return s.slice(0, n - 2);
    if (hasSuffix(s, 'ss')) return s;
    if (hasSuffix(s, 's')) return s.slice(0, n - 1);
    return s;
  }

  function step1bRest(s, sub, keep, eOnAtBlIz) {
    // keep is the length of s without its suffix.
    if (hasSuffix(sub, 'at') || hasSuffix(sub, 'bl') || hasSuffix(sub, 'iz')) {
      var r = s.slice(0, keep + 1);
      if (eOnAtBlIz) r[r.length - 1] = 'e';
      return r;
    }
    var c = sub[sub.length - 1];
    if (c !== 'l' && c !== 's' && c !== 'z' && doubleConsonant(sub)) return sub.slice(0, sub.length - 1);
    if (measure(sub) === 1 && cvc(sub) && c !== 'w' && c !== 'x' && c !== 'y') {
      var e = s.slice(0, keep + 1);
      e[e.length - 1] = 'e';
      return e;
    }
    return sub;
  }

  function step1b(s) {
    var n = s.length, sub;
    if (hasSuffix(s, 'eed')) {
      if (measure(s.slice(0, n - 3)) > 0) return s.slice(0, n - 1);
      return s;
    }
    if (hasSuffix(s, 'ed')) {
      sub = s.slice(0, n - 2);
      // "ed" after at, bl or iz keeps its e: the slice ends on it.
      return containsVowel(sub) ? step1bRest(s, sub, n - 2, false) : s;
    }
    if (hasSuffix(s, 'ing')) {
      sub = s.slice(0, n - 3);
      return containsVowel(sub) ? step1bRest(s, sub, n - 3, true) : s;
    }
    return s;
  }

  function step1c(s) {
    var n = s.length;
    if (n < 2) return s;
    if (s[n - 1] === 'y' && containsVowel(s.slice(0, n - 1))) s[n - 1] = 'i';
    else if (s[n - 1] === 'Y' && containsVowel(s.slice(0, n - 1))) s[n - 1] = 'I';
    return s;
  }

  // Each rule: suffix, then what replaces it, for steps 2 and 3 (m > 0).
  var STEP2 = [['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['bli', 'ble'],
    ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'],
    ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'],
    ['biliti', 'ble'], ['logi', 'log']];
  var STEP3 = [['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', '']];
  var STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate',
    'iti', 'ous', 'ive', 'ize'];

  function replaceStep(s, rules) {
    for (var i = 0; i < rules.length; i++) {
      var suf = rules[i][0];
      if (hasSuffix(s, suf)) {
        var stemLen = s.length - suf.length;
        if (measure(s.slice(0, stemLen)) > 0) return s.slice(0, stemLen).concat(Array.from(rules[i][1]));
        return s;
      }
    }
    return s;
  }

  function step4(s) {
    for (var i = 0; i < STEP4.length; i++) {
      var suf = STEP4[i];
      if (hasSuffix(s, suf)) {
        var sub = s.slice(0, s.length - suf.length);
        if (measure(sub) > 1 && (suf !== 'ion' || sub[sub.length - 1] === 's' || sub[sub.length - 1] === 't')) return sub;
        return s;
      }
    }
    return s;
  }

  function step5a(s) {
    var n = s.length;
    if (s[n - 1] === 'e') {
      var sub = s.slice(0, n - 1), m = measure(sub), c = sub[sub.length - 1];
      if (m > 1) return sub;
      if (m === 1 && !(cvc(sub) && c !== 'w' && c !== 'x' && c !== 'y')) return sub;
    }
    return s;
  }

  function step5b(s) {
    var n = s.length;
    if (n > 2 && s[n - 2] === 'l' && s[n - 1] === 'l' && measure(s.slice(0, n - 1)) > 1) return s.slice(0, n - 1);
    return s;
  }

  // stem stems a lower-case word. Words repeat, in a page and across the
  // pages a search shows, so each one's stem is kept, up to a bound.
  var stems = new Map();
  function stem(word) {
    var s = stems.get(word);
    if (s === undefined) {
      if (stems.size >= 50000) stems.clear();
      s = stemWord(word);
      stems.set(word, s);
    }
    return s;
  }

  function stemWord(word) {
    var s = Array.from(word);
    if (s.length <= 2) return word;
    s = step1a(s); s = step1b(s); s = step1c(s); s = replaceStep(s, STEP2); s = replaceStep(s, STEP3);
    s = step4(s); s = step5a(s); s = step5b(s);
    return s.join('');
  }

  // ---- Queries, as search/query.go parses them ----------------------

  function isSpace(ch) { return ch === '\u0085' || ch !== '\uFEFF' && /\s/.test(ch); }
  function isLetterOrDigit(ch) { return /[\p{L}\p{Nd}]/u.test(ch); }
  function fields(s) { return Array.from(s).reduce(splitter(isSpace), ['']).filter(Boolean); }
  function splitter(isSep) {
    return function (acc, ch) {
      if (isSep(ch)) acc.push(''); else acc[acc.length - 1] += ch;
      return acc;
    };
  }
  function trimChars(s, set) {
    var a = Array.from(s), i = 0, j = a.length;
    while (i < j && set.indexOf(a[i]) >= 0) i++;
    while (j > i && set.indexOf(a[j - 1]) >= 0) j--;
    return a.slice(i, j).join('');
  }

  // parseQuery parses a query; r.query holds the field names a
  // field:value may use, r.marks the characters besides letters and
  // digits a word may hold.
  function parseQuery(s, r) {
    var q = { words: [], phrases: [], excluded: [], fields: [] };
    var rs = Array.from(s);
    function addWord(tok, neg) {
      Array.from(tok).reduce(splitter(function (ch) { return !isLetterOrDigit(ch) && r.marks.indexOf(ch) < 0; }), [''])
        .forEach(function (w) {
          w = trimChars(w, r.marks);
          if (w) (neg ? q.excluded : q.words).push(w);
        });
    }
    for (var i = 0; i < rs.length;) {
      if (isSpace(rs[i])) { i++; continue; }
      var neg = false;
      if (rs[i] === '-' && i + 1 < rs.length && !isSpace(rs[i + 1])) { neg = true; i++; }
      if (rs[i] === '"') {
        var end = rs.indexOf('"', i + 1);
        if (end < 0) {
          fields(rs.slice(i + 1).join('')).forEach(function (w) { addWord(w, neg); });
          break;
        }
        var phrase = fields(rs.slice(i + 1, end).join('')).join(' ');
        if (phrase) (neg ? q.excluded : q.phrases).push(phrase);
        i = end + 1;
        continue;
      }
      var j = i;
      while (j < rs.length && !isSpace(rs[j])) j++;
      var tok = rs.slice(i, j).join('');
      i = j;
      var colon = tok.indexOf(':');
      if (colon >= 0 && !neg) {
        var f = toLower(tok.slice(0, colon)), v = trimChars(tok.slice(colon + 1), '"');
        if (Object.prototype.hasOwnProperty.call(r.query, f) && v !== '') { q.fields.push({ field: f, value: v }); continue; }
      }
      addWord(tok, neg);
    }
    return q;
  }

  // slugger returns the function that turns a tag into its slug, as
  // builder.Slugify does: in NFC, lower case, the runes of ranges (pairs
  // of first and last rune, from meta.json's slug) kept and each run of
  // others between two kept ones made one hyphen.
  function slugger(ranges) {
    var bounds = Array.from(ranges).map(function (ch) { return ch.codePointAt(0); });
    function keep(c) {
      for (var i = 0; i + 1 < bounds.length; i += 2) if (c >= bounds[i] && c <= bounds[i + 1]) return true;
      return false;
    }
    return function (s) {
      var out = '', hyphen = false;
      Array.from(toLower(s.normalize('NFC'))).forEach(function (ch) {
        if (!keep(ch.codePointAt(0))) { hyphen = true; return; }
        if (hyphen && out) out += '-';
        hyphen = false;
        out += ch;
      });
      return out;
    };
  }

  // rules returns the query's rules as meta.json gives them, read once
  // per index: Go declares each (see package search/static's
  // Meta), and this script keeps no copy.
  function rules(m) {
    if (m.version !== FORMAT) throw new Error('search index format ' + m.version + ': this script reads format ' + FORMAT);
    if (!m.rules) {
      var byName = m.fields.map(function (f, i) { return [f, m.boosts[i]]; });
      byName.sort(function (a, b) { return compareKeys(a[0], b[0]); }); // as Go builds the query: fields by name
      m.rules = {
        fields: m.fields, pageFields: byName, keywords: m.keywords, filters: m.filters,
        typoWeight: m.typoWeight, typoLetters: m.typoLetters, prefixWeight: m.prefixWeight, prefixTerms: m.prefixTerms,
        shortPrefix: m.shortPrefix, shortPrefixTerms: m.shortPrefixTerms,
        snippet: m.snippet, stop: new Set(m.stop.split(' ')), slug: slugger(m.slug),
        query: m.query, typed: m.typed, listed: m.listed, marks: m.marks, help: new Set(m.help)
      };
    }
    return m.rules;
  }

  // FORMAT is the version of meta.json this script reads: static.Format,
  // which a test of package search holds it to.
  var FORMAT = 9;

  // ---- Compressed files ----------------------------------------------

  // readIndexFile returns a promise of the JSON in bytes (a Uint8Array),
  // one of the index's files: compressed with gzip, as written, when they
  // start with gzip's magic number, or plain, as meta.json is and as a
  // browser hands over a .gz file that a host sent with Content-Encoding:
  // gzip. Decompress is the browser's DecompressionStream; a browser
  // without one (Safari before 16.4) has inflate.js's gunzip do the work,
  // loaded only then (loadInflate).
  function readIndexFile(bytes, Decompress) {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      if (Decompress) return decompressed(bytes, Decompress).then(function (b) { return JSON.parse(decoder.decode(b)); });
      return loadInflate().then(function (inflate) { return JSON.parse(decoder.decode(inflate.gunzip(bytes))); });
    }
    return Promise.resolve(JSON.parse(decoder.decode(bytes)));
  }

  // loadInflate returns a promise of inflate.js's gunzip, loaded once:
  // in a page, by a script element beside this script's own; under node,
  // for the tests, from beside this file.
  var inflateURL = typeof document !== 'undefined' && document.currentScript ?
      document.currentScript.src.replace(/search\.js([?#].*)?$/, 'inflate.js') : null,
    inflating = null;
  function loadInflate() {
    if (!inflating) {
      inflating = new Promise(function (resolve, reject) {
        if (global.intkbInflate) return resolve(global.intkbInflate);
        if (!inflateURL && typeof require === 'function') return resolve(require('./inflate.js'));
        var el = document.createElement('script');
        el.src = inflateURL;
        el.onload = function () {
          if (global.intkbInflate) resolve(global.intkbInflate); else reject(new Error(inflateURL + ': handed nothing over'));
        };
        el.onerror = function () { reject(new Error(inflateURL + ': not loaded')); };
        document.head.appendChild(el);
      });
      inflating.catch(function () { inflating = null; });
    }
    return inflating;
  }

  // decompressed returns a promise of what a DecompressionStream gives
  // for bytes, gzip data, written to it and read from it directly: a
  // tenth of the time a Response of a Blob's stream takes for a file of a
  // few kilobytes, in Chromium.
  function decompressed(bytes, Decompress) {
    var ds = new Decompress('gzip'), w = ds.writable.getWriter(), r = ds.readable.getReader(), parts = [], n = 0;
    // Bad data rejects the reads, which answer for it.
    w.write(bytes).catch(function () {});
    w.close().catch(function () {});
    function next() {
      return r.read().then(function (c) {
        if (!c.done) {
          parts.push(c.value);
          n += c.value.length;
          return next();
        }
        if (parts.length === 1) return parts[0];
        var all = new Uint8Array(n), at = 0;
        parts.forEach(function (p) { all.set(p, at); at += p.length; });
        return all;
      });
    }
    return next();
  }

  // ---- The index ----------------------------------------------------

  var V64 = '0123456789ABCDEFGHIJKLMNOPQRSTUVabcdefghijklmnopqrstuvwxyz-_WXYZ', V64_VALUE = {};
  for (var vi = 0; vi < V64.length; vi++) V64_VALUE[V64.charCodeAt(vi)] = vi;

  function decodeV64(s) {
    var out = [], n = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var v = V64_VALUE[s.charCodeAt(i)];
      n += (v & 31) * Math.pow(2, shift);
      if (v >= 32) { shift += 5; continue; }
      out.push(n);
      n = 0; shift = 0;
    }
    return out;
  }

  // compareKeys orders strings as Go does: by UTF-8 bytes, which is code
  // point order.
  function compareKeys(a, b) {
    var i = 0;
    for (; i < a.length && i < b.length; i++) {
      var x = a.codePointAt(i), y = b.codePointAt(i);
      if (x !== y) return x < y ? -1 : 1;
      if (x > 0xFFFF) i++;
    }
    return a.length - i === b.length - i ? 0 : (a.length - i < b.length - i ? -1 : 1);
  }

  // openIndex reads the index at base (a URL ending in a slash) with io:
  // io.json(url, fresh) returns a promise of the parsed file, past any
  // cache when fresh is set; io.range(url, from, to), where the index is
  // served from a web server, a promise of {at, bytes}: bytes from the
  // file, from offset at, holding its bytes from up to to (the whole
  // file, at 0, from a host that takes no ranges); io.read(bytes) a
  // promise of the JSON in bytes (readIndexFile). known is the index's
  // meta.json as the search page carries it, or null: a search then
  // starts from it without fetching meta.json first, and confirm tells
  // afterwards whether it is still the index the site serves, since a
  // page kept in a browser's or a proxy's cache may be older than the
  // files it would read.
  function openIndex(base, io, known) {
    var getJSON = io.json;
    // A page of another format, kept in a cache while the script is
    // new, is no help: the search starts from meta.json as served.
    if (known && known.version !== FORMAT) known = null;
    var cache = new Map(), metaPromise = known ? Promise.resolve(known) : null, served = null, checked = null;
    // servedMeta returns meta.json as the site serves it now, fetched once.
    function servedMeta() {
      if (!served) served = getJSON(base + 'meta.json', true).catch(function (e) { served = null; throw e; });
      return served;
    }
    function meta() {
      if (!metaPromise) metaPromise = servedMeta().catch(function (e) { metaPromise = null; throw e; });
      return metaPromise;
    }
    // servedBuild returns the build the site serves now, as build.json
    // names it, fetched once past any cache: a few bytes, where meta.json
    // is thousands; or as meta.json does, where there is no build.json.
    function servedBuild() {
      if (!checked) {
        checked = getJSON(base + 'build.json', true).then(function (b) { return b.build; }, function () {
          return servedMeta().then(function (s) { return s.build; });
        }).catch(function (e) { checked = null; throw e; });
      }
      return checked;
    }
    // confirm resolves to whether m, the meta.json a search read, is the
    // one the site serves; when it is not, the index is read by the
    // served one from then on. Only the page's own can differ.
    function confirm(m) {
      if (m !== known) return Promise.resolve(true);
      return servedBuild().then(function (build) {
        if (build === m.build) return true;
        return servedMeta().then(function (s) {
          metaPromise = Promise.resolve(s);
          return s.build === m.build;
        });
      });
    }
    // file returns the index's file at path, of the build that meta.json
    // names: each is fetched once, and the build in its address keeps a
    // cached copy of another build's from being taken for it.
    function file(path) {
      return meta().then(function (m) {
        var url = base + path + '?v=' + m.build;
        if (!cache.has(url)) {
          var p = getJSON(url, false);
          p.catch(function () { cache.delete(url); });
          cache.set(url, p);
        }
        return cache.get(url);
      });
    }
    function shardOf(m, key) {
      var lo = 0, hi = m.shards.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (compareKeys(m.shards[mid], key) <= 0) lo = mid; else hi = mid - 1;
      }
      return lo;
    }
    // shard returns dictionary shard i, each key only a deletion reaches,
    // written "key fuzz...", read as [key, 0, 0, fuzz] like the others.
    function shard(i) {
      return file('t/' + i + '.json.gz').then(function (s) {
        if (!s.read) {
          for (var j = 0; j < s.length; j++) {
            if (typeof s[j] === 'string') {
              var w = s[j].split(' ');
              s[j] = [w[0], 0, 0, w.slice(1)];
            }
          }
          s.read = true;
        }
        return s;
      });
    }
    // entry returns a key's dictionary entry: [key, dfs, ref, fuzz], or null.
    function entry(key) {
      return meta().then(function (m) {
        if (!m.shards.length) return null;
        return shard(shardOf(m, key)).then(function (shard) {
          for (var i = 0; i < shard.length; i++) if (shard[i][0] === key) return shard[i];
          return null;
        });
      });
    }
    // withPrefix returns the entries of terms that start with prefix.
    function withPrefix(prefix) {
      return meta().then(function (m) {
        if (!m.shards.length) return [];
        var first = shardOf(m, prefix), last = first;
        while (last + 1 < m.shards.length && m.shards[last + 1].startsWith(prefix)) last++;
        var loads = [];
        for (var i = first; i <= last; i++) loads.push(shard(i));
        return Promise.all(loads).then(function (shards) {
          var out = [];
          shards.forEach(function (s) {
            s.forEach(function (e) { if (e[1] && e[0].startsWith(prefix)) out.push(e); });
          });
          return out;
        });
      });
    }
    // postings returns a term's file: f (postings per field), c (facets),
    // and x (positions per field, or the number of their file): inline in
    // its entry, or at place e[2][1] of the pack p/e[2][0].json.gz.
    function postings(e) {
      if (!Array.isArray(e[2])) return Promise.resolve(e[2]);
      return file('p/' + e[2][0] + '.json.gz').then(function (pack) { return pack[e[2][1]]; });
    }
    // record returns the JSON of a page's record, from offset from up to
    // to of the record pack at url.
    function record(url, from, to) {
      var key = url + '#' + from;
      if (!cache.has(key)) {
        var p = io.range(url, from, to).then(function (g) {
          if (g.at > from || g.at + g.bytes.length < to) throw new Error(url + ': bytes ' + from + ' to ' + to + ' not sent');
          return io.read(g.bytes.subarray(from - g.at, to - g.at));
        });
        p.catch(function () { cache.delete(key); });
        cache.set(key, p);
      }
      return cache.get(key);
    }
    // starts returns where each page's record starts in its record pack,
    // and where it ends, from d/sizes.json: [starts, ends] in bytes.
    var startsOf = new Map();
    function starts(m) {
      if (!startsOf.has(m.build)) {
        var p = file('d/sizes.json.gz').then(function (s) {
          var units = decodeV64(s), from = [], to = [], at = 0;
          for (var n = 0; n < units.length; n++) {
            if (n % m.recordPack === 0) at = 0;
            from.push(at);
            at += units[n] * m.recordUnit;
            to.push(at);
          }
          if (units.length !== m.docs) throw new Error('search index: d/sizes.json gives ' + units.length + ' records for ' + m.docs + ' pages');
          return [from, to];
        });
        p.catch(function () { startsOf.delete(m.build); });
        startsOf.set(m.build, p);
      }
      return startsOf.get(m.build);
    }
    // packed reports whether the records of the index m describes are
    // read from record packs: where it has them and is read from a web
    // server. Otherwise each is a file of its own.
    function packed(m) { return m.recordPack > 0 && !!io.range; }
    // doc returns page n's record.
    function doc(n) {
      return meta().then(function (m) {
        if (!packed(m)) return file('d/' + n + '.json.gz');
        return starts(m).then(function (se) {
          return record(base + 'd/' + Math.floor(n / m.recordPack) + '.bin?v=' + m.build, se[0][n], se[1][n]);
        });
      });
    }
    // positions returns a term's positions per field: in its file, or in
    // a file of their own, x/N.json.gz, when long.
    function positions(e) {
      return postings(e).then(function (p) { return typeof p.x === 'number' ? file('x/' + p.x + '.json.gz') : p.x; });
    }
    return {
      meta: meta, confirm: confirm, entry: entry, withPrefix: withPrefix, postings: postings, positions: positions,
      // check starts fetching what confirm needs: the served build, for the
      // page's own meta.json; meta.json as served, with none.
      check: function () { (known ? servedBuild() : meta()).catch(function () {}); },
      // sizes starts fetching what doc needs first, alongside the
      // dictionary.
      sizes: function () {
        meta().then(function (m) { if (packed(m)) return starts(m); }).catch(function () {});
      },
      doc: doc,
      facetChunk: function (k) { return file('f/' + k + '.json.gz'); }
    };
  }

  // ---- Scoring: Bleve's searchers and BM25 ---------------------------

  var K1 = 1.2, B = 0.75;

  function runeLen(s) { return Array.from(s).length; }

  // typoTolerant reports whether word, whose terms are ts, matches with
  // one typo, as search/search.go's typoTolerant does: when it and each
  // of its terms have r.typoLetters letters or more.
  function typoTolerant(word, ts, r) {
    return runeLen(word) >= r.typoLetters && ts.every(function (t) { return runeLen(t) >= r.typoLetters; });
  }

  // withinOneEdit reports whether a and b are the same or one insertion,
  // deletion, substitution or swap of neighbours apart, in letters, as
  // Bleve's fuzzy matching counts (search/typos.go's withinOneEdit).
  // Words without surrogate pairs, nearly all, are compared as they are,
  // a UTF-16 unit being a letter; others letter by letter, as arrays.
  function withinOneEdit(a, b) {
    if (reSurrogate.test(a) || reSurrogate.test(b)) { a = Array.from(a); b = Array.from(b); }
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (i === a.length) return true;
      if (sameFrom(a, b, i + 1, i + 1)) return true;
      return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && sameFrom(a, b, i + 2, i + 2);
    }
    var long = a.length > b.length ? a : b, short = a.length > b.length ? b : a;
    return sameFrom(long, short, i + 1, i);
  }

  // sameFrom reports whether a from i on is b from j on: strings or arrays.
  function sameFrom(a, b, i, j) {
    if (a.length - i !== b.length - j) return false;
    for (; i < a.length; i++, j++) if (a[i] !== b[j]) return false;
    return true;
  }

  function deletions(s) {
    var rs = Array.from(s), out = [];
    for (var i = 0; i < rs.length; i++) {
      var d = rs.slice(0, i).concat(rs.slice(i + 1)).join('');
      if (out.indexOf(d) < 0) out.push(d);
    }
    return out;
  }

  // A query node is a term, a disjunction (or), a conjunction (and) or a
  // phrase. Terms carry their postings once loaded: a Map from page to
  // [frequency, field length].
  function termNode(field, term, boost) { return { kind: 'term', field: field, term: term, boost: boost }; }
  function orNode(children, min) { return { kind: 'or', children: children, min: min || 0 }; }
  function andNode(children) { return { kind: 'and', children: children }; }

  function leaves(node, out) {
    out = out || [];
    if (node.kind === 'term') out.push(node);
    else if (node.kind === 'phrase') node.slots.forEach(function (s) { if (s) out.push(s); });
    else node.children.forEach(function (c) { leaves(c, out); });
    return out;
  }

  // Scorer computes Bleve's scores: for each term, BM25 with the index's
  // statistics, times boost × idf × the query norm (one over the root of
  // the sum of every term's (boost × idf)²); a disjunction sums its
  // matching children and scales by the share that matched.
  function prepare(root, stats) {
    var sum = 0;
    leaves(root).forEach(function (t) {
      var df = t.df, n = stats.docs, avg = stats.avg[t.field];
      t.bm25 = avg > 0;
      t.idf = t.bm25 ? Math.log(1 + (n - df + 0.5) / (df + 0.5)) : 1 + Math.log(n / (df + 1));
      t.avg = avg;
      sum += (t.boost * t.idf) * (t.boost * t.idf);
    });
    var norm = 1 / Math.sqrt(sum);
    leaves(root).forEach(function (t) { t.weight = t.boost * t.idf * norm; });
  }

  function scoreTerm(t, doc) {
    var p = t.post.get(doc);
    if (!p) return -1;
    var tf = Math.sqrt(p[0]), norm = Math.fround(1 / Math.sqrt(p[1])), s;
    if (t.bm25) {
      var length = 1 / (norm * norm);
      s = t.idf * (tf * K1) / (tf + K1 * (1 - B + B * length / t.avg));
    } else {
      s = tf * norm * t.idf;
    }
    return s * t.weight;
  }

  function score(node, doc) {
    switch (node.kind) {
      case 'term': return scoreTerm(node, doc);
      case 'and': {
        var sum = 0;
        for (var i = 0; i < node.children.length; i++) {
          var s = score(node.children[i], doc);
          if (s < 0) return -1;
          sum += s;
        }
        return sum;
      }
      case 'or': {
        var total = 0, matched = 0;
        node.children.forEach(function (c) {
          var s = score(c, doc);
          if (s >= 0) { total += s; matched++; }
        });
        if (matched === 0 || matched < node.min) return -1;
        return total * matched / node.children.length;
      }
      case 'phrase': {
        var psum = 0;
        for (var k = 0; k < node.slots.length; k++) {
          if (!node.slots[k]) continue;
          var ps = scoreTerm(node.slots[k], doc);
          if (ps < 0) return -1;
          psum += ps;
        }
        return phraseMatches(node, doc) ? psum : -1;
      }
    }
    return -1;
  }

  // phraseMatches reports whether doc has the phrase's terms at
  // consecutive positions; a slot left by a stop word matches anything.
  function phraseMatches(node, doc) {
    var filled = node.slots.filter(Boolean);
    if (filled.length < 2) return true;
    var lists = node.slots.map(function (s) { return s ? s.pos.get(doc) || [] : null; });
    var first = lists[0];
    for (var i = 0; i < first.length; i++) {
      var ok = true;
      for (var k = 1; k < lists.length && ok; k++) {
        if (lists[k] && lists[k].indexOf(first[i] + k) < 0) ok = false;
      }
      if (ok) return true;
    }
    return false;
  }

  // ---- Searching ----------------------------------------------------

  var DEFAULT_SIZE = 10;

  // createEngine returns search(request), answering from the index at
  // base. A request is {query, filters: {NAME: [values]}, page, size,
  // facets}, each filter by its name in meta.json's filters (type, area,
  // cohort, ...); the answer has the shape of the server's /api/search
  // response, with URLs relative to the site root. With facets: false
  // the filters' values are not counted: the answer's facets are null,
  // and its countFacets() counts them when asked, since a common word's
  // counts may need the facet records of most pages, which a reader who
  // never opens the filters need not fetch.
  function createEngine(base, io, known) {
    var index = openIndex(base, io, known || null);

    // search answers req. Begun from the meta.json the page carries, it
    // is answered again if that turns out not to be the index the site
    // serves, whether or not the first answer came out.
    function search(req) {
      var page = req.page || 1, size = req.size || DEFAULT_SIZE;
      index.check();
      index.sizes();
      return index.meta().then(function (m) {
        return Promise.resolve().then(function () {
          var r = rules(m), q = parseQuery(req.query || '', r), plan = planQuery(q, req.filters || {}, r);
          if (!plan.must.length) return { query: req.query, total: 0, page: page, size: size, hits: [], facets: emptyFacets(r) };
          return resolve(plan, r).then(function () {
            return run(plan, q, m, r, page, size, req.query, req.facets !== false);
          });
        }).then(function (res) {
          return index.confirm(m).then(function (current) { return current ? res : search(req); });
        }, function (err) {
          return index.confirm(m).then(function (current) {
            if (current) throw err;
            return search(req);
          });
        });
      });
    }

    // planQuery builds the query tree as search/search.go's pageQuery
    // does, with placeholders for what the dictionary must fill in.
    // The terms the last word stands for as a prefix are gathered in
    // plan.prefixed, by field, as they are resolved, for the highlighter.
    function planQuery(q, filters, r) {
      var plan = { must: [], mustNot: [], keyword: [], lookups: [], prefixed: {} };
      var last = q.words.length - 1;
      q.words.forEach(function (w, i) {
        var ts = terms(w, r);
        if (!ts.length) return;
        var fuzzy = typoTolerant(w, ts, r);
        var alts = [];
        r.pageFields.forEach(function (fb) {
          alts.push(orNode(ts.map(function (t) { return termNode(fb[0], t, fb[1]); }), 1));
          if (fuzzy) alts.push(orNode(ts.map(function (t) { return { kind: 'fuzzy', field: fb[0], term: t, boost: fb[1] * r.typoWeight }; }), 1));
          if (i === last) alts.push({ kind: 'prefix', field: fb[0], prefix: toLower(w), boost: fb[1] * r.prefixWeight });
        });
        plan.must.push(orNode(alts));
      });
      q.phrases.forEach(function (p) {
        var an = analyze(p, r);
        if (an.length) plan.must.push(phraseQuery(an, r));
      });
      q.fields.forEach(function (fv) {
        var field = r.query[fv.field], k = r.keywords.indexOf(field);
        if (k >= 0) {
          plan.must.push(keywordNode(plan, field, typedTerm(r.typed[k], fv.value, r)));
        } else {
          var ts = terms(fv.value, r);
          if (ts.length) plan.must.push(orNode(ts.map(function (t) { return termNode(field, t, 1); }), 1));
        }
      });
      if (!plan.must.length) return plan;
      q.excluded.forEach(function (e) {
        var an = analyze(e, r);
        if (an.length) plan.mustNot.push(phraseQuery(an, r));
      });
      r.keywords.forEach(function (field, k) {
        var vs = filters[r.filters[k]] || [];
        if (vs.length) plan.must.push(orNode(vs.map(function (v) { return keywordNode(plan, field, v); })));
      });
      // A query of one word alone, its own term, with no filters chosen:
      // its term's file may carry the counts over every page it matches
      // (u; see search/static's union.go).
      if (q.words.length === 1 && plan.must.length === 1 && !plan.mustNot.length) {
        var only = terms(q.words[0], r);
        if (only.length === 1 && only[0] === toLower(q.words[0])) plan.single = only[0];
      }
      return plan;
    }

    // typedTerm returns the term a value typed for a facet stands for, by
    // the facet's rule (builder.TypedRule, named in meta.json's typed).
    function typedTerm(rule, v, r) {
      switch (rule) {
        case 'slug': return r.slug(v);
        case 'snake': return toLower(v).split('-').join('_');
        case 'lower': return toLower(v);
      }
      throw new Error('search index: unknown rule for typed values: ' + rule);
    }

    function keywordNode(plan, field, value) {
      var t = termNode(field, value, 1);
      t.keyword = true;
      plan.keyword.push(t);
      return t;
    }

    function phraseQuery(an, r) {
      var first = an[0].position, lastPos = an[an.length - 1].position;
      return orNode(r.pageFields.map(function (fb) {
        var slots = [];
        for (var p = first; p <= lastPos; p++) slots.push(null);
        an.forEach(function (t) { slots[t.position - first] = termNode(fb[0], t.term, fb[1]); });
        return { kind: 'phrase', field: fb[0], slots: slots };
      }));
    }

    // resolve looks up every term, expands typos and prefixes from the
    // dictionary, and loads the postings the query needs.
    function resolve(plan, r) {
      var entries = new Map();
      function lookup(key) {
        if (!entries.has(key)) entries.set(key, index.entry(key));
        return entries.get(key);
      }
      var nodes = [];
      function walk(node, parent, at) {
        if (node.kind === 'term' || node.kind === 'fuzzy' || node.kind === 'prefix') nodes.push({ node: node, parent: parent, at: at });
        else if (node.kind === 'phrase') node.slots.forEach(function (s, i) { if (s) nodes.push({ node: s, parent: node, at: i, slot: true }); });
        else node.children.forEach(function (c, i) { walk(c, node, i); });
      }
      plan.must.concat(plan.mustNot).forEach(function (n) { walk(n, null, 0); });
      var loads = nodes.map(function (ref) {
        var n = ref.node;
        if (n.keyword) return Promise.resolve();
        if (n.kind === 'term') return lookup(n.term).then(function (e) { n.entry = e; });
        if (n.kind === 'fuzzy') {
          return fuzzyCandidates(n.term, lookup).then(function (cands) {
            var fi = r.fields.indexOf(n.field);
            cands = cands.filter(function (c) { return c.entry[1][fi] > 0; });
            var replacement;
            if (!cands.length || cands.length === 1 && cands[0].term === n.term) {
              replacement = termNode(n.field, n.term, n.boost);
              replacement.entry = cands.length ? cands[0].entry : null;
            } else {
              replacement = orNode(cands.map(function (c) {
                var t = termNode(n.field, c.term, n.boost / (c.term === n.term ? 1 : 2));
                t.entry = c.entry;
                return t;
              }));
            }
            ref.parent.children[ref.at] = replacement;
          });
        }
        // prefix: the r.prefixTerms terms on the most pages, or
        // r.shortPrefixTerms for a prefix of at most r.shortPrefix
        // letters, as search/prefix.go's prefixQuery takes
        return index.withPrefix(n.prefix).then(function (es) {
          var fi = r.fields.indexOf(n.field);
          var limit = Array.from(n.prefix).length <= r.shortPrefix ? r.shortPrefixTerms : r.prefixTerms;
          es = es.filter(function (e) { return e[1][fi] > 0; });
          if (es.length > limit) {
            es = es.map(function (e, i) { return { e: e, i: i }; })
              .sort(function (a, b) { return b.e[1][fi] - a.e[1][fi] || a.i - b.i; })
              .slice(0, limit)
              .sort(function (a, b) { return a.i - b.i; })
              .map(function (x) { return x.e; });
          }
          plan.prefixed[n.field] = (plan.prefixed[n.field] || []).concat(es.map(function (e) { return e[0]; }));
          var replacement;
          if (!es.length || es.length === 1 && es[0][0] === n.prefix) {
            replacement = termNode(n.field, n.prefix, n.boost);
            replacement.entry = es.length ? es[0] : null;
          } else {
            replacement = orNode(es.map(function (e) {
              var t = termNode(n.field, e[0], n.boost);
              t.entry = e;
              return t;
            }));
          }
          ref.parent.children[ref.at] = replacement;
        });
      });
      return Promise.all(loads).then(function () {
        var all = [];
        plan.must.concat(plan.mustNot).forEach(function (n) { leaves(n, all); });
        var needPositions = [];
        plan.must.concat(plan.mustNot).forEach(function (n) {
          (n.kind === 'or' ? n.children : [n]).forEach(function (c) {
            if (c.kind === 'phrase' && c.slots.filter(Boolean).length > 1) needPositions = needPositions.concat(c.slots.filter(Boolean));
          });
        });
        return Promise.all(all.map(function (t) {
          if (t.keyword) return null;
          var fi = r.fields.indexOf(t.field);
          // A key that only typos reach has 0 for its page counts.
          t.df = t.entry && t.entry[1] ? t.entry[1][fi] : 0;
          t.post = new Map();
          if (!t.entry || !t.df) return null;
          return index.postings(t.entry).then(function (pf) {
            t.file = pf;
            var v = decodeV64(pf.f[fi]), doc = 0;
            for (var i = 0; i < v.length; i += 3) {
              doc += v[i];
              t.post.set(doc, [v[i + 1], v[i + 2]]);
            }
          });
        })).then(function () {
          return Promise.all(needPositions.map(function (t) {
            t.pos = new Map();
            if (!t.entry || !t.df) return null;
            return index.positions(t.entry).then(function (x) {
              var fi = r.fields.indexOf(t.field), v = decodeV64(x[fi]), k = 0;
              t.post.forEach(function (p, doc) {
                var list = [], at = 0;
                for (var i = 0; i < p[0]; i++) { at += v[k++]; list.push(at); }
                t.pos.set(doc, list);
              });
            });
          }));
        });
      });
    }

    // fuzzyCandidates finds the terms within one edit of term: the term
    // itself, what deleting one of its letters gives, and the terms listed
    // under those keys (terms that give the same by deleting one letter).
    function fuzzyCandidates(term, lookup) {
      var keys = [term].concat(deletions(term));
      return Promise.all(keys.map(lookup)).then(function (es) {
        var names = new Set();
        es.forEach(function (e) {
          if (!e) return;
          if (e[1]) names.add(e[0]);
          (e[3] || []).forEach(function (t) { names.add(t); });
        });
        var cands = Array.from(names).filter(function (t) { return withinOneEdit(term, t); }).sort(compareKeys);
        return Promise.all(cands.map(lookup)).then(function (ce) {
          return cands.map(function (t, i) { return { term: t, entry: ce[i] }; }).filter(function (c) { return c.entry && c.entry[1]; });
        });
      });
    }

    // run scores the candidates of plan and answers with the page of hits
    // asked for, and the filters' values counted when counted is set.
    function run(plan, q, m, r, page, size, query, counted) {
      var stats = { docs: m.docs, avg: {} };
      Object.keys(m.card).forEach(function (f) { stats.avg[f] = m.docs ? Math.ceil(m.card[f] / m.docs) : 0; });
      var root = andNode(plan.must);
      var candidates = new Set();
      leaves(root).forEach(function (t) { if (!t.keyword) t.post.forEach(function (_, d) { candidates.add(d); }); });
      var onlyKeywords = leaves(root).every(function (t) { return t.keyword; });
      var need = onlyKeywords ? allDocs(m.docs) : Array.from(candidates);
      var recordsReady = plan.keyword.length ? loadRecords(need, m) : Promise.resolve(null);
      return recordsReady.then(function (records) {
        plan.keyword.forEach(function (t) { fillKeyword(t, records, m, r); });
        if (onlyKeywords) need.forEach(function (d) { candidates.add(d); });
        prepare(root, stats);
        plan.mustNot.forEach(function (n) { prepare(n, stats); });
        var hits = [];
        candidates.forEach(function (doc) {
          var s = score(root, doc);
          if (s < 0) return;
          for (var i = 0; i < plan.mustNot.length; i++) if (score(plan.mustNot[i], doc) >= 0) return;
          hits.push({ doc: doc, score: s });
        });
        // Help pages last, then by score (see package search, rank.go).
        hits.sort(function (a, b) { return r.help.has(a.doc) - r.help.has(b.doc) || b.score - a.score || a.doc - b.doc; });
        // The hits shown and the filters' counts are fetched side by
        // side: a common word's counts may need the facet records of
        // most pages, which need not hold up its hits.
        var shown = hits.slice((page - 1) * size, page * size);
        var matcher = newMatcher(q, r, plan.prefixed);
        var counts = function () { return facetCounts(hits, plan, m, r); };
        return Promise.all([counted ? counts() : null, Promise.all(shown.map(function (h) {
          return index.doc(h.doc).then(function (d) {
            var hit = { url: d.u, title: d.t, type: d.y, area: d.a, source: d.o, section: '', snippet: '', score: h.score };
            linkSection(hit, matcher, d.s, d.p);
            return hit;
          });
        }))]).then(function (both) {
          var res = { query: query, total: hits.length, page: page, size: size, hits: both[1], facets: both[0] };
          // What marked the snippets, for the tests (see marks), and the
          // counting of the filters put off: not enumerable, so not part
          // of the answer as JSON.
          Object.defineProperty(res, 'matcher', { value: matcher });
          if (!counted) Object.defineProperty(res, 'countFacets', { value: counts });
          return res;
        });
      });
    }

    function allDocs(n) { var a = []; for (var i = 0; i < n; i++) a.push(i); return a; }

    // loadRecords loads the facet records of docs: a Map from page to
    // its values of meta.json's keywords, each a value or a list.
    function loadRecords(docs, m) {
      var chunks = new Set();
      docs.forEach(function (d) { chunks.add(Math.floor(d / m.chunk)); });
      var records = new Map();
      return Promise.all(Array.from(chunks).map(function (k) {
        return index.facetChunk(k).then(function (rs) {
          rs.forEach(function (r, i) { records.set(k * m.chunk + i, r); });
        });
      })).then(function () { return records; });
    }

    // fillKeyword gives a keyword term its postings from the facet records.
    function fillKeyword(t, records, m, r) {
      var fi = r.keywords.indexOf(t.field), vi = m.facets[t.field].indexOf(t.term);
      t.df = vi >= 0 ? m.counts[t.field][vi] : 0;
      t.post = new Map();
      if (vi < 0) return;
      records.forEach(function (rec, doc) {
        var vals = Array.isArray(rec[fi]) ? rec[fi] : [rec[fi]];
        var tf = 0;
        vals.forEach(function (v) { if (v === vi) tf++; });
        if (tf) t.post.set(doc, [tf, vals.length]);
      });
    }

    // facetCounts counts each filter's values among the hits. A term's
    // file holds the counts for the pages that have it, and a common
    // term's those for every page its one-word query matches (with its
    // typos and the words it begins: unionCounts), so the counts for a
    // one-word query mostly need no more; otherwise the records of the
    // pages that differ from the closest such term are loaded.
    function facetCounts(hits, plan, m, r) {
      var hitSet = new Set(hits.map(function (h) { return h.doc; }));
      var union = unionCounts(hitSet, plan, r);
      if (union) return Promise.resolve(countsOut(union, m, r));
      var best = null, bestCost = hitSet.size;
      var seen = new Set();
      plan.must.concat([]).forEach(function (n) {
        leaves(n).forEach(function (t) {
          if (t.keyword || !t.file || seen.has(t.file)) return;
          seen.add(t.file);
          var docs = new Set();
          t.file.f.forEach(function (f) {
            var v = decodeV64(f), d = 0;
            for (var i = 0; i < v.length; i += 3) { d += v[i]; docs.add(d); }
          });
          var extra = [], missing = [];
          docs.forEach(function (d) { if (!hitSet.has(d)) extra.push(d); });
          hitSet.forEach(function (d) { if (!docs.has(d)) missing.push(d); });
          var cost = extra.length + missing.length;
          if (cost < bestCost) { bestCost = cost; best = { file: t.file, extra: extra, missing: missing }; }
        });
      });
      var counts = {};
      r.keywords.forEach(function (f) { counts[f] = new Map(); });
      var add = [], sub = [];
      if (best) {
        counts = readCounts(best.file.c, r);
        add = best.missing; sub = best.extra;
      } else {
        add = Array.from(hitSet);
      }
      return loadRecords(add.concat(sub), m).then(function (records) {
        function apply(doc, delta) {
          var rec = records.get(doc);
          r.keywords.forEach(function (f, fi) {
            var vals = Array.isArray(rec[fi]) ? Array.from(new Set(rec[fi])) : [rec[fi]];
            vals.forEach(function (v) { counts[f].set(v, (counts[f].get(v) || 0) + delta); });
          });
        }
        add.forEach(function (d) { apply(d, 1); });
        sub.forEach(function (d) { apply(d, -1); });
        return countsOut(counts, m, r);
      });
    }

    // unionCounts returns the counts of each facet's values, by field,
    // over hitSet, from the union counts (u: [pages, sum of their
    // numbers, counts]) of the file of plan's one term, when plan is a
    // query of one word alone and the file's are over the same pages as
    // hitSet; or null.
    function unionCounts(hitSet, plan, r) {
      if (!plan.single) return null;
      var file = null;
      leaves(andNode(plan.must)).forEach(function (t) { if (t.term === plan.single && t.file && t.file.u) file = t.file; });
      if (!file || file.u[0] !== hitSet.size) return null;
      var sum = 0;
      hitSet.forEach(function (d) { sum += d; });
      if (sum !== file.u[1]) return null;
      return readCounts(file.u[2], r);
    }

    // readCounts returns the facet counts of a term's file (c, or its
    // union counts' third member), by field, then value index: a string
    // of the text varint giving, for each facet in a facet record's
    // order (r.keywords), how many values it counts, then each value as
    // its distance from the one before and its count.
    function readCounts(s, r) {
      var v = decodeV64(s), at = 0, counts = {};
      r.keywords.forEach(function (f) {
        var byValue = counts[f] = new Map(), n = v[at++], value = 0;
        for (var k = 0; k < n; k++) {
          value += v[at++];
          byValue.set(value, v[at++]);
        }
      });
      return counts;
    }

    // countsOut returns the response's facets: the counts of each facet's
    // values (by field, then value index), by filter and value.
    function countsOut(counts, m, r) {
      var out = emptyFacets(r);
      r.keywords.forEach(function (f, fi) {
        var name = r.filters[fi];
        (counts[f] || new Map()).forEach(function (n, vi) {
          var v = m.facets[f][vi];
          if (n > 0 && v !== '') out[name][v] = n;
        });
      });
      return out;
    }

    return { search: search, warm: function () { index.check(); return index.meta(); } };
  }

  // emptyFacets returns the response's facets with no values counted.
  function emptyFacets(r) {
    var out = {};
    r.filters.forEach(function (name) { out[name] = {}; });
    return out;
  }

  // ---- Sections and snippets, as search/highlight.go finds them -------

  var encoder = typeof TextEncoder !== 'undefined' ? new TextEncoder() : null;
  var decoder = typeof TextDecoder !== 'undefined' ? new TextDecoder() : null;
  function utf8(s) { return encoder.encode(s); }
  function fromUTF8(b, start, end) { return decoder.decode(b.subarray(start, end)); }

  // newMatcher returns what tells the terms q matched in each text
  // field, as highlight.go's does: its exact terms, those one edit from
  // the terms of the words typoTolerant allows, field:value terms in their
  // field and prefixed, the terms the last word stood for as a prefix, by
  // field.
  function newMatcher(q, r, prefixed) {
    var m = { exact: new Set(), fuzzy: [], inField: {}, phrases: [], near: new Map(), r: r };
    function addInField(field, ts) {
      if (!m.inField[field]) m.inField[field] = new Set();
      ts.forEach(function (t) { m.inField[field].add(t); });
    }
    q.words.forEach(function (w) {
      var ts = terms(w, r), fuzzy = typoTolerant(w, ts, r);
      ts.forEach(function (t) {
        m.exact.add(t);
        if (fuzzy) m.fuzzy.push(t);
      });
    });
    q.phrases.forEach(function (p) {
      var ts = terms(p, r);
      ts.forEach(function (t) { m.exact.add(t); });
      if (ts.length > 1) m.phrases.push(ts);
    });
    q.fields.forEach(function (fv) {
      var f = r.query[fv.field];
      if (r.fields.indexOf(f) >= 0) addInField(f, terms(fv.value, r));
    });
    Object.keys(prefixed).forEach(function (f) { addInField(f, prefixed[f]); });
    return m;
  }

  function matches(m, field, term) {
    if (m.exact.has(term) || m.inField[field] && m.inField[field].has(term)) return true;
    if (!m.fuzzy.length) return false;
    if (!m.near.has(term)) m.near.set(term, m.fuzzy.some(function (f) { return withinOneEdit(f, term); }));
    return m.near.get(term);
  }

  function utf8Len(ch) { var c = ch.codePointAt(0); return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

  // utf8Offsets returns offset(k), where the character (code point) k of
  // text starts in its UTF-8, for k that never go down from one call to
  // the next: text's characters past ASCII are found once, by a regular
  // expression, and counted as k passes them.
  function utf8Offsets(text) {
    if (reSurrogate.test(text)) {
      var chars = Array.from(text), at = [0];
      for (var i = 0; i < chars.length; i++) at.push(at[i] + utf8Len(chars[i]));
      return function (k) { return at[k]; };
    }
    var wide = [], re = /[^\x00-\x7F]/g, m, w = 0, extra = 0;
    while ((m = re.exec(text))) wide.push(m.index);
    return function (k) {
      for (; w < wide.length && wide[w] < k; w++) extra += text.charCodeAt(wide[w]) < 0x800 ? 1 : 2;
      return k + extra;
    };
  }

  // find returns the matching words of text, which is of field, as byte
  // spans of its UTF-8, and its score, as highlight.go's find does: its
  // words and terms are the index's.
  function find(m, field, text) {
    var out = [], termsSeen = [], distinct = new Set();
    var offset = utf8Offsets(text);
    analyze(text, m.r).forEach(function (t) {
      if (matches(m, field, t.term)) {
        out.push([offset(t.from), offset(t.to)]);
        distinct.add(t.term);
      }
      if (m.phrases.length) termsSeen.push(t.term);
    });
    var sc = 10 * distinct.size + out.length;
    m.phrases.forEach(function (ph) {
      for (var i = 0; i + ph.length <= termsSeen.length; i++) {
        var whole = true;
        for (var j = 0; j < ph.length; j++) if (termsSeen[i + j] !== ph[j]) { whole = false; break; }
        if (whole) sc += 50;
      }
    });
    return { spans: out, score: sc };
  }

  function linkSection(hit, m, summary, parts) {
    var best = -1, bestScore = 0, bestSpans = null, bestBytes = null;
    (parts || []).forEach(function (p, i) {
      var f = find(m, 'body', p[2]), sc = f.score;
      var h = find(m, 'headings', p[1]).score;
      if (h > 0) sc += 2 * h;
      if (sc > bestScore) { best = i; bestScore = sc; bestSpans = f.spans; bestBytes = utf8(p[2]); }
    });
    var sb = utf8(summary);
    if (best < 0) { hit.snippet = mark(sb, find(m, 'summary', summary).spans, 0, sb.length); return; }
    var p = parts[best];
    if (p[0]) { hit.url += '#' + p[0]; hit.section = p[1]; }
    if (!bestSpans.length) { hit.snippet = mark(sb, find(m, 'summary', summary).spans, 0, sb.length); return; }
    var w = window_(bestBytes, bestSpans, m.r.snippet);
    hit.snippet = mark(bestBytes, bestSpans, w[0], w[1]);
  }

  function isRuneStart(c) { return (c & 0xC0) !== 0x80; }

  function window_(b, spans, length) {
    var bestStart = spans[0][0], bestCount = 0;
    spans.forEach(function (s, i) {
      var n = 0;
      for (var k = i; k < spans.length; k++) {
        if (spans[k][1] - s[0] > length - 40) break;
        n++;
      }
      if (n > bestCount) { bestStart = s[0]; bestCount = n; }
    });
    var start = Math.max(0, bestStart - 40);
    while (start > 0 && b[start - 1] !== 0x20) {
      start--;
      if (bestStart - start > 80) break;
    }
    while (start < b.length && !isRuneStart(b[start])) start++;
    var end = Math.min(b.length, start + length);
    while (end < b.length && b[end] !== 0x20 && end - start < length + 40) end++;
    while (end < b.length && !isRuneStart(b[end])) end++;
    return [start, end];
  }

  function escapeHTML(s) {
    return s.replace(/[&'<>"]/g, function (c) { return { '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;' }[c]; });
  }

  function mark(b, spans, start, end) {
    var out = start > 0 ? '…' : '', at = start;
    spans.forEach(function (s) {
      if (s[0] < at || s[1] > end) return;
      out += escapeHTML(fromUTF8(b, at, s[0])) + '<mark>' + escapeHTML(fromUTF8(b, s[0], s[1])) + '</mark>';
      at = s[1];
    });
    out += escapeHTML(fromUTF8(b, at, end));
    if (end < b.length) out += '…';
    return out.replace(/^[\s\u0085]+|[\s\u0085]+$/g, '');
  }

  // webIO returns how the script reads the index from a web server (see
  // openIndex's io): with fetch, and Decompress, the browser's
  // DecompressionStream if it has one.
  function webIO(fetch, Decompress) {
    var whole = new Map();
    function read(bytes) { return readIndexFile(bytes, Decompress); }
    return {
      json: function (url, fresh) {
        return fetch(url, fresh ? { cache: 'no-cache' } : {}).then(function (res) {
          if (!res.ok) throw new Error(url + ': ' + res.status);
          return res.arrayBuffer();
        }).then(function (buf) { return read(new Uint8Array(buf)); });
      },
      // A host answers a range request with 206 and those bytes, or,
      // if it takes no ranges, with 200 and the whole file: that is read
      // once, and the other requests for it then made stop.
      range: function (url, from, to) {
        if (whole.has(url)) return whole.get(url);
        return fetch(url, { headers: { Range: 'bytes=' + from + '-' + (to - 1) } }).then(function (res) {
          if (res.status === 206) {
            var sent = /^bytes (\d+)-/.exec(res.headers.get('Content-Range') || '');
            return res.arrayBuffer().then(function (buf) { return { at: sent ? Number(sent[1]) : from, bytes: new Uint8Array(buf) }; });
          }
          if (res.status !== 200) throw new Error(url + ': ' + res.status);
          if (whole.has(url)) {
            if (res.body) res.body.cancel().catch(function () {});
            return whole.get(url);
          }
          var p = res.arrayBuffer().then(function (buf) { return { at: 0, bytes: new Uint8Array(buf) }; });
          p.catch(function () { whole.delete(url); });
          whole.set(url, p);
          return p;
        });
      },
      read: read
    };
  }

  // ---- The page ----------------------------------------------------

  // loadScripts returns the reader of the index's files for a copy of the
  // site opened from a folder, where a browser will not fetch files (file:
  // URLs): each file, X.json or X.json.gz, is a script instead, X.js,
  // that hands its JSON to window.intkbIndex under "X.json" (see
  // search/static's doc), and a page may load a script from a folder.
  // base is the index's URL; the reader takes URLs under it, as fetch
  // would, and leaves the ?v= a web server's cache needs.
  function loadScripts(doc, win, base) {
    var handed = win.intkbIndex = win.intkbIndex || {};
    return function (url) {
      var rel = url.slice(base.length).replace(/[?#].*$/, '').replace(/\.gz$/, '');
      return new Promise(function (resolve, reject) {
        var s = doc.createElement('script');
        s.src = base + rel.replace(/\.json$/, '.js');
        s.onload = function () {
          s.remove();
          if (!Object.prototype.hasOwnProperty.call(handed, rel)) {
            reject(new Error(rel + ': its script handed nothing over'));
            return;
          }
          var data = handed[rel];
          delete handed[rel];
          resolve(data);
        };
        s.onerror = function () {
          s.remove();
          reject(new Error(rel + ': cannot be read'));
        };
        doc.head.appendChild(s);
      });
    };
  }

  // startPage runs the search page on static hosting. A page that the
  // server rendered (intkb serve) has its results already and is left
  // alone, as is any page without the search markup.
  function startPage(doc, win) {
    var root = doc.querySelector('[data-search-index]');
    if (!root || root.hasAttribute('data-server-rendered')) return;
    var out = doc.getElementById('search-static'), status = doc.getElementById('search-status');
    var form = root.querySelector('form.search-form'), input = doc.getElementById('search-page-q');
    var browse = root.querySelector('.browse-grid'), unavailable = doc.getElementById('search-unavailable');
    if (!out || !form || !input) return;
    unavailable.hidden = true;
    var base = root.getAttribute('data-search-base');
    // folderFile is set in a copy made to be opened from a folder (intkb
    // build --offline): with no web server to find a folder's page, a
    // link to a folder names its file.
    var folderFile = root.getAttribute('data-folder-file');
    var fromFolder = win.location.protocol === 'file:';
    // siteURL returns the link to u, a URL relative to the site root
    // such as playbooks/x/#steps.
    function siteURL(u) {
      if (/^https?:\/\//.test(u)) return u; // an imported blueprint's page on its own site
      if (folderFile === null) return base + u;
      var m = /^([^?#]*)(.*)$/.exec(u);
      return base + m[1] + (m[1] === '' || m[1].slice(-1) === '/' ? folderFile : '') + m[2];
    }
    var labels = {};
    var tpl = doc.getElementById('search-labels');
    (tpl && tpl.content ? tpl.content : doc).querySelectorAll('[data-facet]').forEach(function (el) {
      var f = el.getAttribute('data-facet');
      (labels[f] = labels[f] || {})[el.getAttribute('data-value')] = el.textContent;
    });
    // label returns what readers see for value v of the filter named
    // filter: the search layout's label for it, or v.
    function label(filter, v) { return (labels[filter] || {})[v] || v; }

    var indexBase = root.getAttribute('data-search-index');
    // The index's meta.json, which the page carries when the build wrote
    // both together: a search need not wait to fetch it.
    var carried = null, metaEl = doc.getElementById('search-meta');
    if (metaEl) {
      try { carried = JSON.parse(metaEl.textContent); } catch (e) { carried = null; }
    }
    var engine = createEngine(indexBase, folderFile !== null || fromFolder ? { json: loadScripts(doc, win, indexBase) } :
      webIO(function (url, init) { return win.fetch(url, init); }, win.DecompressionStream), carried);
    // Nothing is fetched until the reader is about to search.
    [input, doc.getElementById('site-search')].forEach(function (el) {
      if (el) el.addEventListener('focus', function () { engine.warm().catch(function () {}); }, { once: true });
    });

    // listed is the page's filters, in order, as meta.json gives them (see
    // rules); until it is read, state.filters holds each URL parameter's
    // values as the URL gave them.
    var listed = null;
    var state = readState(win.location.search), seq = 0, timer = 0;
    // When the reader last typed in the search box (see countWhenShown).
    var lastTyped = 0, TYPING_PAUSE = 500;
    input.value = state.q;
    var header = doc.getElementById('site-search');
    if (header) header.value = state.q;

    function readState(search) {
      var p = new URLSearchParams(search), st = { q: (p.get('q') || '').trim(), filters: {}, page: parseInt(p.get('page'), 10) || 1 };
      p.forEach(function (s, name) {
        if (name === 'q' || name === 'page') return;
        var vs = st.filters[name] = st.filters[name] || [];
        s.split(',').forEach(function (v) { v = v.trim(); if (v && vs.indexOf(v) < 0) vs.push(v); });
      });
      if (listed) st.filters = canonical(st.filters);
      if (st.page < 1) st.page = 1;
      return st;
    }
    // canonical returns the values of each listed filter, by its name,
    // from byParam, which holds values by URL parameter: a filter's are
    // those of any of its parameters.
    function canonical(byParam) {
      var out = {};
      listed.forEach(function (f) {
        var vs = [];
        f.params.forEach(function (name) {
          (byParam[name] || []).forEach(function (v) { if (vs.indexOf(v) < 0) vs.push(v); });
        });
        out[f.filter] = vs;
      });
      return out;
    }
    function stateURL(st, page) {
      var p = new URLSearchParams();
      if (st.q) p.set('q', st.q);
      (listed ? listed.map(function (f) { return f.filter; }) : Object.keys(st.filters)).forEach(function (name) {
        st.filters[name].forEach(function (v) { p.append(name, v); });
      });
      if (page > 1) p.set('page', String(page));
      return siteURL('search/') + (p.toString() ? '?' + p.toString() : '');
    }
    function go(push) {
      var url = stateURL(state, state.page);
      if (push) win.history.pushState(null, '', url); else win.history.replaceState(null, '', url);
      run();
    }

    function run() {
      var mine = ++seq;
      doc.title = (state.q ? 'Search results for “' + state.q + '”' : 'Search') + doc.title.replace(/^[^–]*/, ' ');
      var h1 = doc.getElementById('page-title');
      if (h1) h1.textContent = state.q ? 'Search results' : 'Search';
      if (!state.q) {
        out.innerHTML = '';
        if (browse) browse.hidden = false;
        status.textContent = '';
        return;
      }
      out.setAttribute('aria-busy', 'true');
      if (state.q.length > 512) {
        show('<div class="notice notice--warning" role="alert"><h2 class="notice__title">There is a problem</h2><p>query is ' +
          state.q.length + ' characters long: the most is 512</p></div>', 'The query is too long.');
        return;
      }
      engine.warm().then(function (m) {
        if (!listed) {
          listed = rules(m).listed;
          state.filters = canonical(state.filters);
        }
        return engine.search({ query: state.q, filters: state.filters, page: state.page, size: DEFAULT_SIZE, facets: false });
      }).then(function (res) {
        if (mine !== seq) return;
        render(res);
        countWhenShown(res, mine);
      }, function () {
        if (mine !== seq) return;
        if (fromFolder && folderFile === null) {
          show('<div class="notice notice--warning" role="alert"><h2 class="notice__title">Search does not work in this copy</h2>' +
            '<p>This copy of the site was made for a web server, and it is open from a folder. Ask whoever shared it for the copy made ' +
            'to be opened from a folder (intkb build --offline), or browse below.</p></div>', 'Search does not work in this copy.');
        } else {
          show('<div class="notice notice--warning" role="alert"><h2 class="notice__title">Search is not available right now</h2>' +
            '<p>The search index could not be loaded. Please try again in a moment, or browse below.</p></div>', 'Search is not available right now.');
        }
        if (browse) browse.hidden = false;
      });
    }

    function show(html, announce) {
      out.innerHTML = html;
      out.setAttribute('aria-busy', 'false');
      status.textContent = announce;
    }

    // chosenLabels returns the words for each value chosen, filter by
    // filter, as the server names them.
    function chosenLabels() {
      var chosen = [];
      listed.forEach(function (f) { state.filters[f.filter].forEach(function (v) { chosen.push(label(f.filter, v)); }); });
      return chosen;
    }

    // facetLists returns the filters to offer from a response's facets:
    // each listed filter with values, its values by count.
    function facetLists(counted) {
      return listed.map(function (f) {
        var selected = state.filters[f.filter], counts = counted[f.filter] || {};
        var values = Object.keys(counts).map(function (v) {
          return { value: v, label: label(f.filter, v), count: counts[v], selected: selected.indexOf(v) >= 0 };
        });
        values.sort(function (a, b) { return b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0); });
        if (f.shown) values = values.filter(function (v, i) { return i < f.shown || v.selected; });
        return { param: f.filter, title: f.title, values: values };
      }).filter(function (f) { return f.values.length; });
    }

    function render(res) {
      // Whether the reader had opened the filters, which stay open as the
      // list redraws. Until a response's facets are counted (see
      // countWhenShown), the filters show their summary alone.
      var chosen = chosenLabels();
      var filtered = chosen.length > 0, before = out.querySelector('details.search-filters'), open = !!(before && before.open);
      var pages = Math.ceil(res.total / res.size), first = (res.page - 1) * res.size + 1, last = first + res.hits.length - 1;
      var q = escapeHTML(state.q);
      var facets = res.facets ? facetLists(res.facets) : null;
      var count = res.total ? res.total + ' ' + (res.total === 1 ? 'page matches' : 'pages match') + ' “' + q + '”' +
        (pages > 1 ? ', showing ' + first + ' to ' + last : '') : 'No pages match “' + q + '”';
      var h = '<div class="search-layout"><section class="search-results" aria-labelledby="results-title">' +
        '<h2 id="results-title" class="search-results__count" tabindex="-1">' + count + '</h2>';
      if (facets ? facets.length : res.total) h += filtersHTML(facets, chosen, open);
      if (res.hits.length) {
        h += '<ol class="search-results__list">';
        res.hits.forEach(function (hit) {
          var area = hit.area ? label('area', hit.area) : '';
          var from = hit.source ? 'from ' + label('site', hit.source) : '';
          h += '<li class="search-result"><p class="card__type">' + escapeHTML(label('type', hit.type) || 'Page') + (area ? ' · ' + escapeHTML(area) : '') +
            (from ? ' · ' + escapeHTML(from) : '') +
            '</p><h3 class="search-result__title"><a href="' + escapeHTML(siteURL(hit.url)) + '">' + escapeHTML(hit.title) +
            (hit.section ? '<span class="search-result__section">: ' + escapeHTML(hit.section) + '</span>' : '') +
            '</a></h3><p class="search-result__snippet">' + hit.snippet + '</p></li>';
        });
        h += '</ol>';
      } else if (res.total) {
        h += '<p>There are no more results. <a href="' + escapeHTML(stateURL(state, 1)) + '" data-page="1">Go back to the first page</a>.</p>';
      } else {
        h += '<p>Try fewer or different words, check the spelling' + (filtered ? ', or <a href="' +
          escapeHTML(stateURL({ q: state.q, filters: emptyFilters() }, 1)) + '" data-clear>remove the filters</a>' : '') + '.</p>';
      }
      if (res.page > 1 && res.page <= pages + 1 || res.page < pages) {
        h += '<nav class="pagination" aria-label="Pages of results"><ul>';
        if (res.page > 1 && res.page <= pages + 1) {
          h += '<li class="pagination__prev"><a href="' + escapeHTML(stateURL(state, res.page - 1)) + '" rel="prev" data-page="' + (res.page - 1) +
            '">Previous<span class="visually-hidden"> page of results</span></a></li>';
        }
        h += '<li>Page ' + res.page + ' of ' + pages + '</li>';
        if (res.page < pages) {
          h += '<li class="pagination__next"><a href="' + escapeHTML(stateURL(state, res.page + 1)) + '" rel="next" data-page="' + (res.page + 1) +
            '">Next<span class="visually-hidden"> page of results</span></a></li>';
        }
        h += '</ul></nav>';
      }
      h += '</section></div>';
      if (browse) browse.hidden = true;
      show(h, count.replace(/<[^>]*>/g, '') + '.');
    }

    function emptyFilters() { return canonical({}); }

    // filtersHTML draws the filters, after the result count: a disclosure,
    // open if the reader opened it, whose summary names what is chosen;
    // with facets null, not yet counted, its body says so.
    function filtersHTML(facets, chosen, open) {
      return '<details class="search-filters"' + (open ? ' open' : '') + '><summary class="search-filters__summary">Filter results' +
        (chosen.length ? '<span class="visually-hidden">, </span> <span class="search-filters__chosen">' + chosen.length + ' chosen: ' +
          escapeHTML(chosen.join(', ')) + '</span>' : '') +
        '</summary><nav class="search-filters__body" aria-labelledby="filters-title"' + (facets ? '' : ' aria-busy="true"') + '>' +
        filtersBodyHTML(facets, chosen, facets ? '' : '<p class="search-filters__counting">Counting the pages for each filter…</p>') + '</nav></details>';
    }

    // filtersBodyHTML draws what the filters' disclosure holds: the link
    // that clears them, then each filter's values, or note in their place.
    function filtersBodyHTML(facets, chosen, note) {
      var h = '<h3 id="filters-title" class="search-filters__heading">Filter results</h3>';
      if (chosen.length) h += '<p><a href="' + escapeHTML(stateURL({ q: state.q, filters: emptyFilters() }, 1)) + '" data-clear>Clear all filters</a></p>';
      if (!facets) return h + note;
      facets.forEach(function (f) {
        h += '<h4 class="search-filters__title">' + escapeHTML(f.title) + '</h4><ul class="search-filters__list">';
        f.values.forEach(function (v) {
          h += '<li><button type="button" class="search-filters__toggle' + (v.selected ? ' is-selected' : '') + '" aria-pressed="' + v.selected +
            '" data-param="' + f.param + '" data-value="' + escapeHTML(v.value) + '">' + (v.selected ? '<span aria-hidden="true">✓ </span>' : '') +
            escapeHTML(v.label) + ' <span class="search-filters__count">(' + v.count + ')</span></button></li>';
        });
        h += '</ul>';
      });
      return h;
    }

    // countWhenShown counts the filters of res, drawn uncounted, once the
    // reader can see them: at once where they show beside the results,
    // or when the reader opens them where they fold under their summary,
    // as on a phone, where most searches then fetch no facet records.
    // Whether they show is read from the page as drawn (checkVisibility),
    // not from a copy of the style sheet's rules; a browser that cannot
    // tell counts them at once. While the reader types, each search shown
    // is soon replaced by the next: its filters are counted only once the
    // typing has stopped for TYPING_PAUSE ms.
    var unwatch = null; // stops watching the filters drawn last
    function countWhenShown(res, mine) {
      if (unwatch) unwatch();
      unwatch = null;
      var details = out.querySelector('details.search-filters');
      var body = details && details.querySelector('.search-filters__body');
      if (!body || !res.countFacets) return;
      var started = false, watch = null, later = 0;
      unwatch = stop;
      function shown() { return details.open || !body.checkVisibility || body.checkVisibility(); }
      function check() {
        if (mine !== seq) {
          stop();
          return;
        }
        if (!shown()) return;
        var wait = lastTyped + TYPING_PAUSE - Date.now();
        win.clearTimeout(later);
        if (wait > 0) later = win.setTimeout(check, wait);
        else count();
      }
      function stop() {
        details.removeEventListener('toggle', check);
        win.removeEventListener('resize', check);
        if (watch) watch.disconnect();
        win.clearTimeout(later);
      }
      function count() {
        if (started) return;
        started = true;
        stop();
        res.countFacets().then(function (counted) {
          if (mine !== seq) return;
          var facets = facetLists(counted);
          if (!facets.length) {
            details.parentNode.removeChild(details);
            return;
          }
          body.innerHTML = filtersBodyHTML(facets, chosenLabels());
          body.removeAttribute('aria-busy');
        }, function () {
          if (mine !== seq) return;
          body.innerHTML = filtersBodyHTML(null, chosenLabels(), '<p>The filters could not be counted. Search again to try once more.</p>');
          body.removeAttribute('aria-busy');
        });
      }
      details.addEventListener('toggle', check);
      // A window made wider may show them beside the results.
      win.addEventListener('resize', check);
      if (win.ResizeObserver) {
        watch = new win.ResizeObserver(check);
        watch.observe(body);
      }
      check();
    }

    out.addEventListener('click', function (ev) {
      var el = ev.target.closest('button[data-param], a[data-page], a[data-clear]');
      if (!el) return;
      ev.preventDefault();
      if (el.hasAttribute('data-clear')) {
        state.filters = emptyFilters();
        state.page = 1;
        go(true);
        var heading = doc.getElementById('results-title');
        if (heading) heading.focus();
        return;
      }
      if (el.hasAttribute('data-page')) {
        state.page = parseInt(el.getAttribute('data-page'), 10);
        go(true);
        return;
      }
      var param = el.getAttribute('data-param'), value = el.getAttribute('data-value'), list = state.filters[param];
      var at = list.indexOf(value);
      if (at >= 0) list.splice(at, 1); else list.push(value);
      state.page = 1;
      go(true);
      // Keep the reader on the filter they toggled once the list redraws
      // and its values are counted again; refocus reports whether it is
      // done.
      var wait = seq;
      var refocus = function () {
        if (wait !== seq) return true;
        var again = out.querySelector('button[data-param="' + param + '"][data-value="' + cssEscape(value) + '"]');
        if (again) {
          again.focus();
          return true;
        }
        if (out.querySelector('.search-filters__body[aria-busy]')) return false;
        if (doc.getElementById('results-title')) doc.getElementById('results-title').focus();
        return true;
      };
      new win.MutationObserver(function (_, obs) { if (refocus()) obs.disconnect(); })
        .observe(out, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
    });

    function cssEscape(s) { return win.CSS && win.CSS.escape ? win.CSS.escape(s) : s.replace(/["\\]/g, '\\$&'); }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      state.q = input.value.trim();
      state.page = 1;
      go(true);
    });
    // As the reader types, the page searches once they pause, but not
    // while the last word is one letter: a letter stands for the
    // commonest words it begins (shortPrefixTerms in meta.json's rules),
    // each on many pages. On a generated site of 10,000 pages, typing
    // "frailty" a letter at a time, as on a phone, fetched 230 KB, most
    // of it for "f"; from the second letter on, 43 KB. Enter searches for
    // whatever is typed.
    input.addEventListener('input', function () {
      lastTyped = Date.now();
      clearTimeout(timer);
      timer = setTimeout(function () {
        var typed = input.value.trim();
        if (typed === state.q || typed && runeLen(typed.split(/\s+/).pop()) < 2) return;
        state.q = typed;
        state.page = 1;
        go(false);
      }, 200);
    });
    win.addEventListener('popstate', function () {
      state = readState(win.location.search);
      input.value = state.q;
      run();
    });
    if (state.q) run();
  }

  var engine = {
    analyze: analyze, stem: stem, tokenize: tokenize, tokenizeRules: tokenizeRules, withinOneEdit: withinOneEdit, parseQuery: parseQuery, createEngine: createEngine,
    decodeV64: decodeV64, rules: rules, readIndexFile: readIndexFile, webIO: webIO,
    // marks returns the byte spans of text, of field, that a response's
    // matcher marks.
    marks: function (res, field, text) { return res.matcher ? find(res.matcher, field, text).spans : []; }
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = engine;
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { startPage(document, global); });
    else startPage(document, global);
  }
})(typeof window !== 'undefined' ? window : this);
