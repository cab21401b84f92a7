package dev.rabbittune.core;

import java.util.regex.Pattern;

/** Masks credentials in any text that may reach a terminal, a log line, a report or a JSON file. */
public final class Secrets {

    // scheme://user:password@  ->  scheme://user:***@ ; the password may contain anything but '@' and whitespace.
    // A scheme starts only where no scheme character precedes it, and its run is matched possessively: without
    // both, a long run of letters and digits (a Base64 histogram in a result file) costs time quadratic in its length.
    private static final Pattern URI_PASSWORD = Pattern.compile(
            "(?<![a-zA-Z0-9+.-])([a-zA-Z][a-zA-Z0-9+.-]*+://[^:/@\\s]*):[^@\\s]*@");

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
