package dev.rabbittune.core;

import java.util.regex.Pattern;

/** Masks credentials in any text that may reach a terminal, a log line, a report or a JSON file. */
public final class Secrets {

    // ://user:password@  ->  ://user:***@ ; the password may contain anything but '@' and whitespace. Anchored on
    // "://", not on the scheme: whatever precedes the URI ("-amqp://", "1amqp://", "-Xamqp://") cannot hide it, and
    // a long run of letters and digits (a Base64 histogram in a result file) is scanned in linear time.
    private static final Pattern URI_PASSWORD = Pattern.compile("(://[^:/@\\s]*):[^@\\s]*@");

    private Secrets() {
    }

    /** Returns {@code text} with the password of every URI in it replaced by {@code ***}; null stays null. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        return URI_PASSWORD.matcher(text).replaceAll("$1:***@");
    }
}
