package dev.rabbittune.monitor;

/** One queue as the management API lists it with {@code columns=}. */
record QueueFigures(String vhost, String name, String type, long messages, long ready, long unacked, int consumers) {
}
