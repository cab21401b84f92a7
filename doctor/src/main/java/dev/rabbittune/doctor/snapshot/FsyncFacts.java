package dev.rabbittune.doctor.snapshot;

/**
 * Latency of {@code write(4 KiB) + fsync} measured on a file system; the page cache alone would say nothing.
 *
 * @param path          the directory the probe file was written in
 * @param sameFsAsData  true when that directory is on the data dir's file system
 * @param samples       number of fsyncs
 * @param p50Millis     median latency
 * @param maxMillis     worst latency
 */
public record FsyncFacts(String path, boolean sameFsAsData, int samples, double p50Millis, double maxMillis) {
}
