package dev.rabbittune.bench;

import dev.rabbittune.core.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Message body sizes drawn with given weights, e.g. {@code 100:70,4096:30} (70% of 100 B, 30% of 4 KiB). A single
 * size is a mix of one.
 *
 * @param sizesBytes body sizes in bytes
 * @param weights    relative weights, same length, each > 0
 */
public record SizeMix(List<Integer> sizesBytes, List<Integer> weights) {

    public SizeMix {
        sizesBytes = List.copyOf(sizesBytes);
        weights = List.copyOf(weights);
        if (sizesBytes.isEmpty() || sizesBytes.size() != weights.size()) {
            throw new BadInputException("a size mix needs one weight per size");
        }
        for (int i = 0; i < sizesBytes.size(); i++) {
            if (sizesBytes.get(i) < 0 || sizesBytes.get(i) > Workload.MAX_MESSAGE_BYTES) {
                throw new BadInputException("message size must be between 0 and " + Workload.MAX_MESSAGE_BYTES
                        + " bytes, got " + sizesBytes.get(i));
            }
            if (weights.get(i) <= 0) {
                throw new BadInputException("size mix weights must be > 0, got " + weights.get(i));
            }
        }
    }

    public static SizeMix fixed(int sizeBytes) {
        return new SizeMix(List.of(sizeBytes), List.of(1));
    }

    /** Parses {@code size:weight[,size:weight...]}; a bare size has weight 1. */
    public static SizeMix parse(String text) {
        List<Integer> sizes = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] pair = part.trim().split(":");
            try {
                sizes.add(Integer.parseInt(pair[0].trim()));
                weights.add(pair.length > 1 ? Integer.parseInt(pair[1].trim()) : 1);
            } catch (NumberFormatException e) {
                throw new BadInputException("invalid size mix '" + text + "'", "expected size:weight,... e.g. 100:70,4096:30", e);
            }
            if (pair.length > 2) {
                throw new BadInputException("invalid size mix '" + text + "'", "expected size:weight,... e.g. 100:70,4096:30", null);
            }
        }
        return new SizeMix(sizes, weights);
    }

    public int smallest() {
        return sizesBytes.stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    public int largest() {
        return sizesBytes.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Average body size, weighted. */
    public double meanBytes() {
        double total = 0;
        int weightSum = 0;
        for (int i = 0; i < sizesBytes.size(); i++) {
            total += (double) sizesBytes.get(i) * weights.get(i);
            weightSum += weights.get(i);
        }
        return total / weightSum;
    }

    /** Draws a size; {@code random} is the caller's own (not shared between threads). */
    int draw(SplittableRandom random) {
        if (sizesBytes.size() == 1) {
            return sizesBytes.get(0);
        }
        int weightSum = weights.stream().mapToInt(Integer::intValue).sum();
        int pick = random.nextInt(weightSum);
        for (int i = 0; i < sizesBytes.size(); i++) {
            pick -= weights.get(i);
            if (pick < 0) {
                return sizesBytes.get(i);
            }
        }
        return sizesBytes.get(sizesBytes.size() - 1);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sizesBytes.size(); i++) {
            text.append(i == 0 ? "" : ",").append(sizesBytes.get(i));
            if (sizesBytes.size() > 1) {
                text.append(':').append(weights.get(i));
            }
        }
        return text.toString();
    }
}
