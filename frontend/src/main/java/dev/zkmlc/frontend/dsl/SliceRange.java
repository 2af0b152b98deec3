package dev.zkmlc.frontend.dsl;

/** Python's slice rules (negative indices count from the end; out-of-range bounds are clamped). */
final class SliceRange {
    private SliceRange() {}

    /** {start, end} for the IR's Slice, from Python-style bounds; null bounds take the defaults. */
    static int[] resolve(Long start, Long end, int step, int extent) {
        long s;
        long e;
        if (step > 0) {
            s = start == null ? 0 : clamp(start < 0 ? start + extent : start, 0, extent);
            e = end == null ? extent : clamp(end < 0 ? end + extent : end, 0, extent);
            e = Math.max(s, e);
        } else {
            s = start == null ? extent - 1 : clamp(start < 0 ? start + extent : start, -1, extent - 1);
            e = end == null ? -1 : clamp(end < 0 ? end + extent : end, -1, extent - 1);
            e = Math.min(s, e);
        }
        return new int[] {(int) s, (int) e};
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
