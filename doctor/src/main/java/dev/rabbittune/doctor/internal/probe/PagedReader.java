package dev.rabbittune.doctor.internal.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rabbittune.core.ManagementApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a list endpoint of the management API page by page ({@code page}, {@code page_size} at most 500) with a
 * {@code columns=} filter, so 10,000 queues arrive in 20 small replies instead of one huge one. Never asks the API
 * to sort (sorting answers 500 on some 3.13/4.0 releases).
 */
final class PagedReader {

    static final int PAGE_SIZE = 500;

    private final ManagementApi api;

    PagedReader(ManagementApi api) {
        this.api = api;
    }

    /** Every item of {@code path} (e.g. {@code /api/queues}), only {@code columns}; empty when the API has none. */
    List<JsonNode> readAll(String path, String columns) {
        List<JsonNode> items = new ArrayList<>();
        int page = 1;
        int pageCount = 1;
        while (page <= pageCount) {
            Optional<JsonNode> reply = api.get(path + "?page=" + page + "&page_size=" + PAGE_SIZE
                    + "&columns=" + columns);
            if (reply.isEmpty()) {
                return items;
            }
            reply.get().path("items").forEach(items::add);
            pageCount = reply.get().path("page_count").asInt(0);
            page++;
        }
        return items;
    }

    /** Every item of an endpoint that does not paginate, with a {@code columns=} filter. */
    List<JsonNode> readUnpaged(String path, String columns) {
        List<JsonNode> items = new ArrayList<>();
        String query = columns == null ? "" : "?columns=" + columns;
        api.get(path + query).ifPresent(reply -> reply.forEach(items::add));
        return items;
    }
}
