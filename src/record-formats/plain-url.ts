/**
 * A conservative test for the generated record checks (scripts/codegen/record-checks.ts): whether the WHATWG URL parser certainly
 * accepts a string as an http(s) URL exactly as written, decided without the parser (it costs ~1 µs a call). A URL it
 * refuses is not thereby invalid — it goes to zod, which asks the parser.
 */
const isAlphanumeric = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** `c` is the ASCII letter whose lower case is `lower`. */
const isCaseless = (c: number, lower: number) => (c | 32) === lower && isLetter(c);

/**
 * Whether the WHATWG URL parser certainly accepts `url` as an http(s) URL, read without it (it costs ~1 µs a call):
 * `http://` or `https://`, a host of dot-separated labels of ASCII letters, digits and inner hyphens (no IDNA `xn--`
 * label, which the parser decodes and may refuse; the last label starting with a letter, so it is not read as an IPv4
 * address), an optional port of at most 4 digits, then `/`, `?` or `#` and printable ASCII only (path, query and
 * fragment never fail to parse, and no tab or newline is there to strip). Any other URL goes to the parser.
 */
export function plainHttpUrl(url: string): boolean {
  const n = url.length;
  let i = 4;
  if (!(isCaseless(url.charCodeAt(0), 104) && isCaseless(url.charCodeAt(1), 116))) return false;
  if (!(isCaseless(url.charCodeAt(2), 116) && isCaseless(url.charCodeAt(3), 112))) return false;
  if (isCaseless(url.charCodeAt(i), 115)) i++;
  if (url.charCodeAt(i) !== 58 || url.charCodeAt(i + 1) !== 47 || url.charCodeAt(i + 2) !== 47) return false;
  i += 3;
  let labelStart = i;
  for (; i < n; i++) {
    const c = url.charCodeAt(i);
    if (i === labelStart) {
      if (!isAlphanumeric(c)) break;
      const punycode = isCaseless(c, 120) && isCaseless(url.charCodeAt(i + 1), 110);
      if (punycode && url.charCodeAt(i + 2) === 45 && url.charCodeAt(i + 3) === 45) return false;
    } else if (c === 46 && url.charCodeAt(i - 1) !== 45) {
      labelStart = i + 1;
    } else if (!isAlphanumeric(c) && c !== 45) {
      break;
    }
  }
  if (i === labelStart || url.charCodeAt(i - 1) === 45 || !isLetter(url.charCodeAt(labelStart))) return false;
  if (url.charCodeAt(i) === 58) {
    const portStart = ++i;
    while (i < n && i - portStart < 5 && url.charCodeAt(i) >= 48 && url.charCodeAt(i) <= 57) i++;
    if (i === portStart || i - portStart > 4) return false;
  }
  if (i === n) return true;
  const c = url.charCodeAt(i);
  if (c !== 47 && c !== 63 && c !== 35) return false;
  printableTail.lastIndex = i;
  return printableTail.test(url);
}

/** Printable ASCII from `lastIndex` to the end (a sticky regex scans it faster than a loop over character codes). */
const printableTail = /[\x21-\x7e]*$/y;
