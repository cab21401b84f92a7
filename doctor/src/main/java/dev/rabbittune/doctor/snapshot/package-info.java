/**
 * The immutable, JSON-serialisable picture of a host, broker and cluster that the doctor's rules read. A
 * {@link dev.rabbittune.doctor.snapshot.Snapshot} is produced by the probes or loaded from a file; it never holds
 * credentials. Boxed numbers are {@code null} when the value was not visible (a remote host, an older broker, a
 * node that is down); rules stay silent about what they cannot see.
 */
package dev.rabbittune.doctor.snapshot;
