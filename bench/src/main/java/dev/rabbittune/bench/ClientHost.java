package dev.rabbittune.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/**
 * The machine the client ran on, recorded with each result so runs can be compared fairly (the broker host's facts
 * are the doctor's {@code HostFacts}).
 */
public record ClientHost(String hostname, int cores, long memoryBytes, String os, String javaVersion) {

    public static ClientHost current() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        String hostname;
        try {
            hostname = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            hostname = "unknown";
        }
        return new ClientHost(hostname, Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }
}
