package dev.rabbittune.monitor;

/** One node's resource figures from {@code /api/nodes}; -1 where the node did not report one (it is down). */
record NodeFigures(String name, boolean running, long memUsedBytes, long memLimitBytes, boolean memAlarm,
        long diskFreeBytes, long diskFreeLimitBytes, boolean diskAlarm, long fdUsed, long fdTotal) {
}
