package dev.rabbittune.report;

/** Builds HTML text with every value escaped; markup comes only from this project's own literals. */
final class Html {

    private final StringBuilder text = new StringBuilder(64 * 1024);

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Appends trusted markup. */
    Html raw(String markup) {
        text.append(markup);
        return this;
    }

    /** Appends {@code <tag>escaped value</tag>}; {@code tag} may carry attributes ({@code "td class=x"}). */
    Html element(String tag, String value) {
        String name = tag.contains(" ") ? tag.substring(0, tag.indexOf(' ')) : tag;
        text.append('<').append(tag).append('>').append(escape(value)).append("</").append(name).append('>');
        return this;
    }

    Html text(String value) {
        text.append(escape(value));
        return this;
    }

    /** A link that opens documentation; only http(s) targets, anything else becomes plain text. */
    Html link(String href, String label) {
        if (href != null && (href.startsWith("https://") || href.startsWith("http://"))) {
            text.append("<a href=\"").append(escape(href)).append("\" rel=\"noreferrer\">").append(escape(label))
                    .append("</a>");
        } else {
            text(label);
        }
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
