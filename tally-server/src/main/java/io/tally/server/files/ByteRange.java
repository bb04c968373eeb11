package io.tally.server.files;

/**
 * The {@code Range} header of a file read (RFC 9110 section 14), single ranges only: {@code bytes=a-b},
 * {@code bytes=a-} and {@code bytes=-n}. Pure; any thread.
 */
public sealed interface ByteRange {

    /** The whole file (no Range header, or one this parser ignores as the RFC allows: another unit, several ranges). */
    record Full() implements ByteRange {}

    /** Bytes {@code first..last} inclusive, answered 206 with {@code Content-Range: bytes first-last/size}. */
    record Part(long first, long last) implements ByteRange {
        public Part {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("expected 0 <= first <= last, got " + first + "-" + last);
            }
        }

        /** Number of bytes in the range. */
        public long lengthBytes() {
            return last - first + 1;
        }
    }

    /** No byte of the file is in the range: 416 with {@code Content-Range: bytes * /size}. */
    record Unsatisfiable() implements ByteRange {}

    /**
     * Interprets {@code header} (null = absent) for a file of {@code sizeBytes}. Malformed or multi-range headers
     * are ignored (the whole file is served), as RFC 9110 lets a server do; a syntactically valid range that
     * selects nothing is {@link Unsatisfiable}.
     */
    static ByteRange parse(String header, long sizeBytes) {
        if (header == null) {
            return new Full();
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Full();
        }
        String spec = h.substring(6).trim();
        if (spec.isEmpty() || spec.indexOf(',') >= 0) {
            return new Full();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Full();
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (a.isEmpty()) {
            long n = digits(b);
            if (n < 0) {
                return new Full();
            }
            if (n == 0 || sizeBytes == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, sizeBytes - n), sizeBytes - 1);
        }
        long first = digits(a);
        if (first < 0) {
            return new Full();
        }
        long last;
        if (b.isEmpty()) {
            last = Long.MAX_VALUE;
        } else {
            last = digits(b);
            if (last < 0 || last < first) {
                return new Full();
            }
        }
        if (first >= sizeBytes) {
            return new Unsatisfiable();
        }
        return new Part(first, Math.min(last, sizeBytes - 1));
    }

    /** The value of a non-empty string of at most 18 ASCII digits, or -1 (so no overflow is possible). */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return s.length() > 18 && s.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.MAX_VALUE / 2 : -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
