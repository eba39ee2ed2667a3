package dev.tokenpose.eval;

/**
 * COCOeval's accumulated curves ({@code eval['precision']}, {@code eval['recall']}) for its single
 * detection limit; −1 where a category has no unignored object in a range.
 *
 * @param precision [threshold][recall threshold][category][area range]: interpolated precision
 * @param recall [threshold][category][area range]: recall at the last detection
 */
record Accumulation(double[][][][] precision, double[][][] recall) {}
