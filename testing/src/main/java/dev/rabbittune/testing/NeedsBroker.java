package dev.rabbittune.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test (class or method) that talks to the real local broker ({@code scripts/broker start}) or starts nodes of its
 * own. Tagged {@value #TAG}: {@code scripts/test --unit} leaves it out, {@code scripts/test} runs it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(NeedsBroker.TAG)
public @interface NeedsBroker {
    String TAG = "broker";
}
