package dev.rabbittune.doctor.snapshot;

/**
 * The broker's data directory (node {@code db_dir}) and the file system holding it.
 *
 * @param path       the directory
 * @param mountPoint the mount point from /proc/mounts
 * @param fsType     the file system type (ext4, xfs, nfs4 …)
 * @param freeBytes  usable space, null when not readable
 * @param totalBytes size of the file system, null when not readable
 */
public record DataDirFacts(String path, String mountPoint, String fsType, Long freeBytes, Long totalBytes) {
}
