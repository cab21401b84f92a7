package dev.rabbittune.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that runs programs from the OS packages (Chromium, Prometheus and promtool, gzip/zstd/lz4/zip, python3,
 * openssl), which {@code scripts/test} installs when missing. Tagged {@value #TAG}: {@code scripts/test --unit}, which
 * installs nothing, leaves it out.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(NeedsTools.TAG)
public @interface NeedsTools {
    String TAG = "tools";
}
