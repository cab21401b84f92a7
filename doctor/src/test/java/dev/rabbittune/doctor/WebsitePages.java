package dev.rabbittune.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pages (and their anchors) of the RabbitMQ website as recorded in {@code rabbitmq-website-pages.txt}, so a
 * reference to a page that does not exist fails a test. Other sites' references (the kernel's documentation) are
 * taken as they are.
 */
final class WebsitePages {

    private static final Set<String> PAGES = load();

    private WebsitePages() {
    }

    static boolean exists(String url) {
        return !url.startsWith("https://www.rabbitmq.com/") || PAGES.contains(url);
    }

    private static Set<String> load() {
        try (InputStream in = WebsitePages.class.getResourceAsStream("/rabbitmq-website-pages.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
