package dev.rabbittune.doctor.config;

import dev.rabbittune.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration produced by {@link ConfigGenerator}: the settings of each file, what they were sized from and
 * remarks for the operator. {@link #files()} renders the files; {@link #writeTo} writes them into a directory
 * (never into /etc: installing them is left to the operator, as the README says).
 *
 * @param source        where the snapshot came from (management URL or file)
 * @param takenAt       when it was taken
 * @param sizedFrom     the facts the values rest on, one line each
 * @param rabbitmqConf  rabbitmq.conf settings
 * @param sysctl        sysctl.d settings
 * @param systemd       [Service] settings of the systemd drop-in
 * @param notes         things the files cannot fix (a small disk, a 2-node cluster …)
 * @param clusterNodes  members of the cluster (the install steps of a cluster are a rolling restart)
 */
public record GeneratedConfig(String source, String takenAt, List<String> sizedFrom, List<ConfigSetting> rabbitmqConf,
        List<ConfigSetting> sysctl, List<ConfigSetting> systemd, List<String> notes, int clusterNodes) {

    public static final String RABBITMQ_CONF = "rabbitmq.conf";
    public static final String SYSCTL_CONF = "sysctl.d/60-rabbitmq.conf";
    public static final String SYSTEMD_CONF = "systemd/rabbitmq-server.service.d/limits.conf";
    public static final String README = "README.md";

    public GeneratedConfig {
        sizedFrom = List.copyOf(sizedFrom);
        rabbitmqConf = List.copyOf(rabbitmqConf);
        sysctl = List.copyOf(sysctl);
        systemd = List.copyOf(systemd);
        notes = List.copyOf(notes);
    }

    /** The value of a rabbitmq.conf key, or null when the file does not set it. */
    public String rabbitmqConfValue(String key) {
        return rabbitmqConf.stream().filter(s -> s.key().equals(key)).map(ConfigSetting::value).findFirst()
                .orElse(null);
    }

    /** File path (relative to the output directory) to content, in the order the README describes them. */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(RABBITMQ_CONF, ConfigText.keyValueFile(this, rabbitmqConf, "/etc/rabbitmq/rabbitmq.conf"));
        files.put(SYSCTL_CONF, ConfigText.keyValueFile(this, sysctl, "/etc/sysctl.d/60-rabbitmq.conf"));
        files.put(SYSTEMD_CONF, ConfigText.systemdFile(this));
        files.put(README, ConfigText.readme(this));
        return files;
    }

    /**
     * Writes {@link #files()} under {@code dir}, creating it and its subdirectories; existing files of the same
     * names are replaced.
     *
     * @return the files written
     * @throws BadInputException when the directory cannot be created or a file cannot be written
     */
    public List<Path> writeTo(Path dir) {
        try {
            for (Map.Entry<String, String> file : files().entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
        } catch (IOException e) {
            throw new BadInputException("cannot write the configuration into " + dir + ": " + e.getMessage(),
                    "choose a writable directory", e);
        }
        return files().keySet().stream().map(dir::resolve).toList();
    }
}
