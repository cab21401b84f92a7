package dev.rabbittune.bench.tune;

/**
 * How a sweep chooses the points it measures before re-sampling the unclear ones.
 *
 * <ul>
 *   <li>{@link #GRID}: every point of the grid.</li>
 *   <li>{@link #COORDINATE}: from the middle value of every axis, each axis in turn: the points along it through
 *       the best point so far, then on from the best of them. Measures 1 + the sum of (values - 1) points instead of
 *       their product, at the price of missing a best point that only a change of two axes at once reaches.</li>
 *   <li>{@link #AUTO}: the grid up to {@link #GRID_LIMIT} points, coordinate search beyond.</li>
 * </ul>
 */
public enum Strategy {
    AUTO, GRID, COORDINATE;

    /** The largest grid {@link #AUTO} measures whole. */
    public static final int GRID_LIMIT = 12;

    /** What {@link #AUTO} becomes for a plan with {@code points} points. */
    Strategy resolve(int points) {
        return this != AUTO ? this : points <= GRID_LIMIT ? GRID : COORDINATE;
    }
}
