package dev.rabbittune.doctor.internal.versions;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Support windows and upgrade paths of the RabbitMQ release series, as the website published them
 * ({@code rabbitmq/rabbitmq-website@HEAD of 2026-08-21}: {@code docusaurus.config.js} {@code releaseBranches}, and
 * {@code docs/upgrade.md} "RabbitMQ Version Upgradability"). Where a series has no explicit end of community
 * support, the website takes the end of the month in which the next series first shipped
 * ({@code src/components/RabbitMQServerReleaseInfo/index.js:160-166}); the dates below are computed that way.
 *
 * @param series                 e.g. {@code 4.2}
 * @param endOfCommunitySupport  last day of bug and security fixes in the open-source releases
 * @param endOfSupport           last day of (commercial) support
 * @param upgradesTo             the next series it upgrades to in one step on the furthest documented path
 */
public record ReleaseSeries(String series, LocalDate endOfCommunitySupport, LocalDate endOfSupport,
        String upgradesTo) {

    /** When the website data below was read; newer series than the last row are not known here. */
    public static final LocalDate DATA_AS_OF = LocalDate.of(2026, 8, 21);

    private static final List<ReleaseSeries> ALL = List.of(
            new ReleaseSeries("3.10", date("2022-09-30"), date("2023-12-31"), "3.11"),
            new ReleaseSeries("3.11", date("2023-06-30"), date("2024-06-30"), "3.12"), // from 3.11.18 on
            new ReleaseSeries("3.12", date("2024-02-29"), date("2025-06-30"), "3.13"),
            new ReleaseSeries("3.13", date("2024-09-30"), date("2029-12-31"), "4.2"),
            new ReleaseSeries("4.0", date("2025-04-30"), date("2026-09-30"), "4.2"),
            new ReleaseSeries("4.1", date("2026-01-31"), date("2027-04-30"), "4.2"),
            new ReleaseSeries("4.2", date("2026-07-31"), date("2030-06-30"), "4.3"),
            new ReleaseSeries("4.3", date("2026-11-30"), date("2028-04-30"), null));

    private static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    /** The series of {@code release}, or null when it is not in the data (older than 3.10 or newer than 4.3). */
    public static ReleaseSeries of(Release release) {
        if (release == null) {
            return null;
        }
        return ALL.stream().filter(s -> s.series.equals(release.series())).findFirst().orElse(null);
    }

    /** True when {@code release} is older than every series in the data (and so long out of support). */
    public static boolean olderThanData(Release release) {
        return release != null && release.compareTo(Release.parse(ALL.get(0).series)) < 0;
    }

    /**
     * For a 3.x release older than the data: every minor series up to 3.10 (the upgrade table allows one step at a
     * time, 3.7.18 -> 3.8 -> 3.9 -> 3.10), then the path from 3.10.
     */
    public static List<String> pathFromBefore310(Release release) {
        List<String> path = new ArrayList<>();
        if (release.major() < 3) {
            path.add("3.6 (a full-stop upgrade: 2.x and 3.x nodes cannot run in one cluster)");
            path.add("3.7.18");
        }
        int from = release.major() < 3 ? 8 : release.minor() + 1;
        for (int minor = from; minor <= 10; minor++) {
            path.add("3." + minor);
        }
        path.addAll(ALL.get(0).upgradePath());
        return path;
    }

    /** The series to pass through, in order, from this one to the newest (empty for the newest). */
    public List<String> upgradePath() {
        List<String> path = new ArrayList<>();
        for (ReleaseSeries s = this; s != null && s.upgradesTo != null; s = of(Release.parse(s.upgradesTo))) {
            path.add(s.upgradesTo);
        }
        return path;
    }
}
